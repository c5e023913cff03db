extension IVFIndex {
  /// Trains PCA, coarse centroids and the residual quantizer on a sample of `vectors`
  /// (row-major, `dimension` wide) and returns an empty index; `add` fills it.
  ///
  /// Without PCA the coarse k-means is spherical (centroids renormalised), matching unit-length
  /// embeddings; in PCA space vectors are centred and no longer unit length, so it is Euclidean.
  package static func train(
    vectors: [Float], dimension: Int, configuration: IVFConfiguration
  ) throws(VectorIndexError) -> IVFIndex {
    guard dimension > 0 else { throw .invalidParameter("dimension must be positive") }
    guard vectors.count % dimension == 0 else {
      throw .countMismatch(ids: vectors.count / dimension, values: vectors.count, dimension: dimension)
    }
    guard configuration.listCount > 0 else { throw .invalidParameter("IVF list count must be positive") }
    let available = vectors.count / dimension
    let rows = TrainingSample.rows(
      count: available, limit: configuration.effectiveTrainingRows, seed: configuration.seed)
    let sample = vectors.withUnsafeBufferPointer { TrainingSample.gather(rows: rows, from: $0, dimension: dimension) }

    var transform: PCATransform?
    if let reduced = configuration.reducedDimension, reduced != dimension {
      transform = try sample.withUnsafeBufferPointer { (buffer) throws(VectorIndexError) -> PCATransform in
        try PCATransform.train(
          vectors: buffer, dimension: dimension, outputDimension: reduced, seed: configuration.seed &+ 1)
      }
    }
    let projected = project(sample, rows: rows.count, dimension: dimension, transform: transform)
    let reduced = transform?.outputDimension ?? dimension

    let kmeans = KMeans.Configuration(
      clusterCount: configuration.listCount, iterations: configuration.kmeansIterations,
      maximumTrainingRows: rows.count, spherical: transform == nil, seed: configuration.seed &+ 2)
    let coarse = try projected.withUnsafeBufferPointer { (buffer) throws(VectorIndexError) -> KMeans in
      try KMeans.train(vectors: buffer, dimension: reduced, configuration: kmeans)
    }

    // Residuals of the training rows, and the coarse error they start from.
    var residuals = projected
    var errorSum = 0.0
    projected.withUnsafeBufferPointer { projected in
      residuals.withUnsafeMutableBufferPointer { residuals in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: coarse.clusterCount) { scratch in
          guard let y = projected.baseAddress, let r = residuals.baseAddress, let scratch = scratch.baseAddress else {
            return
          }
          for row in 0..<rows.count {
            let point = y + row * reduced
            let cell = coarse.nearest(point, scratch: scratch).index
            coarse.centroids.withUnsafeBufferPointer { centroids in
              guard let c = centroids.baseAddress else { return }
              for index in 0..<reduced { r[row * reduced + index] = point[index] - c[cell * reduced + index] }
            }
            errorSum += Double(FloatKernels.dot(r + row * reduced, r + row * reduced, count: reduced))
          }
        }
      }
    }
    errorSum += truncationError(
      sample, projected: projected, rows: rows.count, dimension: dimension, transform: transform)

    let encoding: IVFEncoding
    switch configuration.encoding {
    case .scalar8:
      encoding = .scalar8(
        try residuals.withUnsafeBufferPointer { (buffer) throws(VectorIndexError) -> ScalarQuantizer in
          try ScalarQuantizer.train(vectors: buffer, dimension: reduced)
        })
    case .scalar4:
      encoding = .scalar4(
        try residuals.withUnsafeBufferPointer { (buffer) throws(VectorIndexError) -> ScalarQuantizer4 in
          try ScalarQuantizer4.train(vectors: buffer, dimension: reduced)
        })
    case .product(let m):
      encoding = .product(
        try residuals.withUnsafeBufferPointer { (buffer) throws(VectorIndexError) -> ProductQuantizer in
          try ProductQuantizer.train(
            vectors: buffer, dimension: reduced, subquantizers: m, seed: configuration.seed &+ 3)
        })
    }
    let drift = DriftStatistics(
      trainingCount: rows.count, trainingMeanError: Float(errorSum / Double(max(rows.count, 1))))
    return IVFIndex(
      dimension: dimension, transform: transform, coarse: coarse, encoding: encoding,
      lists: Array(repeating: InvertedList(), count: coarse.clusterCount), drift: drift)
  }

  /// Rows through the PCA projection (or unchanged without one).
  static func project(_ sample: [Float], rows: Int, dimension: Int, transform: PCATransform?) -> [Float] {
    guard let transform else { return sample }
    let reduced = transform.outputDimension
    var output = [Float](repeating: 0, count: rows * reduced)
    var centred = [Float](repeating: 0, count: dimension)
    sample.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { output in
        centred.withUnsafeMutableBufferPointer { centred in
          guard let x = input.baseAddress, let y = output.baseAddress, let c = centred.baseAddress else { return }
          for row in 0..<rows { transform.project(x + row * dimension, into: y + row * reduced, centred: c) }
        }
      }
    }
    return output
  }

  /// Σ over rows of the energy PCA drops: `‖x − μ‖² − ‖y‖²` (0 without PCA).
  static func truncationError(
    _ sample: [Float], projected: [Float], rows: Int, dimension: Int, transform: PCATransform?
  ) -> Double {
    guard let transform else { return 0 }
    let reduced = transform.outputDimension
    var total = 0.0
    for row in 0..<rows {
      var full: Float = 0
      for index in 0..<dimension {
        let d = sample[row * dimension + index] - transform.mean[index]
        full += d * d
      }
      var kept: Float = 0
      for index in 0..<reduced { kept += projected[row * reduced + index] * projected[row * reduced + index] }
      total += Double(max(full - kept, 0))
    }
    return total
  }
}
