/// Exhaustive search over 8-bit codes with one scale per vector ("Flat,SQ8").
///
/// A quarter of the memory of `FlatIndex` and an integer scan (`vpmaddwd`); scores carry the
/// quantisation error (~1% of a score's magnitude), so pair it with exact rescoring when order
/// among near-ties matters.
package struct FlatInt8Index: Sendable {
  package let dimension: Int
  package internal(set) var ids: ElementStorage<Int64>
  /// `count × dimension` codes, row-major.
  package internal(set) var codes: ElementStorage<Int8>
  package internal(set) var scales: ElementStorage<Float>

  package init(dimension: Int) {
    self.dimension = dimension
    ids = ElementStorage()
    codes = ElementStorage()
    scales = ElementStorage()
  }

  init(dimension: Int, ids: ElementStorage<Int64>, codes: ElementStorage<Int8>, scales: ElementStorage<Float>) {
    self.dimension = dimension
    self.ids = ids
    self.codes = codes
    self.scales = scales
  }

  package var count: Int { ids.count }
  package var memoryFootprint: Int { count * (dimension + 4 + 8) }

  package mutating func add(ids newIDs: [Int64], vectors values: [Float]) throws(VectorIndexError) {
    try BatchValidation.check(ids: newIDs, values: values, dimension: dimension)
    remove(ids: newIDs)
    let rows = BatchValidation.lastOccurrences(newIDs)
    ids.reserveCapacity(count + rows.count)
    codes.reserveCapacity((count + rows.count) * dimension)
    scales.reserveCapacity(count + rows.count)
    var code = [Int8](repeating: 0, count: dimension)
    values.withUnsafeBufferPointer { values in
      code.withUnsafeMutableBufferPointer { code in
        guard let base = values.baseAddress, let out = code.baseAddress else { return }
        for row in rows {
          let scale = PerVectorQuantizer.encode(base + row * dimension, dimension: dimension, into: out)
          ids.append(newIDs[row])
          codes.append(contentsOf: UnsafeBufferPointer(code))
          scales.append(scale)
        }
      }
    }
  }

  @discardableResult
  package mutating func remove(ids removed: some Sequence<Int64>) -> Int {
    guard let mask = BatchValidation.keepMask(ids, removing: Set(removed)) else { return 0 }
    ids.retainGroups(stride: 1) { mask[$0] }
    codes.retainGroups(stride: dimension) { mask[$0] }
    scales.retainGroups(stride: 1) { mask[$0] }
    return mask.lazy.filter { !$0 }.count
  }

  /// Best `k` by approximate inner product, or — when `exact` is given and `refineFactor > 1` —
  /// the best `k` by exact inner product among the best `k × refineFactor` approximate ones.
  package func search(
    query: UnsafeBufferPointer<Float>, k: Int, refineFactor: Int = 1, filter: SearchFilter? = nil,
    exact: ExactVectorLookup? = nil, workspace: SearchWorkspace
  ) throws(VectorIndexError) -> [Neighbor] {
    guard query.count == dimension else { throw .dimensionMismatch(expected: dimension, actual: query.count) }
    guard k > 0, count > 0, let q = query.baseAddress else { return [] }
    let refining = exact != nil && refineFactor > 1
    let candidates = workspace.candidates
    candidates.reset(capacity: SearchLimits.candidateCount(k: k, refineFactor: refining ? refineFactor : 1) { count })

    let query16 = workspace.query16.reserve(dimension)
    let queryScale = PerVectorQuantizer.prepareQuery(q, dimension: dimension, into: query16)
    let block = 256
    let scores = workspace.codeScores.reserve(block)
    ids.withUnsafeBufferPointer { ids in
      codes.withUnsafeBufferPointer { codes in
        scales.withUnsafeBufferPointer { scales in
          guard let matrix = codes.baseAddress else { return }
          var start = 0
          while start < ids.count {
            let rows = min(block, ids.count - start)
            Int8Kernels.dot(
              query: query16, codes: matrix + start * dimension, codeCount: rows, dimension: dimension, into: scores)
            for row in 0..<rows {
              let score = queryScale * scales[start + row] * Float(scores[row])
              guard score >= candidates.threshold else { continue }
              let id = ids[start + row]
              if let filter, !filter(id) { continue }
              candidates.insert(id: id, score: score)
            }
            start += rows
          }
        }
      }
    }
    guard refining, let exact else { return candidates.sorted() }
    return ExactRescoring.rescore(candidates, query: q, dimension: dimension, k: k, workspace: workspace, exact: exact)
  }
}
