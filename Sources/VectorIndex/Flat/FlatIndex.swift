/// Exact inner-product search by scanning every float vector.
///
/// The index for small collections (below `IndexBuilder.flatThreshold`), the ground truth in
/// tests, and the reference the approximate indexes are measured against. A value type: an edit
/// produces a new value (arrays are copy-on-write), so a reader holding the old one is never
/// disturbed.
package struct FlatIndex: Sendable {
  package let dimension: Int
  package internal(set) var ids: ElementStorage<Int64>
  /// `count × dimension`, row-major, in the order of `ids`.
  package internal(set) var vectors: ElementStorage<Float>

  package init(dimension: Int) {
    self.dimension = dimension
    ids = ElementStorage()
    vectors = ElementStorage()
  }

  init(dimension: Int, ids: ElementStorage<Int64>, vectors: ElementStorage<Float>) {
    self.dimension = dimension
    self.ids = ids
    self.vectors = vectors
  }

  package var count: Int { ids.count }

  /// Bytes of vectors and ids (owned or mapped).
  package var memoryFootprint: Int { count * (dimension * 4 + 8) }

  /// Adds rows, replacing any row with the same id; `vectors` is row-major `ids.count × dimension`.
  package mutating func add(ids newIDs: [Int64], vectors values: [Float]) throws(VectorIndexError) {
    try BatchValidation.check(ids: newIDs, values: values, dimension: dimension)
    remove(ids: newIDs)
    let rows = BatchValidation.lastOccurrences(newIDs)
    ids.reserveCapacity(count + rows.count)
    vectors.reserveCapacity((count + rows.count) * dimension)
    values.withUnsafeBufferPointer { values in
      guard let base = values.baseAddress else { return }
      for row in rows {
        ids.append(newIDs[row])
        vectors.append(contentsOf: UnsafeBufferPointer(start: base + row * dimension, count: dimension))
      }
    }
  }

  /// Removes rows by id; returns how many were removed. O(count) per call, so batch removals.
  @discardableResult
  package mutating func remove(ids removed: some Sequence<Int64>) -> Int {
    guard let mask = BatchValidation.keepMask(ids, removing: Set(removed)) else { return 0 }
    ids.retainGroups(stride: 1) { mask[$0] }
    vectors.retainGroups(stride: dimension) { mask[$0] }
    return mask.lazy.filter { !$0 }.count
  }

  package func search(query: [Float], k: Int, filter: SearchFilter? = nil) throws(VectorIndexError) -> [Neighbor] {
    try query.withUnsafeBufferPointer { (query) throws(VectorIndexError) -> [Neighbor] in
      try search(query: query, k: k, filter: filter, workspace: SearchWorkspace())
    }
  }

  /// The `k` rows with the highest inner product, best first; `filter` is applied during the scan.
  package func search(
    query: UnsafeBufferPointer<Float>, k: Int, filter: SearchFilter? = nil, workspace: SearchWorkspace
  ) throws(VectorIndexError) -> [Neighbor] {
    guard query.count == dimension else { throw .dimensionMismatch(expected: dimension, actual: query.count) }
    guard k > 0, count > 0, let q = query.baseAddress else { return [] }
    let top = workspace.candidates
    top.reset(capacity: min(k, count))
    let block = 256
    let scores = workspace.codeFloatScores.reserve(block)
    ids.withUnsafeBufferPointer { ids in
      vectors.withUnsafeBufferPointer { vectors in
        guard let matrix = vectors.baseAddress else { return }
        var start = 0
        while start < ids.count {
          let rows = min(block, ids.count - start)
          FloatKernels.dot(
            query: q, rows: matrix + start * dimension, rowCount: rows, dimension: dimension, into: scores)
          for row in 0..<rows where scores[row] >= top.threshold {
            let id = ids[start + row]
            if let filter, !filter(id) { continue }
            top.insert(id: id, score: scores[row])
          }
          start += rows
        }
      }
    }
    return top.sorted()
  }
}
