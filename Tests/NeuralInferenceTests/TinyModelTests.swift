import Foundation
import Testing

@testable import NeuralInference

/// The whole pipeline on a miniature model with random weights, against the plain scalar
/// reference encoder: independent of the installed model, and with widths (32, 64, 8-wide
/// heads) that exercise the kernels' scalar tails.
@Suite struct TinyModelTests {
  private static let texts = [
    "the quick brown fox.", "fox", "", "zzz qqq, the!", "a b c d e f g h i j k l m n o p q r s",
    "[MASK] the [SEP] fox", "unknown ü words €",
  ]

  private func check(
    _ options: InferenceOptions, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let tiny = TinyModel()
    try withTemporaryDirectory { directory in
      try tiny.write(to: directory)
      let model = try MiniLMModel(directory: directory, options: options)
      #expect(model.configuration.maxSequenceLength == TinyModel.maxSequenceLength)
      let vectors = try model.embed(Self.texts)
      let reference = ReferenceEncoder(model: tiny)
      for (text, vector) in zip(Self.texts, vectors) {
        let ids = model.tokenizer.encode(text)
        #expect(ids.count <= TinyModel.maxSequenceLength)
        let expected = reference.embedding(of: ids)
        let worst = zip(vector, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(
          worst < 2e-5, "max deviation \(worst) for \(text.debugDescription)",
          sourceLocation: sourceLocation)
      }
    }
  }

  @Test(arguments: [
    InferenceOptions(threads: 1),
    InferenceOptions(threads: 2, parallelism: .acrossBatches, maxBatchTokens: 16),
    InferenceOptions(threads: 2, parallelism: .insideMatrixProducts),
  ])
  func matchesScalarReference(_ options: InferenceOptions) throws {
    try check(options)
  }
}
