/// Why a block could not be encoded or decoded. Every case names the codec tag, so a message
/// from a damaged segment says which format was being read.
package enum CodecError: Error, Equatable, CustomStringConvertible {
  /// A stored tag that no codec in this build understands (written by a newer version, or corrupt).
  case unknownTag(String)
  /// The arguments do not describe a block: a non-positive dimension, a vector count that does
  /// not divide, an output buffer too small, a slot out of range, or sizes that overflow.
  case invalidShape(tag: String, reason: String)
  /// A fixed-size block shorter than its vectors need.
  case truncatedBlock(tag: String, expectedBytes: Int, actualBytes: Int)
  /// A block longer than its vectors need, or a compressed block that decodes to another size.
  case sizeMismatch(tag: String, expectedBytes: Int, actualBytes: Int)
  /// zstd rejected the block: corrupt, truncated or failing its checksum.
  case zstdFailure(tag: String, ZstdError)

  package var description: String {
    switch self {
    case .unknownTag(let tag):
      return "unknown vector codec tag \"\(tag)\"; known: \(VectorCodec.allCases.map(\.tag).joined(separator: ", "))"
    case .invalidShape(let tag, let reason):
      return "\(tag): \(reason)"
    case .truncatedBlock(let tag, let expected, let actual):
      return "\(tag): truncated block of \(actual) bytes, expected \(expected)"
    case .sizeMismatch(let tag, let expected, let actual):
      return "\(tag): block holds \(actual) bytes of vectors, expected \(expected)"
    case .zstdFailure(let tag, let error):
      return "\(tag): \(error)"
    }
  }
}
