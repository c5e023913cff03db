/// The elementwise and per-row kernels of the encoder: bias fills and adds, GELU, layer norm
/// and softmax (split in two for attention). Each walks a row in 16-float vectors with a
/// scalar tail, so any width works and the model's widths (384, 1536) never reach the tail.
enum RowKernels {
  /// rows[r][c] += bias[c] for every row.
  static func addBias(
    _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, bias: UnsafePointer<Float>
  ) {
    let vectorEnd = width & ~15
    for r in 0..<rowCount {
      let row = rows + r * width
      var c = 0
      while c < vectorEnd {
        row.storeVector(row.loadVector(at: c) + bias.loadVector(at: c), at: c)
        c += 16
      }
      while c < width {
        row[c] += bias[c]
        c += 1
      }
    }
  }

  /// rows[r] = bias for every row: the starting value of a product that accumulates onto it.
  static func fillRows(
    _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, with bias: UnsafePointer<Float>
  ) {
    for r in 0..<rowCount {
      (rows + r * width).update(from: bias, count: width)
    }
  }

  /// x = gelu(x) over `count` contiguous floats: the intermediate layer's activation.
  static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
    let vectorEnd = count & ~15
    var c = 0
    while c < vectorEnd {
      values.storeVector(VectorMath.gelu(values.loadVector(at: c)), at: c)
      c += 16
    }
    while c < count {
      var tail = FloatVector(repeating: 0)
      tail[0] = values[c]
      values[c] = VectorMath.gelu(tail)[0]
      c += 1
    }
  }

  /// rows[r] = (rows[r] − mean) / sqrt(variance + ε) · gamma + beta, with the two-pass
  /// variance (the one-pass formula loses digits when the mean is large against the spread).
  static func layerNorm(
    _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, gamma: UnsafePointer<Float>,
    beta: UnsafePointer<Float>, epsilon: Float
  ) {
    let vectorEnd = width & ~15
    let inverseWidth = 1 / Float(width)
    for r in 0..<rowCount {
      let row = rows + r * width
      var sums = FloatVector(repeating: 0)
      var tailSum: Float = 0
      var c = 0
      while c < vectorEnd {
        sums += row.loadVector(at: c)
        c += 16
      }
      while c < width {
        tailSum += row[c]
        c += 1
      }
      let mean = (sums.sum() + tailSum) * inverseWidth
      let meanVector = FloatVector(repeating: mean)
      var squares = FloatVector(repeating: 0)
      var tailSquares: Float = 0
      c = 0
      while c < vectorEnd {
        let centred = row.loadVector(at: c) - meanVector
        squares += centred * centred
        c += 16
      }
      while c < width {
        let centred = row[c] - mean
        tailSquares += centred * centred
        c += 1
      }
      let variance = (squares.sum() + tailSquares) * inverseWidth
      let scale = 1 / (variance + epsilon).squareRoot()
      let scaleVector = FloatVector(repeating: scale)
      c = 0
      while c < vectorEnd {
        let normalized = (row.loadVector(at: c) - meanVector) * scaleVector
        row.storeVector(normalized * gamma.loadVector(at: c) + beta.loadVector(at: c), at: c)
        c += 16
      }
      while c < width {
        row[c] = (row[c] - mean) * scale * gamma[c] + beta[c]
        c += 1
      }
    }
  }

  /// The numerators of a row-wise softmax: each row of a `rowCount × width` matrix (rows
  /// `stride` apart) becomes exp(x − rowMax), and `inverseSums[r]` receives 1 / Σ exp.
  ///
  /// Normalization is left to the caller because attention multiplies these rows by V next:
  /// scaling the `headSize`-wide product rows costs far less than scaling the `L`-wide rows.
  static func softmaxNumerators(
    _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int,
    inverseSums: UnsafeMutablePointer<Float>
  ) {
    let vectorEnd = width & ~15
    for r in 0..<rowCount {
      let row = rows + r * stride
      var maxima = FloatVector(repeating: -.infinity)
      var tailMax = -Float.infinity
      var c = 0
      while c < vectorEnd {
        maxima = maxima.lanewiseMax(row.loadVector(at: c))
        c += 16
      }
      while c < width {
        tailMax = max(tailMax, row[c])
        c += 1
      }
      let rowMax = max(maxima.max(), tailMax)
      let maxVector = FloatVector(repeating: rowMax)
      var sums = FloatVector(repeating: 0)
      c = 0
      while c < vectorEnd {
        let e = VectorMath.exp(row.loadVector(at: c) - maxVector)
        row.storeVector(e, at: c)
        sums += e
        c += 16
      }
      var tailSum: Float = 0
      while c < width {
        var tail = FloatVector(repeating: 0)
        tail[0] = row[c] - rowMax
        let e = VectorMath.exp(tail)[0]
        row[c] = e
        tailSum += e
        c += 1
      }
      inverseSums[r] = 1 / (sums.sum() + tailSum)
    }
  }

  /// rows[r][0..<width] *= factors[r], for rows `stride` apart.
  static func scaleRows(
    _ rows: UnsafeMutablePointer<Float>, rowCount: Int, width: Int, stride: Int,
    by factors: UnsafePointer<Float>
  ) {
    let vectorEnd = width & ~15
    for r in 0..<rowCount {
      let row = rows + r * stride
      let factor = FloatVector(repeating: factors[r])
      var c = 0
      while c < vectorEnd {
        row.storeVector(row.loadVector(at: c) * factor, at: c)
        c += 16
      }
      while c < width {
        row[c] *= factors[r]
        c += 1
      }
    }
  }
}
