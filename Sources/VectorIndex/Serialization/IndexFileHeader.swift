/// Layout shared by every index file (all integers little-endian):
///
/// ```
/// offset  size  field
///      0     4  magic "SXVI"
///      4     4  format version (1)
///      8     4  kind: 1 flat float32, 2 flat int8, 3 IVF
///     12     4  reserved, 0
///     16     8  body length in bytes
///     24     8  reserved, 0
///     32     …  body, kind-specific; every array starts at a multiple of 64 from the file start
///   32+n     4  checksum (`Checksum.fnv1a32Lanes`) of bytes 0 ..< 32+n
/// ```
///
/// Arrays are aligned so they can be used in place from a page-aligned mapping.
package enum IndexFileHeader {
  package static let magic: [UInt8] = Array("SXVI".utf8)
  package static let version: UInt32 = 1
  package static let size = 32
  package static let alignment = 64

  package enum Kind: UInt32, Sendable {
    case flatFloat32 = 1
    case flatInt8 = 2
    case ivf = 3
  }

  /// Validates header, length and checksum, and returns the kind and a reader positioned at the
  /// body.
  static func open(_ bytes: UnsafeRawBufferPointer, verifyChecksum: Bool) throws(IndexFormatError) -> (Kind, ByteReader)
  {
    if let base = bytes.baseAddress, Int(bitPattern: base) % 16 != 0 {
      throw .misaligned(offset: 0)
    }
    var reader = ByteReader(bytes)
    let magic = try reader.bytes(4)
    guard magic.elementsEqual(Self.magic) else { throw .badMagic }
    let version = try reader.uint32()
    guard version == Self.version else { throw .unsupportedVersion(version) }
    let rawKind = try reader.uint32()
    guard let kind = Kind(rawValue: rawKind) else { throw .unknownKind(rawKind) }
    _ = try reader.uint32()
    let bodyLength = try reader.count()
    _ = try reader.uint64()
    // `count()` bounds the length by the buffer size, so this cannot overflow.
    let end = Self.size + bodyLength
    guard bytes.count >= end + 4 else { throw .truncated(offset: bytes.count, needed: end + 4 - bytes.count) }
    guard bytes.count == end + 4 else { throw .trailingBytes(bytes.count - end - 4) }
    if verifyChecksum {
      let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: end, as: UInt32.self))
      let computed = Checksum.fnv1a32Lanes(UnsafeRawBufferPointer(rebasing: bytes[0..<end]))
      guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
    }
    reader.limit = end
    return (kind, reader)
  }

  /// Starts a file of `kind`; `finish` fills in the length and appends the checksum.
  static func begin(_ kind: Kind) -> ByteWriter {
    var writer = ByteWriter()
    writer.append(bytes: magic)
    writer.append(Self.version)
    writer.append(kind.rawValue)
    writer.append(UInt32(0))
    writer.append(UInt64(0))
    writer.append(UInt64(0))
    return writer
  }

  static func finish(_ writer: inout ByteWriter) -> [UInt8] {
    writer.patch(UInt64(writer.count - size), at: 16)
    let checksum = writer.bytes.withUnsafeBytes { Checksum.fnv1a32Lanes($0) }
    writer.append(checksum)
    return writer.bytes
  }
}
