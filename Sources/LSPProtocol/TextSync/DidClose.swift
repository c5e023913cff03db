package struct DidCloseTextDocumentNotification: LSPNotification {
  package static let method = "textDocument/didClose"
  package var textDocument: TextDocumentIdentifier
  package init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }
}
