/// Scratch memory for searches, reused from one query to the next.
///
/// A query needs a handful of buffers (projected query, list scores, integer query, per-list
/// scores, an exact vector, candidate heaps) whose sizes depend only on the index. Keeping them
/// here makes a search allocation-free apart from its result array. Buffers only grow.
///
/// - Important: not thread-safe; give each thread (or task) its own workspace.
package final class SearchWorkspace {
  let queryFloats = ScratchBuffer<Float>()
  let listScores = ScratchBuffer<Float>()
  let query16 = ScratchBuffer<Int16>()
  let codeScores = ScratchBuffer<Int32>()
  let codeFloatScores = ScratchBuffer<Float>()
  let exactVector = ScratchBuffer<Float>()
  let exactIDs = ScratchBuffer<Int64>()
  let exactScores = ScratchBuffer<Float>()
  let table = ScratchBuffer<Float>()
  let probeScratch = ScratchBuffer<Float>()
  let candidates = CandidatePool()
  let probes = CandidatePool()
  let shortlist = CandidatePool()
  var results = TopK(capacity: 0)

  package init() {}
}

/// A growable, uninitialised-on-growth heap buffer of trivial elements.
final class ScratchBuffer<Element: BitwiseCopyable> {
  private(set) var pointer: UnsafeMutablePointer<Element>
  private(set) var capacity: Int

  init() {
    capacity = 16
    pointer = .allocate(capacity: capacity)
  }

  /// At least `count` elements; earlier contents are not kept when it grows.
  @inline(__always)
  func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
    if count > capacity { grow(to: count) }
    return pointer
  }

  private func grow(to count: Int) {
    pointer.deallocate()
    capacity = max(count, capacity * 2)
    pointer = .allocate(capacity: capacity)
  }

  deinit {
    pointer.deallocate()
  }
}
