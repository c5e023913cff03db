/// Bounds-checked little-endian reads from a byte buffer; every failure is a typed error.
struct ByteReader {
  let bytes: UnsafeRawBufferPointer
  private(set) var offset = 0
  /// Reads stop here (the start of the checksum).
  var limit: Int

  init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
    limit = bytes.count
  }

  private mutating func take(_ size: Int) throws(IndexFormatError) -> Int {
    guard size >= 0, size <= limit - offset else { throw .truncated(offset: offset, needed: size) }
    let start = offset
    offset += size
    return start
  }

  mutating func bytes(_ size: Int) throws(IndexFormatError) -> UnsafeRawBufferPointer {
    let start = try take(size)
    return UnsafeRawBufferPointer(rebasing: bytes[start..<(start + size)])
  }

  mutating func uint32() throws(IndexFormatError) -> UInt32 {
    let start = try take(4)
    return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt32.self))
  }

  mutating func uint64() throws(IndexFormatError) -> UInt64 {
    let start = try take(8)
    return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
  }

  mutating func float() throws(IndexFormatError) -> Float {
    Float(bitPattern: try uint32())
  }

  /// A non-negative count that fits in `Int` and is at most `maximum` (default: what the
  /// remaining bytes could possibly hold), so later multiplications cannot overflow.
  mutating func count(maximum: Int? = nil) throws(IndexFormatError) -> Int {
    let value = try uint64()
    let bound = maximum ?? bytes.count
    guard value <= UInt64(bound) else { throw .invalidField("count \(value) at offset \(offset - 8) exceeds \(bound)") }
    return Int(value)
  }

  mutating func align() throws(IndexFormatError) {
    let remainder = offset % IndexFileHeader.alignment
    if remainder != 0 { _ = try take(IndexFileHeader.alignment - remainder) }
  }

  /// `count` elements read in place: aligned to 64, bounds-checked, no copy.
  mutating func array<T: BitwiseCopyable>(of type: T.Type, count: Int) throws(IndexFormatError) -> UnsafeBufferPointer<
    T
  > {
    try align()
    let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
    guard !overflow, count >= 0 else { throw .invalidField("array of \(count) elements is too large") }
    let start = try take(size)
    guard let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
    let pointer = base + start
    guard Int(bitPattern: pointer) % MemoryLayout<T>.alignment == 0 else { throw .misaligned(offset: start) }
    return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: T.self), count: count)
  }

  /// Like `array`, copied into a Swift array (for small parameter blocks).
  mutating func copiedArray<T: BitwiseCopyable>(of type: T.Type, count: Int) throws(IndexFormatError) -> [T] {
    Array(try array(of: type, count: count))
  }
}
