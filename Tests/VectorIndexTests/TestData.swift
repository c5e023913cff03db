@testable import VectorIndex

/// Seeded data shared by the tests.
enum TestData {
  static func gaussian(_ count: Int, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in rng.nextGaussian() }
  }

  /// Unit vectors around `clusters` random centres: `x = normalise(w ⊙ (centre + spread · noise))`.
  ///
  /// `w[i] = 1 / (1 + 4i/d)²` gives the decaying spectrum of real embeddings (most variance in
  /// the first dimensions), which is what PCA relies on; with a flat spectrum every dimension
  /// matters equally and no projection could keep the ranking.
  static func clustered(count: Int, dimension: Int, clusters: Int, spread: Float = 0.35, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    let weights = (0..<dimension).map { index -> Float in
      let base = 1 + 4 * Float(index) / Float(dimension)
      return 1 / (base * base)
    }
    var centres = (0..<(clusters * dimension)).map { _ in rng.nextGaussian() }
    normaliseRows(&centres, dimension: dimension)
    var values = [Float](repeating: 0, count: count * dimension)
    for row in 0..<count {
      let centre = rng.nextIndex(below: clusters)
      for index in 0..<dimension {
        values[row * dimension + index] =
          weights[index]
          * (centres[centre * dimension + index] + spread * rng.nextGaussian() / Float(dimension).squareRoot())
      }
    }
    normaliseRows(&values, dimension: dimension)
    return values
  }

  static func normaliseRows(_ values: inout [Float], dimension: Int) {
    for row in 0..<(values.count / dimension) {
      var norm: Float = 0
      for index in 0..<dimension { norm += values[row * dimension + index] * values[row * dimension + index] }
      let scale = norm > 0 ? 1 / norm.squareRoot() : 0
      for index in 0..<dimension { values[row * dimension + index] *= scale }
    }
  }

  static func row(_ values: [Float], _ row: Int, dimension: Int) -> [Float] {
    Array(values[(row * dimension)..<((row + 1) * dimension)])
  }

  /// Exact top-k ids by inner product, by a plain loop (the reference every index is held to).
  static func bruteForce(_ query: [Float], _ values: [Float], dimension: Int, k: Int) -> [Int64] {
    var scored: [(Int64, Float)] = []
    for row in 0..<(values.count / dimension) {
      var score: Float = 0
      for index in 0..<dimension { score += query[index] * values[row * dimension + index] }
      scored.append((Int64(row), score))
    }
    scored.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    return scored.prefix(k).map(\.0)
  }

  /// |found top-k ∩ true top-k| / k averaged over queries.
  static func recall(_ found: [[Int64]], _ truth: [[Int64]], k: Int) -> Double {
    var sum = 0.0
    for (f, t) in zip(found, truth) { sum += Double(Set(f.prefix(k)).intersection(t.prefix(k)).count) / Double(k) }
    return sum / Double(found.count)
  }

  /// An exact-vector lookup over an in-memory row-major matrix whose ids are row numbers.
  static func exactLookup(_ values: [Float], dimension: Int) -> ExactVectorLookup {
    { id, buffer in
      let row = Int(id)
      guard row >= 0, (row + 1) * dimension <= values.count else { return false }
      for index in 0..<dimension { buffer[index] = values[row * dimension + index] }
      return true
    }
  }
}
