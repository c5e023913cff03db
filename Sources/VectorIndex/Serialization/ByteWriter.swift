/// Little-endian serialisation into a growing byte array.
struct ByteWriter {
  private(set) var bytes: [UInt8] = []

  var count: Int { bytes.count }

  mutating func append(bytes newBytes: [UInt8]) {
    bytes.append(contentsOf: newBytes)
  }

  mutating func append<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func append(_ value: Float) {
    append(value.bitPattern)
  }

  mutating func append(count value: Int) {
    append(UInt64(value))
  }

  /// Pads with zeros to a multiple of `IndexFileHeader.alignment`, then appends the raw bytes of
  /// `elements` (little-endian hosts only, which is every supported platform).
  mutating func appendAligned<T: BitwiseCopyable>(_ elements: UnsafeBufferPointer<T>) {
    align()
    bytes.append(contentsOf: UnsafeRawBufferPointer(elements))
  }

  mutating func appendAligned<T: BitwiseCopyable>(_ elements: [T]) {
    elements.withUnsafeBufferPointer { appendAligned($0) }
  }

  mutating func align() {
    let remainder = bytes.count % IndexFileHeader.alignment
    if remainder != 0 { bytes.append(contentsOf: repeatElement(0, count: IndexFileHeader.alignment - remainder)) }
  }

  mutating func patch(_ value: UInt64, at offset: Int) {
    withUnsafeBytes(of: value.littleEndian) { raw in
      for index in 0..<8 { bytes[offset + index] = raw[index] }
    }
  }

  mutating func reserveCapacity(_ capacity: Int) {
    bytes.reserveCapacity(capacity)
  }
}
