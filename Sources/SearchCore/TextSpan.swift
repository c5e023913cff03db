/// A position in a file as the engine counts it: zero-based line and UTF-8 byte column.
///
/// Only the server converts to LSP's UTF-16 columns; everything below it speaks bytes.
package struct TextPosition: Hashable, Sendable, Comparable {
  package var line: Int
  package var column: Int

  package init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  package static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }
}

/// A region of a file: line/column bounds plus the UTF-8 byte range they cover.
///
/// `end` is exclusive like `bytes.upperBound`: a span covering a whole line `n` ends at
/// `(n + 1, 0)` or at the end of the file.
package struct TextSpan: Hashable, Sendable {
  package var start: TextPosition
  package var end: TextPosition
  package var bytes: Range<Int>

  package init(start: TextPosition, end: TextPosition, bytes: Range<Int>) {
    self.start = start
    self.end = end
    self.bytes = bytes
  }

  /// Number of lines touched, counting a span that ends at column 0 as not touching its end line.
  /// The last line the span touches: a span ending at column 0 does not touch its end line.
  package var lastLine: Int {
    end.line > start.line && end.column == 0 ? end.line - 1 : end.line
  }

  package var lineCount: Int {
    max(1, end.line - start.line + (end.column > 0 ? 1 : 0))
  }
}
