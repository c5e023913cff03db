/// A SHA-256 digest of content: the key that decides whether code must be re-read or re-embedded.
///
/// Stored and printed as lower-case hex. A cryptographic hash is used (not a fast 64-bit one)
/// because the embedding cache is shared across workspaces and models and must never return a
/// vector for different text.
package struct ContentHash: Hashable, Sendable, CustomStringConvertible, Comparable {
  package let hex: String

  package init(hex: String) {
    self.hex = hex
  }

  package static func of(_ text: String) -> ContentHash {
    var copy = text
    return copy.withUTF8 { ContentHash.of(bytes: UnsafeRawBufferPointer($0)) }
  }

  package static func of(bytes: UnsafeRawBufferPointer) -> ContentHash {
    var hasher = SHA256()
    hasher.update(bytes)
    return ContentHash(hex: hasher.finalizeHex())
  }

  package static func of(bytes: [UInt8]) -> ContentHash {
    bytes.withUnsafeBytes { of(bytes: $0) }
  }

  package var description: String { hex }

  package static func < (lhs: ContentHash, rhs: ContentHash) -> Bool { lhs.hex < rhs.hex }
}
