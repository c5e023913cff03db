/// Symmetric per-vector int8 quantization: `scale = max |x| / 127`, `code = round(x / scale)`
/// clamped to -127…127, `x ≈ code × scale`.
///
/// Symmetric (no zero point) so a dot product of two code vectors is an integer dot product
/// times the two scales; -128 is never produced, so negating a code cannot overflow. Each
/// component's error is at most `scale / 2` (give or take the rounding of a subnormal scale,
/// for vectors whose largest component is below about 1.5e-36).
///
/// Non-finite input: the scale comes from the finite components only, infinities clamp to ±127
/// and NaN becomes 0, so one bad component cannot wipe out the rest of the vector.
package enum Int8Codes {
  /// The largest code magnitude.
  package static let maxCode: Int8 = 127

  /// A vector quantized on its own scale.
  package struct QuantizedVector: Equatable, Sendable {
    package var scale: Float
    package var codes: [Int8]

    package init(scale: Float, codes: [Int8]) {
      self.scale = scale
      self.codes = codes
    }
  }

  /// Quantizes `vector` into `codes` (same count) and returns the scale. An all-zero vector (or
  /// one too small for its scale to be representable) gets scale 0 and all-zero codes.
  package static func quantize(_ vector: UnsafeBufferPointer<Float>, into codes: UnsafeMutableBufferPointer<Int8>) -> Float {
    precondition(codes.count == vector.count, "\(codes.count) codes for a \(vector.count)-component vector")
    var maxMagnitude: Float = 0
    for value in vector where value.isFinite {
      maxMagnitude = max(maxMagnitude, abs(value))
    }
    let scale = maxMagnitude / Float(maxCode)
    guard scale > 0 else {
      codes.update(repeating: 0)
      return 0
    }
    let limit = Float(maxCode)
    for index in vector.indices {
      let rounded = (vector[index] / scale).rounded(.toNearestOrEven)
      // Comparisons are false for NaN, which therefore falls through to 0.
      let clamped: Float = rounded > limit ? limit : (rounded < -limit ? -limit : (rounded.isNaN ? 0 : rounded))
      codes[index] = Int8(clamped)
    }
    return scale
  }

  /// Quantizes `vector`; see `quantize(_:into:)`.
  package static func quantize(_ vector: [Float]) -> QuantizedVector {
    var codes = [Int8](repeating: 0, count: vector.count)
    let scale = vector.withUnsafeBufferPointer { source in
      codes.withUnsafeMutableBufferPointer { quantize(source, into: $0) }
    }
    return QuantizedVector(scale: scale, codes: codes)
  }

  /// Writes `code × scale` for each code into `vector` (same count).
  package static func dequantize(
    _ codes: UnsafeBufferPointer<Int8>, scale: Float, into vector: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(codes.count == vector.count, "\(codes.count) codes for a \(vector.count)-component vector")
    for index in codes.indices {
      vector[index] = Float(codes[index]) * scale
    }
  }

  /// The approximate vector `quantized` stands for.
  package static func dequantize(_ quantized: QuantizedVector) -> [Float] {
    [Float](unsafeUninitializedCapacity: quantized.codes.count) { buffer, initializedCount in
      quantized.codes.withUnsafeBufferPointer { dequantize($0, scale: quantized.scale, into: buffer) }
      initializedCount = buffer.count
    }
  }
}
