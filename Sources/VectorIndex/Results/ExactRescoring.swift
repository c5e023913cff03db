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
  static func rescore(
    _ candidates: CandidatePool, query: UnsafePointer<Float>, dimension: Int, k: Int,
    workspace: SearchWorkspace, exact: ExactVectorLookup
  ) -> [Neighbor] {
    let vector = workspace.exactVector.reserve(dimension)
    let buffer = UnsafeMutableBufferPointer(start: vector, count: dimension)
    var results = TopK(capacity: 0)
    swap(&results, &workspace.results)
    defer { swap(&results, &workspace.results) }
    results.reset(capacity: k)
    for candidate in candidates.kept {
      guard exact(candidate.id, buffer) else { continue }
      results.insert(id: candidate.id, score: FloatKernels.dot(query, vector, count: dimension))
    }
    return results.sorted()
  }
}
