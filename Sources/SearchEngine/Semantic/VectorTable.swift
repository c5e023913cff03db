/// Chunk vectors of one folder in memory, searched by exact inner product.
///
/// An immutable value: edits build a new table (copy-on-write arrays), so a query holding the
/// old one is never disturbed. Vectors are L2-normalised, so inner product is cosine.
struct VectorTable: Sendable {
  let dimension: Int
  private(set) var rowIDs: [Int64] = []
  private(set) var values: [Float] = []
  private var positions: [Int64: Int] = [:]

  init(dimension: Int) {
    self.dimension = dimension
  }

  var count: Int { rowIDs.count }

  /// Adds or replaces vectors; vectors of the wrong dimension are ignored.
  mutating func upsert(_ rows: [(rowID: Int64, vector: [Float])]) {
    for (rowID, vector) in rows where vector.count == dimension {
      if let position = positions[rowID] {
        values.replaceSubrange(position * dimension..<(position + 1) * dimension, with: vector)
      } else {
        positions[rowID] = rowIDs.count
        rowIDs.append(rowID)
        values.append(contentsOf: vector)
      }
    }
  }

  mutating func reserve(_ count: Int) {
    rowIDs.reserveCapacity(count)
    values.reserveCapacity(count * dimension)
    positions.reserveCapacity(count)
  }

  /// Adds a vector known not to be in the table yet (loading from the store).
  mutating func append(_ rowID: Int64, _ vector: UnsafeBufferPointer<Float>) {
    guard vector.count == dimension, positions[rowID] == nil else { return upsert([(rowID, Array(vector))]) }
    positions[rowID] = rowIDs.count
    rowIDs.append(rowID)
    values.append(contentsOf: vector)
  }

  /// Removes vectors by moving the last one into each hole: O(1) per removal.
  mutating func remove(_ removed: some Sequence<Int64>) {
    for rowID in removed {
      guard let position = positions.removeValue(forKey: rowID) else { continue }
      let last = rowIDs.count - 1
      if position != last {
        let moved = rowIDs[last]
        rowIDs[position] = moved
        positions[moved] = position
        values.replaceSubrange(position * dimension..<(position + 1) * dimension, with: values[last * dimension..<(last + 1) * dimension])
      }
      rowIDs.removeLast()
      values.removeLast(dimension)
    }
  }

  /// The `k` rows with the highest inner product with `query`, best first, among the rows
  /// `allowed` holds (all when `nil`): the filter is applied during the scan.
  func search(_ query: [Float], k: Int, allowed: Set<Int64>? = nil) -> [(rowID: Int64, score: Float)] {
    guard query.count == dimension, k > 0, !rowIDs.isEmpty else { return [] }
    var heap = TopK(capacity: k)
    values.withUnsafeBufferPointer { matrix in
      query.withUnsafeBufferPointer { q in
        for row in 0..<rowIDs.count {
          if let allowed, !allowed.contains(rowIDs[row]) { continue }
          let score = VectorTable.dot(q, matrix, offset: row * dimension, count: dimension)
          heap.insert(score: score, index: row)
        }
      }
    }
    return heap.sorted().map { (rowIDs[$0.index], $0.score) }
  }

  @inline(__always)
  static func dot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>, offset: Int, count: Int) -> Float {
    var sum = SIMD8<Float>()
    var index = 0
    while index + 8 <= count {
      let left = SIMD8<Float>(a[index..<index + 8])
      let right = SIMD8<Float>(b[offset + index..<offset + index + 8])
      sum = sum.addingProduct(left, right)  // fused multiply-add
      index += 8
    }
    var total = sum.sum()
    while index < count {
      total += a[index] * b[offset + index]
      index += 1
    }
    return total
  }
}

/// A bounded min-heap keeping the best `capacity` scores.
struct TopK {
  let capacity: Int
  private var heap: [(score: Float, index: Int)] = []

  init(capacity: Int) {
    self.capacity = capacity
    heap.reserveCapacity(capacity)
  }

  mutating func insert(score: Float, index: Int) {
    if heap.count < capacity {
      heap.append((score, index))
      siftUp(heap.count - 1)
    } else if let worst = heap.first, score > worst.score {
      heap[0] = (score, index)
      siftDown(0)
    }
  }

  func sorted() -> [(score: Float, index: Int)] {
    heap.sorted { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
  }

  private mutating func siftUp(_ start: Int) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child].score < heap[parent].score else { return }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func siftDown(_ start: Int) {
    var parent = start
    while true {
      let left = parent * 2 + 1
      let right = left + 1
      var smallest = parent
      if left < heap.count && heap[left].score < heap[smallest].score { smallest = left }
      if right < heap.count && heap[right].score < heap[smallest].score { smallest = right }
      if smallest == parent { return }
      heap.swapAt(parent, smallest)
      parent = smallest
    }
  }
}
