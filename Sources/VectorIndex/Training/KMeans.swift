/// Centroids found by Lloyd's algorithm; the coarse quantizer of the IVF index and the codebooks
/// of the product quantizer.
///
/// Two variants: Euclidean (the mean of each cluster) and spherical (the mean renormalised to
/// unit length, with assignment by largest inner product), which is the right one for raw
/// L2-normalised embeddings. Assignment in the Euclidean case maximises `x·c − ‖c‖²/2`, the same
/// ranking as smallest distance, so both variants share the batched inner-product kernel.
package struct KMeans: Sendable {
  package struct Configuration: Sendable, Equatable {
    package var clusterCount: Int
    package var iterations: Int = 20
    /// Rows drawn for training; FAISS's rule of thumb is 39–256 per centroid.
    package var maximumTrainingRows: Int? = nil
    package var spherical: Bool = false
    package var seed: UInt64 = 0x5EED_1DEA

    package init(
      clusterCount: Int, iterations: Int = 20, maximumTrainingRows: Int? = nil, spherical: Bool = false,
      seed: UInt64 = 0x5EED_1DEA
    ) {
      self.clusterCount = clusterCount
      self.iterations = iterations
      self.maximumTrainingRows = maximumTrainingRows
      self.spherical = spherical
      self.seed = seed
    }
  }

  package let dimension: Int
  package let clusterCount: Int
  package let spherical: Bool
  /// `clusterCount × dimension`, row-major.
  package let centroids: [Float]
  /// `−‖c‖²/2` per centroid (0 for spherical): added to `x·c` to rank by distance.
  package let assignmentBias: [Float]

  package init(dimension: Int, centroids: [Float], spherical: Bool) {
    self.dimension = dimension
    self.clusterCount = dimension > 0 ? centroids.count / dimension : 0
    self.spherical = spherical
    self.centroids = centroids
    self.assignmentBias = KMeans.bias(centroids: centroids, dimension: dimension, spherical: spherical)
  }

  static func bias(centroids: [Float], dimension: Int, spherical: Bool) -> [Float] {
    let count = dimension > 0 ? centroids.count / dimension : 0
    guard !spherical else { return [Float](repeating: 0, count: count) }
    return centroids.withUnsafeBufferPointer { c in
      (0..<count).map { row in
        guard let base = c.baseAddress else { return 0 }
        let p = base + row * dimension
        return -0.5 * FloatKernels.dot(p, p, count: dimension)
      }
    }
  }

  /// The nearest centroid of `vector` and its assignment score (`x·c − ‖c‖²/2`, or `x·c`).
  /// `scratch` must hold `clusterCount` floats.
  package func nearest(_ vector: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) -> (
    index: Int, score: Float
  ) {
    centroids.withUnsafeBufferPointer { c in
      assignmentBias.withUnsafeBufferPointer { bias in
        guard let rows = c.baseAddress else { return (0, 0) }
        FloatKernels.dot(query: vector, rows: rows, rowCount: clusterCount, dimension: dimension, into: scratch)
        var best = 0
        var bestScore = -Float.infinity
        for cluster in 0..<clusterCount {
          let score = scratch[cluster] + bias[cluster]
          if score > bestScore {
            bestScore = score
            best = cluster
          }
        }
        return (best, bestScore)
      }
    }
  }

  /// Nearest centroid of every row of `vectors` (row-major, `dimension` wide).
  package func assign(_ vectors: UnsafeBufferPointer<Float>) -> [Int32] {
    let rows = dimension > 0 ? vectors.count / dimension : 0
    var result = [Int32](repeating: 0, count: rows)
    guard let base = vectors.baseAddress else { return result }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(clusterCount, 1)) { scratch in
      guard let scratch = scratch.baseAddress else { return }
      for row in 0..<rows {
        result[row] = Int32(nearest(base + row * dimension, scratch: scratch).index)
      }
    }
    return result
  }
}
