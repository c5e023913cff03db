/// `textDocument/codeAction`: the actions offered for a range of a document. The context
/// (diagnostics, requested kinds) is accepted and not needed: Sextant offers commands only.
package struct CodeActionRequest: LSPRequest {
  package static let method = "textDocument/codeAction"
  package typealias Response = [CodeActionCommand]
  package var textDocument: TextDocumentIdentifier
  package var range: LSPRange
  package init(textDocument: TextDocumentIdentifier, range: LSPRange) {
    self.textDocument = textDocument
    self.range = range
  }
}

/// A code action as a bare command (`Command` in the specification): what the client runs
/// through `workspace/executeCommand` when the user picks it.
package struct CodeActionCommand: Codable, Hashable, Sendable {
  package var title: String
  package var command: String
  package var arguments: [JSONValue]?
  package init(title: String, command: String, arguments: [JSONValue]? = nil) {
    self.title = title
    self.command = command
    self.arguments = arguments
  }
}
