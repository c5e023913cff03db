/// 8-bit quantisation with one scale per vector: `x[i] ≈ scale · code[i]`, `code[i] ∈ −127...127`.
///
/// Needs no training, so it suits the flat index, whose rows arrive one at a time and whose
/// content can be anything; the per-dimension quantizer is more precise when a training set
/// exists.
package enum PerVectorQuantizer {
  /// Writes `dimension` codes and returns the scale (0 for an all-zero vector).
  package static func encode(_ vector: UnsafePointer<Float>, dimension: Int, into codes: UnsafeMutablePointer<Int8>)
    -> Float
  {
    var largest: Float = 0
    for index in 0..<dimension { largest = max(largest, abs(vector[index])) }
    guard largest > 0, largest.isFinite else {
      for index in 0..<dimension { codes[index] = 0 }
      return 0
    }
    let scale = largest / 127
    let inverse = 1 / scale
    for index in 0..<dimension {
      codes[index] = Saturating.int8(vector[index] * inverse)
    }
    return scale
  }

  package static func decode(
    _ codes: UnsafePointer<Int8>, scale: Float, dimension: Int, into vector: UnsafeMutablePointer<Float>
  ) {
    for index in 0..<dimension { vector[index] = scale * Float(codes[index]) }
  }

  /// Rounds a float query to 16 bits for the integer kernels; returns the factor that turns an
  /// integer dot product back into floats (before the row's own scale).
  package static func prepareQuery(
    _ query: UnsafePointer<Float>, dimension: Int, into query16: UnsafeMutablePointer<Int16>
  ) -> Float {
    var largest: Float = 0
    for index in 0..<dimension { largest = max(largest, abs(query[index])) }
    guard largest > 0, largest.isFinite else {
      for index in 0..<dimension { query16[index] = 0 }
      return 0
    }
    let toInteger = ScalarQuantizer.maximumQueryMagnitude(dimension: dimension) / largest
    for index in 0..<dimension { query16[index] = Saturating.int16(query[index] * toInteger) }
    return 1 / toInteger
  }
}
