package struct TextDocumentIdentifier: Codable, Hashable, Sendable {
  package var uri: String
  package init(uri: String) { self.uri = uri }
}

package struct VersionedTextDocumentIdentifier: Codable, Hashable, Sendable {
  package var uri: String
  package var version: Int
  package init(uri: String, version: Int) {
    self.uri = uri
    self.version = version
  }
}

package struct TextDocumentItem: Codable, Hashable, Sendable {
  package var uri: String
  package var languageId: String
  package var version: Int
  package var text: String
  package init(uri: String, languageId: String, version: Int, text: String) {
    self.uri = uri
    self.languageId = languageId
    self.version = version
    self.text = text
  }
}

package struct WorkspaceFolder: Codable, Hashable, Sendable {
  package var uri: String
  package var name: String
  package init(uri: String, name: String) {
    self.uri = uri
    self.name = name
  }
}
