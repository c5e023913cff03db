import SearchCore

/// A file's UTF-8 bytes with a line index: the one place that turns lines and byte offsets into
/// `TextPosition`s, `TextSpan`s and chunk texts.
///
/// Every chunker goes through it, so swift-syntax offsets and ctags line numbers end up counted
/// the same way. Only `\n` ends a line (as ctags counts); a `\r` before it belongs to the line's
/// terminator, not to its content.
struct SourceText {
  let bytes: [UInt8]
  /// Byte offset where each line starts. When the file ends with `\n` the last entry is the
  /// empty remainder after it, which is not counted as a line.
  private let lineStarts: [Int]
  /// Number of lines that hold at least a terminator or a byte of content.
  let lineCount: Int

  init(_ text: String) {
    bytes = Array(text.utf8)
    var starts = [0]
    starts.reserveCapacity(bytes.count / 32 + 1)
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(offset + 1)
    }
    lineStarts = starts
    if bytes.isEmpty {
      lineCount = 0
    } else if let last = starts.last, last == bytes.count {
      lineCount = starts.count - 1
    } else {
      lineCount = starts.count
    }
  }

  var isEmpty: Bool { bytes.isEmpty }

  /// Offset of the first byte of `line`.
  func lineStart(_ line: Int) -> Int {
    lineStarts[clampedLine(line)]
  }

  /// Offset just past `line` including its terminator: where the next line starts.
  func lineEndIncludingBreak(_ line: Int) -> Int {
    let next = clampedLine(line) + 1
    return next < lineStarts.count ? lineStarts[next] : bytes.count
  }

  /// The bytes of `line` without its `\n` or `\r\n` terminator.
  func contentRange(ofLine line: Int) -> Range<Int> {
    let start = lineStart(line)
    var end = lineEndIncludingBreak(line)
    if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return start..<end
  }

  /// The text of `line` without its terminator (invalid UTF-8 repaired).
  func lineText(_ line: Int) -> Substring {
    Substring(String(decoding: bytes[contentRange(ofLine: line)], as: UTF8.self))
  }

  /// The line holding byte `offset` (offsets past the end map to the last line).
  func line(ofByte offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  func position(ofByte offset: Int) -> TextPosition {
    let clamped = min(max(0, offset), bytes.count)
    let line = line(ofByte: clamped)
    return TextPosition(line: line, column: clamped - lineStarts[line])
  }

  func span(bytes range: Range<Int>) -> TextSpan {
    let lower = min(max(0, range.lowerBound), bytes.count)
    let upper = min(max(lower, range.upperBound), bytes.count)
    return TextSpan(
      start: position(ofByte: lower), end: position(ofByte: upper), bytes: lower..<upper)
  }

  /// Bytes of whole lines `first...last`, terminator of the last one included.
  func byteRange(lines first: Int, _ last: Int) -> Range<Int> {
    lineStart(first)..<lineEndIncludingBreak(max(first, last))
  }

  func text(_ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
  }

  func isBlank(line: Int) -> Bool {
    contentRange(ofLine: line).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0C }
  }

  /// The first non-blank byte of `line`, or the end of its content when it is blank.
  func firstNonBlank(line: Int) -> Int {
    let range = contentRange(ofLine: line)
    return range.first { bytes[$0] != 0x20 && bytes[$0] != 0x09 } ?? range.upperBound
  }

  /// Moves `offset` back to the start of the UTF-8 sequence it falls into, so a cut there
  /// never splits a character.
  func scalarBoundary(atOrBefore offset: Int) -> Int {
    var position = min(max(0, offset), bytes.count)
    while position > 0, position < bytes.count, bytes[position] & 0xC0 == 0x80 {
      position -= 1
    }
    return position
  }

  /// `range` without blank lines at either end, `nil` when nothing else is left.
  func trimmingBlankLines(_ range: ClosedRange<Int>) -> ClosedRange<Int>? {
    var first = range.lowerBound
    var last = range.upperBound
    while first <= last, isBlank(line: first) { first += 1 }
    while last >= first, isBlank(line: last) { last -= 1 }
    return first <= last ? first...last : nil
  }

  /// Last line of a span in the sense of "lines it touches": a span ending at column 0 does
  /// not touch its end line.
  func lastLine(of span: TextSpan) -> Int {
    span.lastLine
  }

  private func clampedLine(_ line: Int) -> Int {
    min(max(0, line), lineStarts.count - 1)
  }
}
