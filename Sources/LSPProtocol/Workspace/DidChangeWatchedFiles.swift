package struct DidChangeWatchedFilesNotification: LSPNotification {
  package static let method = "workspace/didChangeWatchedFiles"
  package var changes: [FileEvent]
  package init(changes: [FileEvent]) { self.changes = changes }
}

package struct FileEvent: Codable, Hashable, Sendable {
  package var uri: String
  /// 1 created, 2 changed, 3 deleted.
  package var type: Int
  package init(uri: String, type: Int) {
    self.uri = uri
    self.type = type
  }

  package static let created = 1
  package static let changed = 2
  package static let deleted = 3
}
