extension KMeans {
  /// Trains on (a sample of) `vectors`, row-major with `dimension` columns.
  ///
  /// k-means++ seeding, then Lloyd iterations until `iterations` or until no assignment changes.
  /// An emptied cluster takes over half of the largest one (its centroid copied and both nudged
  /// apart), the usual repair that keeps every list in use.
  package static func train(
    vectors: UnsafeBufferPointer<Float>, dimension: Int, configuration: Configuration
  ) throws(VectorIndexError) -> KMeans {
    let k = configuration.clusterCount
    guard dimension > 0 else { throw .invalidParameter("dimension must be positive") }
    guard k > 0 else { throw .invalidParameter("cluster count must be positive") }
    guard configuration.iterations >= 0 else { throw .invalidParameter("iterations must be ≥ 0") }
    let available = vectors.count / dimension
    guard available >= k else { throw .notEnoughTrainingVectors(required: k, available: available) }

    let limit = configuration.maximumTrainingRows ?? max(k * 64, 1)
    let rows = TrainingSample.rows(count: available, limit: max(limit, k), seed: configuration.seed)
    let sample = TrainingSample.gather(rows: rows, from: vectors, dimension: dimension)
    var centroids = seedPlusPlus(sample, dimension: dimension, k: k, seed: configuration.seed &+ 1)
    if configuration.spherical { normaliseRows(&centroids, dimension: dimension) }

    var assignment = [Int32](repeating: -1, count: rows.count)
    for _ in 0..<configuration.iterations {
      let model = KMeans(dimension: dimension, centroids: centroids, spherical: configuration.spherical)
      let next = sample.withUnsafeBufferPointer { model.assign($0) }
      if next == assignment { break }
      assignment = next
      centroids = updatedCentroids(sample, assignment: assignment, dimension: dimension, k: k)
      if configuration.spherical { normaliseRows(&centroids, dimension: dimension) }
    }
    return KMeans(dimension: dimension, centroids: centroids, spherical: configuration.spherical)
  }

  /// Arthur and Vassilvitskii's D² seeding: each next centre is drawn with probability
  /// proportional to its squared distance from the nearest centre chosen so far. Seeding runs on
  /// at most 16 rows per centre; it only has to spread the centres, and it is sequential in k.
  static func seedPlusPlus(_ sample: [Float], dimension: Int, k: Int, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    let count = sample.count / dimension
    let candidates = TrainingSample.rows(count: count, limit: max(16 * k, k), seed: seed &+ 7)
    var centroids = [Float](repeating: 0, count: k * dimension)
    sample.withUnsafeBufferPointer { data in
      centroids.withUnsafeMutableBufferPointer { output in
        guard let base = data.baseAddress, let out = output.baseAddress else { return }
        var distances = [Float](repeating: .infinity, count: candidates.count)
        var chosen = candidates[rng.nextIndex(below: candidates.count)]
        for centre in 0..<k {
          (out + centre * dimension).update(from: base + chosen * dimension, count: dimension)
          guard centre + 1 < k else { break }
          var total = 0.0
          let newest = out + centre * dimension
          for (position, row) in candidates.enumerated() {
            let d = FloatKernels.squaredDistance(base + row * dimension, newest, count: dimension)
            if d < distances[position] { distances[position] = d }
            total += Double(distances[position])
          }
          // All remaining candidates coincide with a centre: any row will do.
          guard total > 0 else {
            chosen = candidates[rng.nextIndex(below: candidates.count)]
            continue
          }
          var target = rng.nextUnit() * total
          var pick = candidates.count - 1
          for position in candidates.indices {
            target -= Double(distances[position])
            if target < 0 {
              pick = position
              break
            }
          }
          chosen = candidates[pick]
        }
      }
    }
    return centroids
  }

  /// Cluster means; empty clusters are refilled by splitting the largest one.
  static func updatedCentroids(
    _ sample: [Float], assignment: [Int32], dimension: Int, k: Int
  ) -> [Float] {
    var sums = [Float](repeating: 0, count: k * dimension)
    var counts = [Int](repeating: 0, count: k)
    sample.withUnsafeBufferPointer { data in
      sums.withUnsafeMutableBufferPointer { sums in
        guard let base = data.baseAddress, let target = sums.baseAddress else { return }
        for (row, cluster) in assignment.enumerated() {
          let c = Int(cluster)
          counts[c] += 1
          FloatKernels.addScaled(base + row * dimension, scale: 1, into: target + c * dimension, count: dimension)
        }
      }
    }
    for cluster in 0..<k {
      let scale = counts[cluster] > 0 ? 1 / Float(counts[cluster]) : 0
      for index in 0..<dimension { sums[cluster * dimension + index] *= scale }
    }
    for cluster in 0..<k where counts[cluster] == 0 {
      guard let largest = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[largest] > 1 else { continue }
      // Copy the largest centroid with a symmetric nudge; each now takes about half its rows.
      for index in 0..<dimension {
        let value = sums[largest * dimension + index]
        let nudge: Float = (index % 2 == 0 ? 1 : -1) * 1e-4 * max(abs(value), 1e-3)
        sums[cluster * dimension + index] = value + nudge
        sums[largest * dimension + index] = value - nudge
      }
      counts[cluster] = counts[largest] / 2
      counts[largest] -= counts[cluster]
    }
    return sums
  }

  static func normaliseRows(_ matrix: inout [Float], dimension: Int) {
    let rows = matrix.count / dimension
    for row in 0..<rows {
      var norm: Float = 0
      for index in 0..<dimension { norm += matrix[row * dimension + index] * matrix[row * dimension + index] }
      guard norm > 0 else { continue }
      let scale = 1 / norm.squareRoot()
      for index in 0..<dimension { matrix[row * dimension + index] *= scale }
    }
  }
}
