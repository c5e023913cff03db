/// Regroups the bytes of fp32 values into four planes: every value's byte 0, then every byte 1,
/// byte 2 and byte 3 (little-endian order, so the last plane holds sign and high exponent bits).
///
/// Why: in embedding vectors the sign/exponent bytes repeat a handful of values and the low
/// mantissa bytes are noise. Interleaved, zstd sees noise everywhere; split into planes, the
/// high planes compress well and the noise is confined to the low ones.
///
/// The loops are written over bit patterns and plain byte loads and stores so the optimizer
/// vectorizes them; this runs on every block written and read.
package enum ByteShuffle {
  /// Writes the four byte planes of `values` into `planes`, which must hold `values.count * 4` bytes.
  package static func shuffle(_ values: UnsafeBufferPointer<Float>, into planes: UnsafeMutableRawBufferPointer) {
    let count = values.count
    precondition(planes.count == count * 4, "byte planes hold \(planes.count) bytes, \(count) floats need \(count * 4)")
    guard let source = values.baseAddress, let destination = planes.baseAddress else { return }
    let plane0 = destination
    let plane1 = destination + count
    let plane2 = destination + 2 * count
    let plane3 = destination + 3 * count
    for index in 0..<count {
      let bits = source[index].bitPattern
      plane0.storeBytes(of: UInt8(truncatingIfNeeded: bits), toByteOffset: index, as: UInt8.self)
      plane1.storeBytes(of: UInt8(truncatingIfNeeded: bits >> 8), toByteOffset: index, as: UInt8.self)
      plane2.storeBytes(of: UInt8(truncatingIfNeeded: bits >> 16), toByteOffset: index, as: UInt8.self)
      plane3.storeBytes(of: UInt8(truncatingIfNeeded: bits >> 24), toByteOffset: index, as: UInt8.self)
    }
  }

  /// Reassembles values from four byte planes; `planes` must hold `values.count * 4` bytes.
  package static func unshuffle(_ planes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    let count = values.count
    precondition(planes.count == count * 4, "byte planes hold \(planes.count) bytes, \(count) floats need \(count * 4)")
    guard let source = planes.baseAddress, let destination = values.baseAddress else { return }
    let plane0 = source
    let plane1 = source + count
    let plane2 = source + 2 * count
    let plane3 = source + 3 * count
    for index in 0..<count {
      let byte0 = UInt32(plane0.load(fromByteOffset: index, as: UInt8.self))
      let byte1 = UInt32(plane1.load(fromByteOffset: index, as: UInt8.self))
      let byte2 = UInt32(plane2.load(fromByteOffset: index, as: UInt8.self))
      let byte3 = UInt32(plane3.load(fromByteOffset: index, as: UInt8.self))
      destination[index] = Float(bitPattern: byte0 | byte1 << 8 | byte2 << 16 | byte3 << 24)
    }
  }
}
