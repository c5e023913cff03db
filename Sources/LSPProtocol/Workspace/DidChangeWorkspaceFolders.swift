package struct DidChangeWorkspaceFoldersNotification: LSPNotification {
  package static let method = "workspace/didChangeWorkspaceFolders"
  package var event: WorkspaceFoldersChangeEvent
  package init(event: WorkspaceFoldersChangeEvent) { self.event = event }
}

package struct WorkspaceFoldersChangeEvent: Codable, Hashable, Sendable {
  package var added: [WorkspaceFolder]
  package var removed: [WorkspaceFolder]
  package init(added: [WorkspaceFolder], removed: [WorkspaceFolder]) {
    self.added = added
    self.removed = removed
  }
}
