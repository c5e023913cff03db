/// IEEE 754 binary16 conversions done on bit patterns.
///
/// Why not `Float16`: it is unavailable on macOS x86_64, and on x86_64 without F16C every
/// conversion is a library call, one value at a time. These branch-free versions compute each
/// case and select, so a block loop vectorizes. They agree bit for bit with `Float16` for every
/// non-NaN value (the tests check all 65,536 halves and every rounding boundary); a NaN encodes
/// as a quiet NaN of the same sign, without its payload.
package enum HalfFloat {
  /// The bits of the half nearest to `value`, ties to even; beyond the half range, infinity.
  @inline(__always)
  package static func bits(from value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = (bits >> 16) & 0x8000
    let magnitude = bits & 0x7fff_ffff
    // Normal result: rebias the exponent (127 → 15) and round the 13 dropped mantissa bits to
    // nearest even; a carry out of the mantissa correctly bumps the exponent, up to infinity.
    let mantissaIsOdd = (magnitude >> 13) & 1
    let normal = (magnitude &- 0x3800_0000 &+ 0x0fff &+ mantissaIsOdd) >> 13
    // Subnormal or zero result: adding 0.5 lines the 10 kept bits up at the bottom of the
    // mantissa, so the FPU's own round-to-nearest-even does the rounding.
    let subnormal = (Float(bitPattern: magnitude) + 0.5).bitPattern &- 0x3f00_0000
    // At or beyond 65536 (the first value that cannot round below infinity), infinity or NaN.
    let special: UInt32 = magnitude > 0x7f80_0000 ? 0x7e00 : 0x7c00
    let result = magnitude >= 0x4780_0000 ? special : (magnitude < 0x3880_0000 ? subnormal : normal)
    return UInt16(truncatingIfNeeded: result | sign)
  }

  /// The exact float value of a half; NaN payloads are kept.
  @inline(__always)
  package static func float(fromBits half: UInt16) -> Float {
    let bits = UInt32(half)
    let sign = (bits & 0x8000) << 16
    let shifted = (bits & 0x7fff) << 13
    let exponent = shifted & 0x0f80_0000
    let rebiased = shifted &+ 0x3800_0000
    // Infinity and NaN: the exponent must become all ones.
    let infinityOrNaN = rebiased &+ 0x3800_0000
    // Subnormal: build 2^-14 × (1 + m/1024) and subtract 2^-14, leaving m × 2^-24 exactly.
    let subnormal = (Float(bitPattern: rebiased &+ 0x0080_0000) - Float(bitPattern: 0x3880_0000)).bitPattern
    let magnitude = exponent == 0x0f80_0000 ? infinityOrNaN : (exponent == 0 ? subnormal : rebiased)
    return Float(bitPattern: magnitude | sign)
  }

  /// Stores `values` as little-endian halves; `bytes` must hold `values.count * 2` bytes.
  package static func encode(_ values: UnsafeBufferPointer<Float>, into bytes: UnsafeMutableRawBufferPointer) {
    precondition(bytes.count == values.count * 2, "\(bytes.count) bytes cannot hold \(values.count) halves")
    guard let destination = bytes.baseAddress else { return }
    for index in values.indices {
      destination.storeBytes(of: bits(from: values[index]).littleEndian, toByteOffset: 2 * index, as: UInt16.self)
    }
  }

  /// Reads little-endian halves into `values`; `bytes` must hold `values.count * 2` bytes and
  /// need not be aligned.
  package static func decode(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    precondition(bytes.count == values.count * 2, "\(bytes.count) bytes do not hold \(values.count) halves")
    guard let source = bytes.baseAddress else { return }
    for index in values.indices {
      let half = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
      values[index] = float(fromBits: half)
    }
  }
}
