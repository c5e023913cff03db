/// Collects the best `capacity` neighbours of a scan by buffering and occasional selection.
///
/// A binary heap pays a data-dependent branch at every level of every insertion, and in a scan
/// those branches are unpredictable: measured ~60 ns per insertion into a heap of 100. The pool
/// instead appends every candidate that reaches `threshold` to a buffer of `capacity + max(capacity, 64)`; when
/// the buffer fills, a quickselect keeps the best `capacity` and raises `threshold` to the worst
/// of them. Appends are branch-light and selections amortise to O(1) per candidate.
///
/// Order is `Neighbor.ranksAbove` (score, then smaller id), a total order, so the kept set does
/// not depend on the order candidates arrive in.
///
/// - Important: scratch for one search at a time; lives in a `SearchWorkspace`.
final class CandidatePool {
  private var storage: UnsafeMutablePointer<Neighbor>
  private var storageCapacity: Int
  private(set) var count = 0
  private(set) var capacity = 0
  /// Candidates scoring below this cannot be among the best `capacity`.
  private(set) var threshold: Float = -.infinity

  init() {
    storageCapacity = 64
    storage = .allocate(capacity: storageCapacity)
  }

  deinit {
    storage.deallocate()
  }

  /// Buffer size that triggers a selection: at least 64 free slots, so small pools (k × refine
  /// is often 20–50) do not select every few inserts.
  private var limit: Int { capacity + max(capacity, 64) }

  func reset(capacity: Int) {
    self.capacity = max(capacity, 0)
    count = 0
    threshold = self.capacity > 0 ? -.infinity : .infinity
    let needed = limit + 1
    if needed > storageCapacity {
      storage.deallocate()
      storageCapacity = needed
      storage = .allocate(capacity: storageCapacity)
    }
  }

  /// Adds a candidate; callers skip those below `threshold` before calling (that test is the
  /// hot path and belongs in the scan loop).
  @inline(__always)
  func insert(id: Int64, score: Float) {
    guard !score.isNaN else { return }
    (storage + count).initialize(to: Neighbor(id: id, score: score))
    count += 1
    if count >= limit { compact() }
  }

  /// Keeps only the best `capacity`, raising the threshold once the pool is full.
  func compact() {
    guard count > capacity else { return }
    Self.select(storage, count: count, keeping: capacity)
    count = capacity
    if capacity > 0 {
      var worst = storage[0]
      for index in 1..<capacity where worst.ranksAbove(storage[index]) { worst = storage[index] }
      threshold = worst.score
    }
  }

  /// The kept candidates in no particular order (after `compact`).
  var kept: UnsafeBufferPointer<Neighbor> {
    compact()
    return UnsafeBufferPointer(start: storage, count: count)
  }

  /// The kept candidates, best first.
  func sorted() -> [Neighbor] {
    kept.sorted { $0.ranksAbove($1) }
  }

  /// Rearranges `elements[0..<count]` so the best `keeping` come first (Hoare quickselect,
  /// median-of-three pivots, iterative).
  static func select(_ elements: UnsafeMutablePointer<Neighbor>, count: Int, keeping: Int) {
    guard keeping > 0, keeping < count else { return }
    var low = 0
    var high = count - 1
    let target = keeping - 1
    while high > low {
      let middle = low + (high - low) / 2
      // Median of three, moved to `middle`.
      if elements[middle].ranksAbove(elements[low]) { swapAt(elements, middle, low) }
      if elements[high].ranksAbove(elements[low]) { swapAt(elements, high, low) }
      if elements[high].ranksAbove(elements[middle]) { swapAt(elements, high, middle) }
      let pivot = elements[middle]
      var i = low
      var j = high
      while i <= j {
        while elements[i].ranksAbove(pivot) { i += 1 }
        while pivot.ranksAbove(elements[j]) { j -= 1 }
        if i <= j {
          swapAt(elements, i, j)
          i += 1
          j -= 1
        }
      }
      if target <= j {
        high = j
      } else if target >= i {
        low = i
      } else {
        return
      }
    }
  }

  @inline(__always)
  private static func swapAt(_ elements: UnsafeMutablePointer<Neighbor>, _ a: Int, _ b: Int) {
    let temporary = elements[a]
    elements[a] = elements[b]
    elements[b] = temporary
  }
}
