/// The directory walk used where git cannot list the files: outside a work tree, without
/// git, or when git fails.
///
/// It honours `.gitignore` at every level and `.git/info/exclude`, but not git's global
/// `core.excludesFile`, and it cannot know which ignored files git tracks anyway; those are
/// the only differences from git mode.
extension ScanSession {
  /// Walks the tree below `start` (relative to the root; `[]` for the root itself), whose
  /// own exclusion the caller has already settled.
  func walk(from start: [UInt8]) {
    var pending: [[UInt8]] = [start]
    while let directory = pending.popLast() {
      guard let entries = PosixFiles.listDirectory(absolute(directory)) else {
        collector.skip(.unreadable, path: directory)
        continue
      }
      var subdirectories: [[UInt8]] = []
      for entry in entries where !GeneratedPaths.isMetadataFolder(entry.name) {
        let path = RelativePath.join(directory, entry.name)
        let kind = entry.kind ?? PosixFiles.status(absolute(path))?.kind
        guard let kind else { continue }
        if kind == .directory {
          if gitIgnore.excludes(path, isDirectory: true) { continue }
          if let reason = rules.skipReason(forFolder: path) {
            collector.skip(reason, path: path)
          } else {
            subdirectories.append(path)
          }
        } else {
          // A link to a folder is an entry of its own for git, so it is matched as a file.
          if gitIgnore.excludes(path, isDirectory: false) { continue }
          if let reason = rules.skipReason(forFile: path) {
            collector.skip(reason, path: path)
          } else {
            collector.record(FileInspector.inspect(absolute(path), options: options), path: path)
          }
        }
      }
      // Reversed so folders pop in name order, keeping the walk's order stable.
      pending.append(contentsOf: subdirectories.reversed())
    }
  }
}
