/// Converts between LSP positions (line, UTF-16 offset) and UTF-8 byte offsets in a text.
///
/// LSP counts characters in UTF-16 code units; the engine counts bytes. The conversion walks
/// only the one line involved, so it is cheap even in large files. Positions past the end of a
/// line or of the text are clamped (and reported) rather than trusted: clients do send them.
struct LineIndex {
  let bytes: [UInt8]
  /// Byte offset where each line starts; a final line without a newline is included.
  let lineStarts: [Int]

  init(_ text: String) {
    self.init(bytes: Array(text.utf8))
  }

  init(bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(offset + 1)
    }
    lineStarts = starts
  }

  var lineCount: Int { lineStarts.count }

  /// The byte range of a line's content, without its `\n` or `\r\n`.
  func contentRange(ofLine line: Int) -> Range<Int> {
    let start = lineStarts[line]
    var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return start..<max(start, end)
  }

  /// Whether a position had to be moved to fit the text.
  enum Clamping: Equatable {
    case exact
    case clamped(String)
  }

  /// The byte offset of an LSP position, clamped into the text.
  func byteOffset(line: Int, utf16Character: Int) -> (offset: Int, clamping: Clamping) {
    if line < 0 { return (0, .clamped("line \(line) is negative")) }
    if line >= lineCount { return (bytes.count, .clamped("line \(line) is past the last line \(lineCount - 1)")) }
    if utf16Character < 0 { return (lineStarts[line], .clamped("character \(utf16Character) is negative")) }
    let range = contentRange(ofLine: line)
    var offset = range.lowerBound
    var units = 0
    while offset < range.upperBound && units < utf16Character {
      let (length, width) = LineIndex.scalar(at: offset, in: bytes)
      if units + width > utf16Character {
        // The position falls inside a surrogate pair: snap to the start of the character.
        return (offset, .clamped("character \(utf16Character) splits a surrogate pair"))
      }
      units += width
      offset += length
    }
    if units < utf16Character {
      return (offset, .clamped("character \(utf16Character) is past the end of line \(line) (\(units))"))
    }
    return (offset, .exact)
  }

  /// The UTF-16 offset within `line` of a byte column (bytes from the line start).
  func utf16Character(line: Int, byteColumn: Int) -> Int {
    guard line >= 0, line < lineCount else { return 0 }
    let range = contentRange(ofLine: line)
    let target = min(range.upperBound, range.lowerBound + max(0, byteColumn))
    var offset = range.lowerBound
    var units = 0
    while offset < target {
      let (length, width) = LineIndex.scalar(at: offset, in: bytes)
      units += width
      offset += length
    }
    return units
  }

  /// Length in bytes of the UTF-8 sequence at `offset`, and its width in UTF-16 units.
  /// Invalid bytes count as one byte, one unit (they decode to U+FFFD).
  static func scalar(at offset: Int, in bytes: [UInt8]) -> (length: Int, utf16Width: Int) {
    let lead = bytes[offset]
    let length: Int
    switch lead {
    case 0..<0x80: return (1, 1)
    case 0xC2..<0xE0: length = 2
    case 0xE0..<0xF0: length = 3
    case 0xF0..<0xF5: length = 4
    default: return (1, 1)
    }
    guard offset + length <= bytes.count else { return (1, 1) }
    for index in 1..<length where bytes[offset + index] & 0xC0 != 0x80 {
      return (1, 1)
    }
    return (length, length == 4 ? 2 : 1)
  }
}
