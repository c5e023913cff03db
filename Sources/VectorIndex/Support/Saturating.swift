/// Float-to-integer conversions that cannot trap.
///
/// `Int8(x)` traps on NaN, infinity or out-of-range values, and both can come from caller data
/// (a NaN in an added vector) or a damaged file (a NaN step). Codes are clamped to their range
/// and NaN becomes 0, which turns garbage into a bad score rather than a crashed server.
enum Saturating {
  @inline(__always)
  static func int8(_ value: Float, limit: Float = 127) -> Int8 {
    guard !value.isNaN else { return 0 }
    return Int8(min(max(value.rounded(), -limit), limit))
  }

  @inline(__always)
  static func nibble(_ value: Float) -> UInt8 {
    guard !value.isNaN else { return 0 }
    return UInt8(min(max(value.rounded(), 0), 15))
  }

  @inline(__always)
  static func int16(_ value: Float) -> Int16 {
    guard !value.isNaN else { return 0 }
    return Int16(min(max(value.rounded(), -32_767), 32_767))
  }
}
