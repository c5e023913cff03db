/// Decides from the first bytes of a file whether it is text worth indexing.
///
/// A file is binary when its first ``sampleSize`` bytes hold a NUL byte (git's own test;
/// it catches executables, images, archives and UTF-16 text, which the index cannot read
/// anyway), or when more than ``maxInvalidPercent`` percent of them are not part of
/// well-formed UTF-8. The ratio tolerates legacy-encoded text with a few accented letters
/// (Latin-1 comments in old sources) while rejecting compressed or encrypted data without
/// NUL bytes, where most bytes are invalid.
enum ContentSniffer {
  /// How many leading bytes are examined: 8 KiB, one read per file.
  static let sampleSize = 8192
  /// Percentage of bytes outside valid UTF-8 sequences above which a file counts as binary.
  static let maxInvalidPercent = 30

  /// Whether `sample`, the start of a file of `fileSize` bytes, looks binary.
  static func isBinary(_ sample: [UInt8], fileSize: Int) -> Bool {
    sample.withUnsafeBufferPointer { bytes in
      if bytes.isEmpty { return false }
      // One pass finds NUL and whether anything is non-ASCII; most source files are ASCII.
      var hasNonASCII = false
      for byte in bytes {
        if byte == 0 { return true }
        if byte >= 0x80 { hasNonASCII = true }
      }
      if !hasNonASCII { return false }
      let invalid = invalidByteCount(bytes, ignoringCutSequence: fileSize > bytes.count)
      return invalid * 100 > bytes.count * maxInvalidPercent
    }
  }

  /// Counts bytes not belonging to a well-formed UTF-8 sequence. When the sample was cut
  /// from a longer file, a sequence cut off at its end is not held against it.
  static func invalidByteCount(_ bytes: UnsafeBufferPointer<UInt8>, ignoringCutSequence: Bool)
    -> Int
  {
    var invalid = 0
    var index = 0
    let end = bytes.count
    while index < end {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length = sequenceLength(lead: lead)
      guard length > 0 else {
        invalid += 1
        index += 1
        continue
      }
      if index + length > end {
        // Only a prefix of the sequence is in the sample.
        let available = end - index
        let wellFormedSoFar = (1..<available).allSatisfy {
          isContinuation(bytes[index + $0], lead: lead, position: $0)
        }
        if !(ignoringCutSequence && wellFormedSoFar) { invalid += available }
        break
      }
      if (1..<length).allSatisfy({ isContinuation(bytes[index + $0], lead: lead, position: $0) }) {
        index += length
      } else {
        invalid += 1
        index += 1
      }
    }
    return invalid
  }

  /// The length a sequence starting with `lead` must have; 0 for bytes that never lead one.
  private static func sequenceLength(lead: UInt8) -> Int {
    switch lead {
    case 0xC2...0xDF: 2
    case 0xE0...0xEF: 3
    case 0xF0...0xF4: 4
    default: 0
    }
  }

  /// Continuation bytes are `10xxxxxx`; the second byte after some leads is narrower, which
  /// rules out overlong forms, surrogates and code points above U+10FFFF.
  private static func isContinuation(_ byte: UInt8, lead: UInt8, position: Int) -> Bool {
    if position == 1 {
      switch lead {
      case 0xE0: return (0xA0...0xBF).contains(byte)
      case 0xED: return (0x80...0x9F).contains(byte)
      case 0xF0: return (0x90...0xBF).contains(byte)
      case 0xF4: return (0x80...0x8F).contains(byte)
      default: break
      }
    }
    return byte & 0xC0 == 0x80
  }
}
