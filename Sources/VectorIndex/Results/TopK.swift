/// A bounded min-heap keeping the best `capacity` neighbours seen so far.
///
/// The root is the worst kept neighbour, so a candidate is compared once against `threshold` and
/// most are rejected without touching the heap. Order is `Neighbor.ranksAbove`: ties in score go
/// to the smaller id, which makes the kept set independent of insertion order. NaN scores are
/// ignored (they would otherwise sit at the root forever, since nothing compares below them).
package struct TopK: Sendable {
  package private(set) var capacity: Int
  private var heap: [Neighbor] = []

  package init(capacity: Int) {
    self.capacity = max(capacity, 0)
    heap.reserveCapacity(self.capacity)
  }

  package var count: Int { heap.count }
  package var isFull: Bool { heap.count >= capacity }

  /// The score a candidate must reach to be considered: −∞ until the heap is full, then the
  /// worst kept score (a candidate equal to it can still enter with a smaller id).
  @inline(__always)
  package var threshold: Float {
    heap.count < capacity ? -.infinity : (heap.first?.score ?? .infinity)
  }

  /// Empties the heap and sets a new capacity, keeping the allocated storage for reuse.
  package mutating func reset(capacity: Int) {
    self.capacity = max(capacity, 0)
    heap.removeAll(keepingCapacity: true)
    heap.reserveCapacity(self.capacity)
  }

  package mutating func insert(id: Int64, score: Float) {
    guard !score.isNaN, capacity > 0 else { return }
    let candidate = Neighbor(id: id, score: score)
    if heap.count < capacity {
      heap.append(candidate)
      siftUp(from: heap.count - 1)
    } else if candidate.ranksAbove(heap[0]) {
      heap[0] = candidate
      siftDown(from: 0)
    }
  }

  /// The kept neighbours, best first.
  package func sorted() -> [Neighbor] {
    heap.sorted { $0.ranksAbove($1) }
  }

  /// Calls `body` for every kept neighbour in heap order (no sorting, no allocation).
  package func forEach(_ body: (Neighbor) throws -> Void) rethrows {
    for neighbor in heap { try body(neighbor) }
  }

  // Both sifts work on the buffer directly: one uniqueness check per call instead of one per
  // element write.
  private mutating func siftUp(from start: Int) {
    heap.withUnsafeMutableBufferPointer { heap in
      var child = start
      let moving = heap[child]
      while child > 0 {
        let parent = (child - 1) / 2
        guard heap[parent].ranksAbove(moving) else { break }
        heap[child] = heap[parent]
        child = parent
      }
      heap[child] = moving
    }
  }

  private mutating func siftDown(from start: Int) {
    heap.withUnsafeMutableBufferPointer { heap in
      var parent = start
      let moving = heap[parent]
      let count = heap.count
      while true {
        let left = 2 * parent + 1
        guard left < count else { break }
        var worse = left
        let right = left + 1
        if right < count && heap[left].ranksAbove(heap[right]) { worse = right }
        guard moving.ranksAbove(heap[worse]) else { break }
        heap[parent] = heap[worse]
        parent = worse
      }
      heap[parent] = moving
    }
  }
}
