import Testing

@testable import NeuralInference

/// Batch planning: every input lands in exactly one batch, longest first, within the token
/// budget (a longer input alone in its batch).
@Suite struct PackedBatchTests {
  private func check(
    lengths: [Int], maxTokens: Int, expectedBatches: [[Int]],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let sequences = lengths.enumerated().map { index, length in
      [Int32](repeating: Int32(index), count: length)
    }
    let batches = PackedBatch.plan(sequences, maxTokens: maxTokens)
    #expect(batches.map(\.sourceIndices) == expectedBatches, sourceLocation: sourceLocation)
    for batch in batches {
      #expect(batch.offsets.count == batch.sequenceCount + 1, sourceLocation: sourceLocation)
      #expect(batch.offsets.last == batch.tokenCount, sourceLocation: sourceLocation)
      #expect(
        batch.tokenCount <= maxTokens || batch.sequenceCount == 1, sourceLocation: sourceLocation)
      for (position, source) in batch.sourceIndices.enumerated() {
        let ids = batch.tokenIDs[batch.offsets[position]..<batch.offsets[position + 1]]
        #expect(Array(ids) == sequences[source], sourceLocation: sourceLocation)
      }
    }
  }

  @Test func packsLongestFirstWithinTheBudget() {
    check(lengths: [3, 10, 5, 10, 2], maxTokens: 16, expectedBatches: [[1], [3, 2], [0, 4]])
  }

  @Test func oversizedInputGetsABatchOfItsOwn() {
    check(lengths: [4, 40, 4], maxTokens: 8, expectedBatches: [[1], [0, 2]])
  }

  @Test func emptyInputPlansNothing() {
    check(lengths: [], maxTokens: 8, expectedBatches: [])
  }
}
