/// Projection onto the leading principal axes of the training data.
///
/// Used before the IVF scan so each code covers fewer dimensions: MiniLM embeddings of code keep
/// ~89% of their variance in 128 of 384 dimensions, and the exact rescoring step repairs what the
/// truncation loses. Vectors are centred first (`y = P(x − μ)`); queries are not, because for
/// inner products `q·x ≈ q·μ + (Pq)·y` and the first term is the same for every candidate.
package struct PCATransform: Sendable, Equatable {
  package let inputDimension: Int
  package let outputDimension: Int
  package let mean: [Float]
  /// `outputDimension × inputDimension`, row-major; rows are orthonormal principal axes in order
  /// of decreasing variance.
  package let components: [Float]

  package init(inputDimension: Int, outputDimension: Int, mean: [Float], components: [Float]) {
    self.inputDimension = inputDimension
    self.outputDimension = outputDimension
    self.mean = mean
    self.components = components
  }

  /// `y = P(x − μ)`. `centred` is scratch of `inputDimension` floats.
  package func project(
    _ vector: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, centred: UnsafeMutablePointer<Float>
  ) {
    mean.withUnsafeBufferPointer { mean in
      guard let mean = mean.baseAddress else { return }
      for index in 0..<inputDimension { centred[index] = vector[index] - mean[index] }
    }
    projectDirection(UnsafePointer(centred), into: output)
  }

  /// `y = Px`, without centring: the form for queries.
  package func projectDirection(_ vector: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
    components.withUnsafeBufferPointer { rows in
      guard let rows = rows.baseAddress else { return }
      FloatKernels.dot(query: vector, rows: rows, rowCount: outputDimension, dimension: inputDimension, into: output)
    }
  }

  /// `μ·q`, the part of every candidate's score that the projection leaves out.
  package func meanScore(_ query: UnsafePointer<Float>) -> Float {
    mean.withUnsafeBufferPointer { mean in
      guard let mean = mean.baseAddress else { return 0 }
      return FloatKernels.dot(mean, query, count: inputDimension)
    }
  }
}

extension PCATransform {
  /// Fits the mean and the top `outputDimension` axes on at most `maximumTrainingRows` rows.
  package static func train(
    vectors: UnsafeBufferPointer<Float>, dimension: Int, outputDimension: Int,
    maximumTrainingRows: Int = 20_000, seed: UInt64 = 0x9CA
  ) throws(VectorIndexError) -> PCATransform {
    guard dimension > 0 else { throw .invalidParameter("dimension must be positive") }
    guard outputDimension > 0, outputDimension <= dimension else {
      throw .invalidParameter("PCA output dimension must be in 1...\(dimension), got \(outputDimension)")
    }
    let available = vectors.count / dimension
    guard available >= 2 else { throw .notEnoughTrainingVectors(required: 2, available: available) }
    let rows = TrainingSample.rows(count: available, limit: maximumTrainingRows, seed: seed)
    let sample = TrainingSample.gather(rows: rows, from: vectors, dimension: dimension)
    let n = rows.count

    var mean = [Float](repeating: 0, count: dimension)
    for row in 0..<n {
      for index in 0..<dimension { mean[index] += sample[row * dimension + index] }
    }
    for index in 0..<dimension { mean[index] /= Float(n) }

    // Upper triangle of Σ (x − μ)(x − μ)ᵀ, accumulated row by row in Float with SIMD, then
    // promoted to Double for the eigen-solver.
    var covariance = [Float](repeating: 0, count: dimension * dimension)
    var centred = [Float](repeating: 0, count: dimension)
    sample.withUnsafeBufferPointer { data in
      covariance.withUnsafeMutableBufferPointer { cov in
        centred.withUnsafeMutableBufferPointer { centred in
          guard let data = data.baseAddress, let cov = cov.baseAddress, let c = centred.baseAddress else { return }
          for row in 0..<n {
            for index in 0..<dimension { c[index] = data[row * dimension + index] - mean[index] }
            for i in 0..<dimension {
              FloatKernels.addScaled(c + i, scale: c[i], into: cov + i * dimension + i, count: dimension - i)
            }
          }
        }
      }
    }
    let scale = 1 / Double(n - 1)
    let matrix = covariance.map { Double($0) * scale }
    let (_, vectors) = SymmetricEigen.decompose(matrix, size: dimension)
    let components = vectors[0..<(outputDimension * dimension)].map { Float($0) }
    return PCATransform(inputDimension: dimension, outputDimension: outputDimension, mean: mean, components: components)
  }
}
