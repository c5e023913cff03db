/// Looks up the exact float vector of `id`, writing `dimension` floats into the buffer.
/// Returns false when the id is unknown (for example removed since the index was built).
package typealias ExactVectorLookup = (Int64, UnsafeMutableBufferPointer<Float>) -> Bool

/// Decides whether a candidate may be returned; evaluated during the scan, only for candidates
/// good enough to enter the result heap.
package typealias SearchFilter = (Int64) -> Bool

/// Second stage of every approximate search: re-rank the best `k × refineFactor` candidates by
/// their exact inner product with the query.
///
/// Compressed codes decide which vectors are worth looking at; the exact vectors (read through
/// the caller's tiered cache, outside the index) decide the order. This is what lets the codes be
/// small. Candidates the lookup cannot find are dropped rather than returned with a stale score.
enum ExactRescoring {
  /// Rescores the pool's kept candidates and returns the best `k`, best first.
  ///
  /// All candidate vectors are fetched first into one scratch matrix and scored afterwards with
  /// the batched kernel. Fetching is a string of independent cache-missing copies; with no
  /// arithmetic between them the processor overlaps their misses, where fetch-then-score in turn
  /// waited for each vector (on 10k real vectors the copies were ~30% of a query).
  static func rescore(
    _ candidates: CandidatePool, query: UnsafePointer<Float>, dimension: Int, k: Int,
    workspace: SearchWorkspace, exact: ExactVectorLookup
  ) -> [Neighbor] {
    let kept = candidates.kept
    // Batches bound the scratch (256 vectors) whatever k × refine a caller asks for.
    let batch = min(kept.count, 256)
    let matrix = workspace.exactVector.reserve(max(batch, 1) * dimension)
    let ids = workspace.exactIDs.reserve(max(batch, 1))
    let scores = workspace.exactScores.reserve(max(batch, 1))
    var results = TopK(capacity: 0)
    swap(&results, &workspace.results)
    defer { swap(&results, &workspace.results) }
    results.reset(capacity: min(k, kept.count))
    var next = 0
    while next < kept.count {
      var fetched = 0
      while fetched < batch && next < kept.count {
        let candidate = kept[next]
        next += 1
        let row = UnsafeMutableBufferPointer(start: matrix + fetched * dimension, count: dimension)
        guard exact(candidate.id, row) else { continue }
        ids[fetched] = candidate.id
        fetched += 1
      }
      FloatKernels.dot(query: query, rows: matrix, rowCount: fetched, dimension: dimension, into: scores)
      for row in 0..<fetched { results.insert(id: ids[row], score: scores[row]) }
    }
    return results.sorted()
  }
}
