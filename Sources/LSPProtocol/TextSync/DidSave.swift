package struct DidSaveTextDocumentNotification: LSPNotification {
  package static let method = "textDocument/didSave"
  package var textDocument: TextDocumentIdentifier
  package var text: String?
  package init(textDocument: TextDocumentIdentifier, text: String? = nil) {
    self.textDocument = textDocument
    self.text = text
  }
}
