/// The on-disk layout of a segment file.
///
/// ```
/// header   64 bytes: magic, format version, dimension, vector count, vectors per block,
///                    block count, column count
/// blocks   each column's blocks back to back, every block starting on a 64-byte boundary
///          (so fp32 blocks can be read in place with aligned SIMD loads)
/// trailer  per column: codec tag, then per block: offset u64, length u32, CRC-32C u32;
///          then the ids (i64) and key fingerprints (u64) of every slot
/// footer   24 bytes: trailer offset u64, trailer length u32, trailer CRC-32C u32, end magic
/// ```
///
/// All integers are little-endian. A segment is written once, fsynced, and never changed:
/// deletions are tombstones in the manifest, and compaction writes a new segment.
enum SegmentLayout {
  static let magic: [UInt8] = Array("SXSEG\u{0}\u{0}\u{1}".utf8)
  static let endMagic: [UInt8] = Array("SXSEGEND".utf8)
  static let formatVersion: UInt32 = 1
  static let headerSize = 64
  static let footerSize = 24
  static let blockAlignment = 64
  static let blockEntrySize = 16

  static func aligned(_ offset: Int) -> Int {
    (offset + blockAlignment - 1) / blockAlignment * blockAlignment
  }
}

/// Little-endian integers appended to a byte array.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func append<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

  mutating func pad(to size: Int) {
    if bytes.count < size { bytes.append(contentsOf: repeatElement(0, count: size - bytes.count)) }
  }
}

/// Little-endian integers read from untrusted bytes: every read is bounds-checked.
struct ByteReader {
  let bytes: UnsafeRawBufferPointer
  var offset: Int

  init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  mutating func read<T: FixedWidthInteger>(_: T.Type) -> T? {
    let size = MemoryLayout<T>.size
    guard offset >= 0, offset + size <= bytes.count else { return nil }
    let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    offset += size
    return value
  }

  mutating func readBytes(_ count: Int) -> UnsafeRawBufferPointer? {
    guard count >= 0, offset >= 0, offset + count <= bytes.count else { return nil }
    defer { offset += count }
    return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
  }
}
