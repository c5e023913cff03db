/// Walks source bytes and yields only those that are code: comments are skipped, a string or
/// character literal is yielded as a single `"` (it is a value, which matters to tell a
/// finished statement from one that continues), newlines are kept (they can end statements).
///
/// Just enough lexing to match brackets reliably in the C family, Rust, Go, JavaScript,
/// Python, Shell and SQL; it needs no grammar and never fails, at worst it misreads an exotic
/// literal and a declaration's extent comes out a few lines off.
struct CodeCursor {
  private let bytes: [UInt8]
  private let lineComments: [[UInt8]]
  private let blockOpen: [UInt8]?
  private let blockClose: [UInt8]?
  private let syntax: LanguageSyntax
  /// Scanning stops here (exclusive).
  private let limit: Int
  private(set) var offset: Int

  init(bytes: [UInt8], syntax: LanguageSyntax, from offset: Int, limit: Int) {
    self.bytes = bytes
    self.syntax = syntax
    self.lineComments = syntax.lineComments.map { Array($0.utf8) }
    self.blockOpen = syntax.blockComment.map { Array($0.open.utf8) }
    self.blockClose = syntax.blockComment.map { Array($0.close.utf8) }
    self.offset = max(0, offset)
    self.limit = min(limit, bytes.count)
  }

  /// The next code byte and its offset, or `nil` at the limit.
  mutating func next() -> (byte: UInt8, offset: Int)? {
    while offset < limit {
      let position = offset
      switch skip(at: position) {
      case .code:
        offset = position + 1
        return (bytes[position], position)
      case .literal(let end):
        offset = max(end, position + 1)
        return (Self.literal, position)
      case .comment(let end):
        offset = max(end, position + 1)
      }
    }
    return nil
  }

  /// What a string or character literal is reported as.
  static let literal = UInt8(ascii: "\"")

  private enum Token {
    case code
    case literal(end: Int)
    case comment(end: Int)
  }

  /// Classifies what starts at `position`, with where a comment or literal ends.
  private func skip(at position: Int) -> Token {
    let byte = bytes[position]
    if startsLineComment(at: position) {
      return .comment(end: index(of: UInt8(ascii: "\n"), from: position) ?? limit)
    }
    if let open = blockOpen, let close = blockClose, matches(open, at: position) {
      return .comment(end: end(of: close, from: position + open.count) ?? limit)
    }
    switch byte {
    case UInt8(ascii: "\""):
      if syntax.tripleQuotedStrings, matches(Self.tripleDouble, at: position) {
        return .literal(end: end(of: Self.tripleDouble, from: position + 3) ?? limit)
      }
      return .literal(end: endOfLineString(quote: byte, from: position + 1))
    case UInt8(ascii: "'"):
      if syntax.tripleQuotedStrings, matches(Self.tripleSingle, at: position) {
        return .literal(end: end(of: Self.tripleSingle, from: position + 3) ?? limit)
      }
      if syntax.singleQuoteIsCharacter {
        let end = endOfCharacterLiteral(from: position)
        // A lone `'` (a lifetime) is neither code that matters nor a literal.
        return end == position + 1 ? .comment(end: end) : .literal(end: end)
      }
      return .literal(end: endOfLineString(quote: byte, from: position + 1))
    case UInt8(ascii: "`") where syntax.backtickStrings:
      return .literal(end: end(of: [byte], from: position + 1, escapes: true) ?? limit)
    case UInt8(ascii: "$") where syntax.dollarQuotes && matches(Self.dollars, at: position):
      return .literal(end: end(of: Self.dollars, from: position + 2) ?? limit)
    default:
      return .code
    }
  }

  private static let tripleDouble = Array("\"\"\"".utf8)
  private static let tripleSingle = Array("'''".utf8)
  private static let dollars = Array("$$".utf8)

  private func startsLineComment(at position: Int) -> Bool {
    for marker in lineComments where matches(marker, at: position) {
      // `#` only starts a comment at the start of a word: `$#` in Shell or `#[` in PHP
      // attributes are code.
      if marker == [UInt8(ascii: "#")] {
        if position > 0, !Self.isWordBreak(bytes[position - 1]) { continue }
        if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "[") { continue }
      }
      return true
    }
    return false
  }

  private static func isWordBreak(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ";")
  }

  private func matches(_ marker: [UInt8], at position: Int) -> Bool {
    guard position + marker.count <= bytes.count else { return false }
    for (index, byte) in marker.enumerated() where bytes[position + index] != byte {
      return false
    }
    return true
  }

  private func index(of byte: UInt8, from position: Int) -> Int? {
    var index = position
    while index < limit {
      if bytes[index] == byte { return index }
      index += 1
    }
    return nil
  }

  /// Offset just past the first `marker` at or after `position`.
  private func end(of marker: [UInt8], from position: Int, escapes: Bool = false) -> Int? {
    var index = position
    while index < limit {
      if escapes, bytes[index] == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if matches(marker, at: index) { return index + marker.count }
      index += 1
    }
    return nil
  }

  /// A `"` or `'` string ends at its unescaped closing quote; an unterminated one ends with its
  /// line so that one stray quote cannot swallow the rest of the file.
  private func endOfLineString(quote: UInt8, from position: Int) -> Int {
    var index = position
    while index < limit {
      switch bytes[index] {
      case UInt8(ascii: "\\"): index += 2
      case quote: return index + 1
      case UInt8(ascii: "\n"): return index
      default: index += 1
      }
    }
    return limit
  }

  /// `'a'` or `'\n'` is skipped whole; any other `'` (a Rust lifetime, a C++ digit separator)
  /// is skipped alone.
  private func endOfCharacterLiteral(from position: Int) -> Int {
    let first = position + 1
    guard first < limit else { return limit }
    if bytes[first] == UInt8(ascii: "\\") {
      var index = first + 2
      while index < min(limit, first + 12) {
        if bytes[index] == UInt8(ascii: "'") { return index + 1 }
        if bytes[index] == UInt8(ascii: "\n") { break }
        index += 1
      }
      return first
    }
    var scalarEnd = first + 1
    while scalarEnd < limit, bytes[scalarEnd] & 0xC0 == 0x80 { scalarEnd += 1 }
    if scalarEnd < limit, bytes[scalarEnd] == UInt8(ascii: "'"), bytes[first] != UInt8(ascii: "\n")
    {
      return scalarEnd + 1
    }
    return first
  }
}
