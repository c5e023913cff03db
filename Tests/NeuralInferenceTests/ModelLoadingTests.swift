import Foundation
import Testing

@testable import NeuralInference

/// Loading a model directory: each missing or corrupt file gives one `ModelLoadingError` that
/// names the file, and the optional checksum is checked before the weights are used.
@Suite struct ModelLoadingTests {
  /// Writes the tiny model, lets `damage` break it and loads it: the error and the directory
  /// it was in, or nil (with a recorded issue) if the model loaded anyway. Every message must
  /// name a file inside the directory.
  private func loadingError(
    verify: WeightsVerification? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    afterDamaging damage: (URL) throws -> Void
  ) throws -> (error: ModelLoadingError, directory: URL)? {
    try withTemporaryDirectory { directory in
      try TinyModel().write(to: directory)
      try damage(directory)
      do throws(ModelLoadingError) {
        _ = try MiniLMModel(directory: directory, verifyWeights: verify)
        Issue.record("the damaged model loaded", sourceLocation: sourceLocation)
        return nil
      } catch {
        #expect(
          error.errorDescription?.contains(directory.path) == true, sourceLocation: sourceLocation)
        return (error, directory)
      }
    }
  }

  private func file(_ directory: URL, _ name: String) -> URL {
    directory.appendingPathComponent(name)
  }

  @Test func missingFilesAreNamed() throws {
    for name in ["config.json", "vocab.txt", "model.safetensors"] {
      let failure = try loadingError { try FileManager.default.removeItem(at: file($0, name)) }
      #expect(failure.map { $0.error == .missingFile(file: file($0.directory, name).path) } == true)
    }
  }

  @Test func missingDirectoryNamesTheFirstFileLookedFor() throws {
    let directory = URL(fileURLWithPath: "/nonexistent/sextant-model")
    let expected = ModelLoadingError.missingFile(
      file: directory.appendingPathComponent("config.json").path)
    #expect(throws: expected) { try MiniLMModel(directory: directory) }
  }

  @Test(arguments: [4, 100, 5_000])
  func truncatedWeightsAreReported(keptBytes: Int) throws {
    let failure = try loadingError { directory in
      let url = file(directory, "model.safetensors")
      try Data(try Data(contentsOf: url).prefix(keptBytes)).write(to: url)
    }
    guard case .invalidWeights(let underlying)? = failure?.error else {
      Issue.record("expected invalidWeights, got \(String(describing: failure?.error))")
      return
    }
    switch underlying.problem {
    case .tooShort, .badHeaderLength, .offsetsOutOfRange: break
    default: Issue.record("unexpected \(underlying.problem)")
    }
  }

  @Test func missingTensorIsNamed() throws {
    let name = "encoder.layer.1.intermediate.dense.bias"
    let failure = try loadingError { try TinyModel().write(to: $0, omitting: [name]) }
    let expected = failure.map {
      ModelLoadingError.invalidWeights(
        SafeTensorsError(
          file: file($0.directory, "model.safetensors").path, problem: .missingTensor(name: name)))
    }
    #expect(failure?.error == expected)
  }

  @Test func weightsOfTheWrongShapeAreReported() throws {
    let failure = try loadingError { directory in
      let config = TinyModel.configJSON(["intermediate_size": "48"])
      try Data(config.utf8).write(to: file(directory, "config.json"))
    }
    guard case .invalidWeights(let underlying)? = failure?.error,
      case .wrongShape = underlying.problem
    else {
      Issue.record("expected a wrong shape, got \(String(describing: failure?.error))")
      return
    }
  }

  @Test(arguments: [
    TinyModel.configJSON(["hidden_act": "\"relu\""]),
    TinyModel.configJSON(["num_attention_heads": "5"]),
    TinyModel.configJSON(["hidden_size": "\"wide\""]),
    "{not json",
  ])
  func unsupportedOrInconsistentConfigurationIsReported(config: String) throws {
    let failure = try loadingError { try Data(config.utf8).write(to: file($0, "config.json")) }
    guard case .invalidConfiguration(let path, _)? = failure?.error, let failure else {
      Issue.record("expected invalidConfiguration, got \(String(describing: failure?.error))")
      return
    }
    #expect(path == file(failure.directory, "config.json").path)
  }

  @Test func vocabularyMustMatchTheConfiguration() throws {
    let failure = try loadingError { directory in
      try Data("[PAD]\n[UNK]\n".utf8).write(to: file(directory, "vocab.txt"))
    }
    guard case .invalidVocabulary(let path, _)? = failure?.error, let failure else {
      Issue.record("expected invalidVocabulary, got \(String(describing: failure?.error))")
      return
    }
    #expect(path == file(failure.directory, "vocab.txt").path)
  }

  @Test func vocabularyMustHoldTheSpecialTokens() throws {
    let failure = try loadingError { directory in
      let tokens = TinyModel.vocabulary.map { $0 == "[UNK]" ? "[unk]" : $0 }
      try Data(tokens.joined(separator: "\n").utf8).write(to: file(directory, "vocab.txt"))
    }
    let expected = failure.map {
      ModelLoadingError.invalidVocabulary(
        file: file($0.directory, "vocab.txt").path, reason: "the special token [UNK] is missing")
    }
    #expect(failure?.error == expected)
  }

  @Test func checksumMismatchStopsLoading() throws {
    let verify = WeightsVerification(expectedSHA256: "00ff") { _ in "ABCD" }
    let failure = try loadingError(verify: verify) { _ in }
    let expected = failure.map {
      ModelLoadingError.checksumMismatch(
        file: file($0.directory, "model.safetensors").path, expected: "00ff", actual: "abcd")
    }
    #expect(failure?.error == expected)
  }

  @Test func checksumSeesTheWholeFileAndMatchingLoads() throws {
    try withTemporaryDirectory { directory in
      try TinyModel().write(to: directory)
      let size = try Data(contentsOf: file(directory, "model.safetensors")).count
      let verify = WeightsVerification(expectedSHA256: "CAFE") { bytes in
        bytes.count == size ? "cafe" : "wrong size \(bytes.count)"
      }
      let model = try MiniLMModel(directory: directory, verifyWeights: verify)
      #expect(model.dimension == TinyModel.hidden)
    }
  }

  @Test func defaultDirectoryFollowsEnvironment() {
    let explicit = ["SEXTANT_MODEL_DIR": "/m", "HOME": "/h"]
    #expect(MiniLMModel.defaultDirectory(environment: explicit).path == "/m")
    let xdg = ["XDG_CACHE_HOME": "/x", "HOME": "/h"]
    #expect(
      MiniLMModel.defaultDirectory(environment: xdg).path == "/x/sextant/models/all-MiniLM-L6-v2")
    #expect(
      MiniLMModel.defaultDirectory(environment: ["HOME": "/h"]).path
        == "/h/.cache/sextant/models/all-MiniLM-L6-v2")
  }
}
