/// Picks the rows training runs on.
///
/// Training cost grows with the number of rows while the quality of centroids and quantizer ranges
/// saturates after a few dozen rows per centroid, so every trainer draws a bounded sample. The
/// draw is a seeded partial Fisher–Yates shuffle: without replacement, reproducible, and
/// returned in ascending row order so reading the rows walks memory forwards.
package enum TrainingSample {
  package static func rows(count: Int, limit: Int, seed: UInt64) -> [Int] {
    guard count > limit, limit > 0 else { return Array(0..<max(count, 0)) }
    var rng = SplitMix64(seed: seed)
    var indices = Array(0..<count)
    for position in 0..<limit {
      let pick = position + rng.nextIndex(below: count - position)
      indices.swapAt(position, pick)
    }
    return indices[0..<limit].sorted()
  }

  /// Copies the chosen rows of a row-major matrix into a new contiguous matrix.
  package static func gather(
    rows: [Int], from values: UnsafeBufferPointer<Float>, dimension: Int
  ) -> [Float] {
    var sample = [Float](repeating: 0, count: rows.count * dimension)
    sample.withUnsafeMutableBufferPointer { target in
      guard let destination = target.baseAddress, let source = values.baseAddress else { return }
      for (position, row) in rows.enumerated() {
        (destination + position * dimension).update(from: source + row * dimension, count: dimension)
      }
    }
    return sample
  }
}
