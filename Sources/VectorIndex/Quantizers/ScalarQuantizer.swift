/// 8-bit scalar quantizer with a range per dimension: `x[i] ≈ offset[i] + step[i] · code[i]`,
/// `code[i] ∈ −127...127`.
///
/// Ranges come from the training data with a small fraction clipped at each end, because a few
/// outliers would otherwise stretch the step of every other value. Codes are signed and
/// symmetric so that scans are `Int16 · Int8` multiply-adds (`vpmaddwd`).
///
/// Queries are not quantised to 8 bits: `prepareQuery` folds the steps into the query
/// (`w[i] = q[i] · step[i]`) and rounds `w` to 16 bits, so `q·x ≈ constant + scale · Σ w16[i]·code[i]`
/// with an exact integer sum.
package struct ScalarQuantizer: Sendable, Equatable {
  package static let codeLimit: Float = 127

  package let dimension: Int
  package let offsets: [Float]
  package let steps: [Float]

  package init(dimension: Int, offsets: [Float], steps: [Float]) {
    self.dimension = dimension
    self.offsets = offsets
    self.steps = steps
  }

  /// Largest |query lane| for which `Σ q16·code` over `dimension` lanes cannot overflow `Int32`.
  package static func maximumQueryMagnitude(dimension: Int) -> Float {
    let bound = Double(Int32.max) / (127 * Double(max(dimension, 1)))
    return Float(min(32_767, bound.rounded(.down)))
  }

  /// Fits ranges on `vectors` (row-major, `dimension` wide), dropping `clipFraction` of the
  /// values at each end of every dimension.
  package static func train(
    vectors: UnsafeBufferPointer<Float>, dimension: Int, clipFraction: Double = 0.0005
  ) throws(VectorIndexError) -> ScalarQuantizer {
    let (lows, highs) = try ranges(vectors: vectors, dimension: dimension, clipFraction: clipFraction)
    var offsets = [Float](repeating: 0, count: dimension)
    var steps = [Float](repeating: 0, count: dimension)
    for index in 0..<dimension {
      offsets[index] = (lows[index] + highs[index]) / 2
      // A constant dimension still needs a non-zero step to keep decoding finite.
      steps[index] = max((highs[index] - lows[index]) / (2 * codeLimit), 1e-12)
    }
    return ScalarQuantizer(dimension: dimension, offsets: offsets, steps: steps)
  }

  /// Per-dimension value ranges with `clipFraction` of the values cut at each end.
  static func ranges(
    vectors: UnsafeBufferPointer<Float>, dimension: Int, clipFraction: Double
  ) throws(VectorIndexError) -> (lows: [Float], highs: [Float]) {
    guard dimension > 0 else { throw .invalidParameter("dimension must be positive") }
    let rows = vectors.count / dimension
    guard rows > 0 else { throw .notEnoughTrainingVectors(required: 1, available: 0) }
    guard clipFraction >= 0, clipFraction < 0.5 else { throw .invalidParameter("clip fraction must be in [0, 0.5)") }
    var lows = [Float](repeating: 0, count: dimension)
    var highs = [Float](repeating: 0, count: dimension)
    var column = [Float](repeating: 0, count: rows)
    let cut = min(Int(Double(rows) * clipFraction), (rows - 1) / 2)
    for index in 0..<dimension {
      for row in 0..<rows { column[row] = vectors[row * dimension + index] }
      column.sort()
      lows[index] = column[cut]
      highs[index] = column[rows - 1 - cut]
    }
    return (lows, highs)
  }

  package func encode(_ vector: UnsafePointer<Float>, into codes: UnsafeMutablePointer<Int8>) {
    offsets.withUnsafeBufferPointer { offsets in
      steps.withUnsafeBufferPointer { steps in
        for index in 0..<dimension {
          codes[index] = Saturating.int8((vector[index] - offsets[index]) / steps[index])
        }
      }
    }
  }

  package func decode(_ codes: UnsafePointer<Int8>, into vector: UnsafeMutablePointer<Float>) {
    for index in 0..<dimension {
      vector[index] = offsets[index] + steps[index] * Float(codes[index])
    }
  }

  /// Turns a float query into the 16-bit form the scan kernels take.
  ///
  /// Returns `scale` and `constant` such that `q·decode(code) ≈ constant + scale · Σ query16[i]·code[i]`.
  /// The rounding error of `query16` is at most half a unit in 32,767 of the largest lane.
  package func prepareQuery(
    _ query: UnsafePointer<Float>, into query16: UnsafeMutablePointer<Int16>
  ) -> (scale: Float, constant: Float) {
    var largest: Float = 0
    var constant: Float = 0
    for index in 0..<dimension {
      largest = max(largest, abs(query[index] * steps[index]))
      constant += query[index] * offsets[index]
    }
    guard largest > 0, largest.isFinite else {
      for index in 0..<dimension { query16[index] = 0 }
      return (0, constant)
    }
    let limit = Self.maximumQueryMagnitude(dimension: dimension)
    let toInteger = limit / largest
    for index in 0..<dimension {
      query16[index] = Saturating.int16(query[index] * steps[index] * toInteger)
    }
    return (1 / toInteger, constant)
  }
}
