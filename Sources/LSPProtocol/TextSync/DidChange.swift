package struct DidChangeTextDocumentNotification: LSPNotification {
  package static let method = "textDocument/didChange"
  package var textDocument: VersionedTextDocumentIdentifier
  package var contentChanges: [TextDocumentContentChangeEvent]
  package init(textDocument: VersionedTextDocumentIdentifier, contentChanges: [TextDocumentContentChangeEvent]) {
    self.textDocument = textDocument
    self.contentChanges = contentChanges
  }
}

/// One edit: replace `range` with `text`, or the whole document when `range` is absent.
package struct TextDocumentContentChangeEvent: Codable, Hashable, Sendable {
  package var range: LSPRange?
  package var rangeLength: Int?
  package var text: String
  package init(range: LSPRange? = nil, rangeLength: Int? = nil, text: String) {
    self.range = range
    self.rangeLength = rangeLength
    self.text = text
  }
}
