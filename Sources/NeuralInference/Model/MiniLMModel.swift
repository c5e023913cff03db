import Foundation

/// all-MiniLM-L6-v2 (or any BERT encoder with mean pooling laid out the same way), loaded from
/// a directory with `config.json`, `vocab.txt` and `model.safetensors`, ready to turn text into
/// unit-length sentence vectors.
///
/// Immutable after loading and safe to share between threads; the weights stay memory-mapped.
package final class MiniLMModel: Sendable {
  package static let weightsFile = "model.safetensors"
  package static let vocabularyFile = "vocab.txt"
  package static let configurationFile = "config.json"
  package static let sentenceConfigurationFile = "sentence_bert_config.json"

  package let directory: URL
  package let configuration: BertConfiguration
  package let tokenizer: WordPieceTokenizer
  package let options: InferenceOptions
  let encoder: BertEncoder
  let workspaces: WorkspacePool

  /// The length of every vector `embed` returns.
  package var dimension: Int { configuration.hiddenSize }

  /// Loads the model in `directory`.
  ///
  /// - Parameter verifyWeights: when given, the weights file's SHA-256 must match before any
  ///   of it is parsed; a mismatch throws `.checksumMismatch`.
  /// - Throws: one `ModelLoadingError` naming the file and the problem.
  package init(
    directory: URL,
    options: InferenceOptions = InferenceOptions(
      threads: ProcessInfo.processInfo.activeProcessorCount),
    verifyWeights: WeightsVerification? = nil
  ) throws(ModelLoadingError) {
    let configURL = directory.appendingPathComponent(Self.configurationFile)
    let vocabularyURL = directory.appendingPathComponent(Self.vocabularyFile)
    let weightsURL = directory.appendingPathComponent(Self.weightsFile)
    for url in [configURL, vocabularyURL, weightsURL]
    where !FileManager.default.fileExists(atPath: url.path) {
      throw .missingFile(file: url.path)
    }
    let configuration = try BertConfiguration(
      configFile: configURL,
      sentenceConfigFile: directory.appendingPathComponent(Self.sentenceConfigurationFile))
    let vocabulary = try WordPieceVocabulary(contentsOf: vocabularyURL)
    guard vocabulary.count == configuration.vocabularySize else {
      throw .invalidVocabulary(
        file: vocabularyURL.path,
        reason:
          "\(vocabulary.count) tokens but config.json says vocab_size \(configuration.vocabularySize)"
      )
    }
    let tokenizer = try WordPieceTokenizer(
      vocabulary: vocabulary, maxSequenceLength: configuration.maxSequenceLength)

    let weights = try Self.loadWeights(
      weightsURL, configuration: configuration, verify: verifyWeights)

    self.directory = directory
    self.configuration = configuration
    self.tokenizer = tokenizer
    self.options = options
    encoder = BertEncoder(configuration: configuration, weights: weights)
    workspaces = WorkspacePool(
      configuration: configuration,
      tokenCapacity: max(options.maxBatchTokens, configuration.maxSequenceLength))
  }

  /// Maps the weights, checks their checksum when asked to, then validates and arranges them.
  private static func loadWeights(
    _ url: URL, configuration: BertConfiguration, verify: WeightsVerification?
  ) throws(ModelLoadingError) -> BertWeights {
    let mapping: MappedFile
    do {
      mapping = try MappedFile(path: url.path)
    } catch {
      throw .invalidWeights(error)
    }
    if let verify {
      let actual = verify.sha256(mapping.bytes).lowercased()
      guard actual == verify.expectedSHA256.lowercased() else {
        throw .checksumMismatch(file: url.path, expected: verify.expectedSHA256, actual: actual)
      }
    }
    do {
      let file = try SafeTensorsFile(mapping: mapping, path: url.path)
      return try BertWeights(file: file, configuration: configuration)
    } catch {
      throw .invalidWeights(error)
    }
  }

  /// Where the model is looked for when no directory is given: `$SEXTANT_MODEL_DIR`, else
  /// `${XDG_CACHE_HOME:-$HOME/.cache}/sextant/models/all-MiniLM-L6-v2`, which is where
  /// `scripts/install-model.sh` puts it by default.
  package static func defaultDirectory(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL {
    if let explicit = environment["SEXTANT_MODEL_DIR"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit, isDirectory: true)
    }
    let cache: URL
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
      cache = URL(fileURLWithPath: xdg, isDirectory: true)
    } else {
      let home = environment["HOME"] ?? NSHomeDirectory()
      cache = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache")
    }
    return cache.appendingPathComponent("sextant/models/all-MiniLM-L6-v2", isDirectory: true)
  }
}
