/// A position as LSP counts it: zero-based line and UTF-16 code unit offset.
package struct Position: Codable, Hashable, Sendable, Comparable {
  package var line: Int
  package var character: Int

  package init(line: Int, character: Int) {
    self.line = line
    self.character = character
  }

  package static func < (lhs: Position, rhs: Position) -> Bool {
    (lhs.line, lhs.character) < (rhs.line, rhs.character)
  }
}

/// A half-open range between two positions.
package struct LSPRange: Codable, Hashable, Sendable {
  package var start: Position
  package var end: Position

  package init(start: Position, end: Position) {
    self.start = start
    self.end = end
  }
}

/// A range inside a document named by its URI.
package struct Location: Codable, Hashable, Sendable {
  package var uri: String
  package var range: LSPRange

  package init(uri: String, range: LSPRange) {
    self.uri = uri
    self.range = range
  }
}
