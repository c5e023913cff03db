import Foundation
import VectorCodecs
import VectorIndex
import VectorStore

/// Everything a user can set, in one place: the server, the command line and `.sextant.json`
/// all fill this one type. Each layer overrides the one before it:
///
///   built-in defaults ← `.sextant.json` at the workspace root ← `initializationOptions` ←
///   `workspace/configuration` (section `sextant`; read again on
///   `workspace/didChangeConfiguration`)
///
/// and on the command line: built-in defaults ← `.sextant.json` ← flags. A key nobody knows
/// or a value of the wrong type gives a warning naming the key and what it expects, and the
/// value from the layer below stays. ``SettingKey/all`` is the table of keys; the README's
/// table is checked against it.
package struct Settings: Codable, Sendable, Equatable {
  /// `local` (all-MiniLM-L6-v2 in process), a remote provider (`openai`, `ollama`, `bedrock`,
  /// `gemini`, described by the `provider…` settings), `hashing` (a deterministic test
  /// embedder) or `none`.
  package var model = "local"
  /// Where the local model's files are (default: `$SEXTANT_MODEL_DIR`, else the user cache).
  package var modelDir: String?
  /// Where the index lives (default: the user cache, keyed by workspace path).
  package var indexDir: String?
  /// Extra `.gitignore`-syntax lines, as if they opened the root `.sextantignore`.
  package var ignore: [String] = []
  /// `.gitignore`-syntax patterns of files to index although they commonly hold secrets.
  package var allowSecretFiles: [String] = []
  /// Files larger than this are not indexed.
  package var maxFileBytes = 1 << 20
  /// The most `workspace/symbol` results.
  package var symbolLimit = 100
  /// Results of `sextant/search` and `sextant/findSimilar` when a request names no limit.
  package var searchLimit = 20
  /// Bytes of decoded vectors the L1 cache tier may hold.
  package var vectorCacheL1Bytes = CacheBudgets.default.decodedBytes
  /// Bytes of compressed blocks the L2 cache tier may hold.
  package var vectorCacheL2Bytes = CacheBudgets.default.compressedBytes
  /// The codec new vector segments are written with.
  package var vectorCodec = VectorCodec.fp32.tag
  /// The nearest-neighbour index (`Flat`, `IVF1024,SQ8,Refine`, …; default: chosen by size).
  package var indexSpec: String?
  /// Milliseconds of quiet typing before an edited document's text is indexed again.
  package var reindexDelayMs = 400
  /// Whether the server indexes the workspace when it starts.
  package var indexOnStartup = true
  /// The cosine `sextant/duplicates` links chunks at when a request names none.
  package var duplicatesMinScore = DuplicatesQuery.defaultMinScore
  /// The remote provider's model, dimension and how to reach it (`model` names the provider).
  package var providerModel: String?
  package var providerDimension = 0
  package var providerEndpoint: String?
  package var providerKeyVariable: String?
  package var providerApiVersion: String?
  package var providerRegion: String?
  package var providerNormalize = true
  package var providerTimeoutMs = 60_000
  /// 0: the provider's documented limit.
  package var providerMaxBatchItems = 0
  package var providerMaxBatchTokens = 0
  /// Titan's standard tier by default.
  package var providerRequestsPerSecond = 10.0
  package var providerTokensPerMinute = 40_000
  package var providerConcurrency = 4
  /// 0: no cost estimate.
  package var providerPricePer1kTokens = 0.0
  /// How long `sextant index` waits for a provider that is down before giving up (the
  /// server waits until it answers).
  package var providerMaxPauseSeconds = 300

  package init() {}

  /// Every key, unset ones as `null`, so that what is in force reads in full.
  package func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(model, forKey: .model)
    try container.encode(modelDir, forKey: .modelDir)
    try container.encode(indexDir, forKey: .indexDir)
    try container.encode(ignore, forKey: .ignore)
    try container.encode(allowSecretFiles, forKey: .allowSecretFiles)
    try container.encode(maxFileBytes, forKey: .maxFileBytes)
    try container.encode(symbolLimit, forKey: .symbolLimit)
    try container.encode(searchLimit, forKey: .searchLimit)
    try container.encode(vectorCacheL1Bytes, forKey: .vectorCacheL1Bytes)
    try container.encode(vectorCacheL2Bytes, forKey: .vectorCacheL2Bytes)
    try container.encode(vectorCodec, forKey: .vectorCodec)
    try container.encode(indexSpec, forKey: .indexSpec)
    try container.encode(reindexDelayMs, forKey: .reindexDelayMs)
    try container.encode(indexOnStartup, forKey: .indexOnStartup)
    try container.encode(duplicatesMinScore, forKey: .duplicatesMinScore)
    try container.encode(providerModel, forKey: .providerModel)
    try container.encode(providerDimension, forKey: .providerDimension)
    try container.encode(providerEndpoint, forKey: .providerEndpoint)
    try container.encode(providerKeyVariable, forKey: .providerKeyVariable)
    try container.encode(providerApiVersion, forKey: .providerApiVersion)
    try container.encode(providerRegion, forKey: .providerRegion)
    try container.encode(providerNormalize, forKey: .providerNormalize)
    try container.encode(providerTimeoutMs, forKey: .providerTimeoutMs)
    try container.encode(providerMaxBatchItems, forKey: .providerMaxBatchItems)
    try container.encode(providerMaxBatchTokens, forKey: .providerMaxBatchTokens)
    try container.encode(providerRequestsPerSecond, forKey: .providerRequestsPerSecond)
    try container.encode(providerTokensPerMinute, forKey: .providerTokensPerMinute)
    try container.encode(providerConcurrency, forKey: .providerConcurrency)
    try container.encode(providerPricePer1kTokens, forKey: .providerPricePer1kTokens)
    try container.encode(providerMaxPauseSeconds, forKey: .providerMaxPauseSeconds)
  }

  /// The name of the per-workspace settings file.
  package static let fileName = ".sextant.json"

  /// Applies one layer (a JSON object) over these settings. `source` names the layer in
  /// warnings (`.sextant.json`, `initializationOptions`, …).
  package mutating func apply(_ layer: [String: SettingValue], source: String, warnings: inout [String]) {
    for key in layer.keys.sorted() {
      guard let setting = SettingKey.named[key] else {
        warnings.append("\(source): unknown setting \"\(key)\"; known: \(SettingKey.all.map(\.name).joined(separator: ", "))")
        continue
      }
      if let value = layer[key], let problem = setting.apply(value, &self) {
        warnings.append("\(source): \"\(key)\" \(problem); keeping \(setting.describe(self))")
      }
    }
  }

  /// Reads `.sextant.json` at a workspace root, if there is one: the layer and a warning when
  /// it is not a JSON object.
  package static func fileLayer(root: URL, warnings: inout [String]) -> [String: SettingValue]? {
    let url = root.appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
    guard let value = try? JSONDecoder().decode(SettingValue.self, from: data) else {
      warnings.append("\(url.path): not valid JSON; ignored")
      return nil
    }
    guard case .object(let object) = value else {
      warnings.append("\(url.path): not a JSON object; ignored")
      return nil
    }
    return object
  }

  /// The settings of a set of workspace roots: defaults, then each root's `.sextant.json` in
  /// order (the first root that sets a key decides it; another that disagrees is warned about).
  package static func fromFiles(roots: [URL], warnings: inout [String]) -> Settings {
    var settings = Settings()
    var decided: [String: String] = [:]
    for root in roots {
      guard let layer = fileLayer(root: root, warnings: &warnings) else { continue }
      let source = root.appendingPathComponent(fileName).path
      var fresh: [String: SettingValue] = [:]
      for (key, value) in layer {
        if let owner = decided[key] {
          var probe = settings
          var ignored: [String] = []
          probe.apply([key: value], source: source, warnings: &ignored)
          if probe != settings {
            warnings.append("\(source): \"\(key)\" differs from \(owner), which decides it for the whole workspace")
          }
        } else {
          fresh[key] = value
        }
      }
      for key in fresh.keys.sorted() {
        guard let value = fresh[key] else { continue }
        var problems: [String] = []
        settings.apply([key: value], source: source, warnings: &problems)
        warnings += problems
        // A value this file got wrong decides nothing: another folder's may still apply.
        if problems.isEmpty { decided[key] = source }
      }
    }
    return settings
  }

  /// The engine's configuration from these settings (the model is built by the caller).
  package func engineConfiguration() -> EngineConfiguration {
    var configuration = EngineConfiguration()
    configuration.indexDirectory = indexDir.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
    configuration.scan.maxFileBytes = maxFileBytes
    configuration.scan.extraIgnorePatterns = ignore
    configuration.scan.allowedSecretPatterns = allowSecretFiles
    configuration.symbolLimit = symbolLimit
    configuration.vectorCodec = VectorCodec(tag: vectorCodec) ?? .fp32
    configuration.vectorCacheBudgets = CacheBudgets(decodedBytes: vectorCacheL1Bytes, compressedBytes: vectorCacheL2Bytes)
    configuration.semanticIndex.spec = indexSpec.flatMap { try? IndexSpec(parsing: $0) }
    return configuration
  }

  /// Whether two settings build the same engine (the rest only changes how requests are served).
  package func sameEngine(as other: Settings) -> Bool {
    SettingKey.all.filter(\.needsNewEngine).allSatisfy { $0.describe(self) == $0.describe(other) }
  }
}
