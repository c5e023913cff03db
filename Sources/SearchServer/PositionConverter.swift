import Foundation
import LSPProtocol
import SearchCore

/// Converts engine spans (UTF-8 columns) to LSP ranges (UTF-16), one request at a time.
///
/// Lines are read from the editor's open document when there is one (its text is what the
/// client counts in), else from the file on disk; each file is read at most once per request.
struct PositionConverter {
  let openDocuments: [String: [UInt8]]
  private var cache: [String: LineIndex?] = [:]

  init(openDocuments: [String: [UInt8]]) {
    self.openDocuments = openDocuments
  }

  mutating func range(of span: TextSpan, inFile path: String) -> LSPRange {
    LSPRange(start: position(span.start, inFile: path), end: position(span.end, inFile: path))
  }

  mutating func position(_ position: TextPosition, inFile path: String) -> Position {
    guard let index = lineIndex(for: path) else {
      // Unreadable file: bytes are the best guess, and exact for ASCII.
      return Position(line: position.line, character: position.column)
    }
    return Position(line: position.line, character: index.utf16Character(line: position.line, byteColumn: position.column))
  }

  private mutating func lineIndex(for path: String) -> LineIndex? {
    if let cached = cache[path] { return cached }
    let index: LineIndex?
    if let bytes = openDocuments[path] {
      index = LineIndex(bytes: bytes)
    } else if let data = FileManager.default.contents(atPath: path) {
      index = LineIndex(bytes: Array(data))
    } else {
      index = nil
    }
    cache[path] = index
    return index
  }
}

extension LanguageServer {
  /// A converter that sees the current text of open documents.
  func makePositionConverter() -> PositionConverter {
    let open = withState {
      Dictionary(
        documents.documents.values.compactMap { document in FileURI.path(of: document.uri).map { ($0, document.bytes) } },
        uniquingKeysWith: { first, _ in first })
    }
    return PositionConverter(openDocuments: open)
  }
}
