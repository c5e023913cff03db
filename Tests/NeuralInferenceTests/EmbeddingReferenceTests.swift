import Foundation
import Testing

@testable import NeuralInference

/// Sentence vectors against the fp32 reference (same weights, PyTorch-style forward pass,
/// mean pooling, L2 normalization), under every threading option.
@Suite struct EmbeddingReferenceTests {
  private static let minimumCosine = 0.9999

  private func check(
    _ model: MiniLMModel, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let cases = try Reference.cases()
    #expect(cases.count == 16)
    let vectors = try model.embed(cases.map(\.text))
    #expect(vectors.count == cases.count)
    for (reference, vector) in zip(cases, vectors) {
      #expect(vector.count == 384)
      let similarity = cosine(vector, reference.embedding)
      #expect(
        similarity >= Self.minimumCosine,
        "cosine \(similarity) for \(reference.text.prefix(40).debugDescription)",
        sourceLocation: sourceLocation)
    }
  }

  @Test func matchesReferenceWithDefaultOptions() throws {
    try check(try TestModel.require())
  }

  @Test(arguments: [
    InferenceOptions(threads: 1),
    InferenceOptions(threads: 2, parallelism: .acrossBatches, maxBatchTokens: 64),
    InferenceOptions(threads: 2, parallelism: .insideMatrixProducts),
  ])
  func matchesReferenceWithOptions(_ options: InferenceOptions) throws {
    try check(try TestModel.require(options: options))
  }

  @Test func vectorsHaveUnitLength() throws {
    let vectors = try TestModel.require().embed([
      "a", "", "func f() {}", String(repeating: "x ", count: 500),
    ])
    for vector in vectors {
      let norm = vector.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
      #expect(abs(norm - 1) < 1e-5)
    }
  }

  /// Packing and bucketing must not leak between inputs: a text's vector is the same alone
  /// and amid others of different lengths, in any order.
  @Test func batchingDoesNotChangeVectors() throws {
    let model = try TestModel.require()
    let texts = try Reference.cases().map(\.text)
    let together = try model.embed(texts)
    let reversed = try model.embed(texts.reversed())
    for (index, text) in texts.enumerated() {
      let alone = try model.embed([text])[0]
      #expect(cosine(alone, together[index]) > 0.999_999)
      #expect(cosine(reversed[texts.count - 1 - index], together[index]) > 0.999_999)
    }
  }

  @Test func emptyInputGivesNoVectors() throws {
    #expect(try TestModel.require().embed([]).isEmpty)
  }

  @Test func cancelledTaskStopsEmbedding() async throws {
    let model = try TestModel.require()
    let task = Task {
      while !Task.isCancelled { await Task.yield() }
      return try model.embed(["one", "two"])
    }
    task.cancel()
    let result = await task.result
    #expect(throws: CancellationError.self) { try result.get() }
  }
}
