import Foundation
import Testing

@testable import NeuralInference

/// The installed model, loaded once per test process. Tests that need it fail (never skip)
/// when it is missing, with the command that installs it.
enum TestModel {
  static let directory = MiniLMModel.defaultDirectory()

  static let loaded = Result { () throws(ModelLoadingError) -> MiniLMModel in
    try MiniLMModel(directory: directory, options: InferenceOptions(threads: 2))
  }

  /// The shared model, or a recorded failure that says how to install it.
  static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> MiniLMModel {
    switch loaded {
    case .success(let model):
      return model
    case .failure(let error):
      Issue.record(
        """
        all-MiniLM-L6-v2 is not usable at \(directory.path): \(error.localizedDescription)
        Run scripts/install-model.sh (or set SEXTANT_MODEL_DIR to a directory it filled).
        """, sourceLocation: sourceLocation)
      throw error
    }
  }

  /// A model over the same files with other threading options (loading is cheap: mmap).
  static func require(options: InferenceOptions) throws -> MiniLMModel {
    _ = try require()
    return try MiniLMModel(directory: directory, options: options)
  }
}

/// The reference cases in shared/data/minilm-reference.json (token ids and fp32 embeddings
/// computed with the same weights), found beside the repository: `shared/` sits next to the
/// package root.
enum Reference {
  struct Case: Decodable, Sendable {
    var text: String
    var tokenIDs: [Int32]
    var embedding: [Float]

    enum CodingKeys: String, CodingKey {
      case text
      case tokenIDs = "token_ids"
      case embedding
    }
  }

  private struct File: Decodable {
    var cases: [Case]
  }

  static let url = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // NeuralInferenceTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("../shared/data/minilm-reference.json").standardizedFileURL

  static func cases() throws -> [Case] {
    let data = try #require(
      try? Data(contentsOf: url), "reference cases not found at \(url.path)")
    return try JSONDecoder().decode(File.self, from: data).cases
  }
}

/// JSON fixtures bundled with the tests.
enum Fixture {
  static func decode<T: Decodable>(_ type: T.Type, named name: String) throws -> T {
    let url = try #require(
      Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
      "fixture \(name).json is missing from the test bundle")
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
  }
}

/// Cosine similarity in Double, for comparing embeddings with the reference.
func cosine(_ a: [Float], _ b: [Float]) -> Double {
  var dot = 0.0
  var normA = 0.0
  var normB = 0.0
  for (x, y) in zip(a, b) {
    dot += Double(x) * Double(y)
    normA += Double(x) * Double(x)
    normB += Double(y) * Double(y)
  }
  return dot / (normA.squareRoot() * normB.squareRoot())
}
