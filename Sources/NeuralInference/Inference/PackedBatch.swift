/// Sequences laid end to end, with no padding, for one forward pass.
///
/// Packing is how inputs of different lengths share the matrix products without padding
/// waste: the dense layers see one `tokens × hidden` matrix, and attention runs per sequence
/// over exactly its own keys, which is what BERT's attention mask achieves for padded input
/// (masked keys get zero weight) without computing the masked entries at all.
struct PackedBatch: Equatable {
  /// The token ids of all sequences, concatenated.
  var tokenIDs: [Int32] = []
  /// Where each sequence starts in `tokenIDs`, plus its end as the last element.
  var offsets: [Int] = [0]
  /// The position of each sequence in the caller's input, where its vector goes.
  var sourceIndices: [Int] = []

  var sequenceCount: Int { sourceIndices.count }
  var tokenCount: Int { tokenIDs.count }

  mutating func append(_ ids: [Int32], source: Int) {
    tokenIDs.append(contentsOf: ids)
    offsets.append(tokenIDs.count)
    sourceIndices.append(source)
  }

  /// Groups `sequences` into batches of at most `maxTokens` tokens (a longer sequence gets a
  /// batch of its own), longest first: similar lengths end up together, and handing the long
  /// batches out first keeps workers finishing at about the same time.
  static func plan(_ sequences: [[Int32]], maxTokens: Int) -> [PackedBatch] {
    let order = sequences.indices.sorted { a, b in
      let (lengthA, lengthB) = (sequences[a].count, sequences[b].count)
      return lengthA != lengthB ? lengthA > lengthB : a < b
    }
    var batches: [PackedBatch] = []
    var current = PackedBatch()
    for index in order {
      let ids = sequences[index]
      if current.sequenceCount > 0, current.tokenCount + ids.count > maxTokens {
        batches.append(current)
        current = PackedBatch()
      }
      current.append(ids, source: index)
    }
    if current.sequenceCount > 0 { batches.append(current) }
    return batches
  }
}
