/// What the scan rules say about one path, for events about single files from the editor.
package enum FileVerdict: Sendable, Hashable {
  /// The file is indexed; its size and modification time as found.
  case indexed(ScannedFile)
  /// The file belongs to the workspace but is left out of the index.
  case skipped(SkipReason)
  /// The rules admit the path but no file is there: it was deleted, or so far exists only
  /// in the editor. The caller drops it from the index, or indexes the editor's text.
  case missing
  /// The path is not a file of the workspace: ignored by git or `.gitignore`, a folder,
  /// version control metadata, or outside the root.
  case notInWorkspace
}
