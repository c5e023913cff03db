import Foundation

/// Lists the files of a workspace that belong in the index.
///
/// Inside a git work tree git lists the files (tracked plus untracked-but-not-ignored);
/// elsewhere, in a folder its repository ignores, or when git is missing or fails, a
/// directory walk applies the same `.gitignore` semantics itself, from the ignore files
/// inside the folder. Either way Sextant's own rules come on top:
/// `.sextantignore` files, ``GeneratedPaths`` and the size, kind and content checks of
/// ``ScanOptions``.
package struct WorkspaceScanner: Sendable {
  package let options: ScanOptions

  package init(options: ScanOptions = ScanOptions()) {
    self.options = options
  }

  package enum ScanError: Error, Sendable, Hashable, CustomStringConvertible {
    case notADirectory(String)

    package var description: String {
      switch self {
      case .notADirectory(let path): "not a directory: \(path)"
      }
    }
  }

  /// Scans the tree below `root`.
  package func scan(root: URL) throws(ScanError) -> ScanReport {
    let rootBytes = RelativePath.rootBytes(root.standardizedFileURL.path)
    guard PosixFiles.status(rootBytes, followLinks: true)?.kind == .directory else {
      throw .notADirectory(root.path)
    }
    let session = ScanSession(root: rootBytes, options: options)
    guard options.useGit else {
      session.walk(from: [])
      return session.collector.report(usedGit: false, gitFallbackReason: nil)
    }
    do {
      try GitFileLister.checkWorkTree(session.rootPath)
      if GitFileLister.enclosingRepositoryIgnores(session.rootPath) {
        // Only the ignore files inside the folder apply, as when it is in no repository.
        session.walk(from: [])
        return session.collector.report(
          usedGit: false, gitFallbackReason: WorkspaceScanner.ignoredByEnclosingRepository)
      }
      try session.scanWithGit([])
      return session.collector.report(usedGit: true, gitFallbackReason: nil)
    } catch {
      // Start afresh: git may have failed halfway through its listing.
      let walking = ScanSession(root: rootBytes, options: options)
      walking.walk(from: [])
      return walking.collector.report(usedGit: false, gitFallbackReason: error.description)
    }
  }

  /// Why a folder inside a git work tree is walked rather than listed by git.
  package static let ignoredByEnclosingRepository =
    "the repository holding this folder ignores it"

  /// Whether a scan of `root` would index the file at `relativePath`: the check for files
  /// the editor reports as created, changed or deleted. A path with no file on disk is
  /// judged by the ignore rules alone, so a deleted file that was indexed (or one that so far
  /// exists only in the editor) still gets `true` and the caller can act on it.
  package func shouldIndex(relativePath: String, in root: URL) -> Bool {
    switch inspect(relativePath: relativePath, in: root) {
    case .indexed, .missing: true
    case .skipped, .notInWorkspace: false
    }
  }

  /// What a scan of `root` would decide about the file at `relativePath`, by the same
  /// rules; in git mode git is asked about that one path.
  package func inspect(relativePath: String, in root: URL) -> FileVerdict {
    guard let path = RelativePath.normalize(relativePath),
      let relativePath = RelativePath.string(path),
      !path.split(separator: RelativePath.separator).contains(where: {
        GeneratedPaths.isMetadataFolder($0)
      })
    else { return .notInWorkspace }
    let rootBytes = RelativePath.rootBytes(root.standardizedFileURL.path)
    let session = ScanSession(root: rootBytes, options: options)
    let status = PosixFiles.status(session.absolute(path))
    guard session.belongsToWorkspace(path, exists: status != nil) else { return .notInWorkspace }
    if let (_, reason) = session.rules.skippedAncestor(of: path) { return .skipped(reason) }
    if let reason = session.rules.skipReason(forFile: path) { return .skipped(reason) }
    guard let status else { return .missing }
    switch FileInspector.inspect(session.absolute(path), status: status, options: options) {
    case .indexable(let size, let modified):
      return .indexed(
        ScannedFile(relativePath: relativePath, size: size, modifiedNanoseconds: modified))
    case .skipped(let reason): return .skipped(reason)
    case .directory: return .notInWorkspace
    case .missing: return .missing
    }
  }
}
