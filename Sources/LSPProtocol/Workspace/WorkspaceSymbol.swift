/// `workspace/symbol`: find declarations by (fuzzy) name across the workspace.
package struct WorkspaceSymbolRequest: LSPRequest {
  package static let method = "workspace/symbol"
  package typealias Response = [SymbolInformation]
  package var query: String
  package init(query: String) { self.query = query }
}

/// The classic answer shape; every client understands it, and it carries a full range.
package struct SymbolInformation: Codable, Hashable, Sendable {
  package var name: String
  /// LSP `SymbolKind` number.
  package var kind: Int
  package var location: Location
  package var containerName: String?

  package init(name: String, kind: Int, location: Location, containerName: String?) {
    self.name = name
    self.kind = kind
    self.location = location
    self.containerName = containerName
  }
}
