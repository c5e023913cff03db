/// Why bytes could not be read as an index. Every case comes from file content, so none traps.
package enum IndexFormatError: Error, Equatable, Sendable {
  /// The bytes end before a field at `offset` that needs `needed` more bytes.
  case truncated(offset: Int, needed: Int)
  /// The first four bytes are not `SXVI`.
  case badMagic
  case unsupportedVersion(UInt32)
  case unknownKind(UInt32)
  /// The file holds a different kind of index than the caller asked for.
  case kindMismatch(expected: UInt32, found: UInt32)
  case checksumMismatch(stored: UInt32, computed: UInt32)
  /// The buffer (or a section in it) is not aligned for its element type; mappings are
  /// page-aligned, so this means the caller passed a sub-range of something else.
  case misaligned(offset: Int)
  /// More bytes follow the checksum than the header announced.
  case trailingBytes(Int)
  /// A field holds an impossible value; the text says which.
  case invalidField(String)
}
