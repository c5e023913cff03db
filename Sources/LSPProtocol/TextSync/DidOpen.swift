package struct DidOpenTextDocumentNotification: LSPNotification {
  package static let method = "textDocument/didOpen"
  package var textDocument: TextDocumentItem
  package init(textDocument: TextDocumentItem) { self.textDocument = textDocument }
}
