/// Whether one path belongs to the workspace, decided the way a scan's listing would.
extension ScanSession {
  /// Git mode asks git about this one path, from the innermost repository holding it (a
  /// nested repository lists its own files, as in a scan); without git, the `.gitignore`
  /// files of every ancestor folder are weighed as the walker would on its way down. Git no
  /// longer lists an untracked file once it is deleted, so for a path that does not `exist`
  /// the ignore files decide unless git still lists it.
  func belongsToWorkspace(_ path: [UInt8], exists: Bool) -> Bool {
    if options.useGit, let listed = listedByGit(path), listed || exists { return listed }
    for folder in RelativePath.ancestors(path)
    where gitIgnore.excludes(folder, isDirectory: true) {
      return false
    }
    return !gitIgnore.excludes(path, isDirectory: false)
  }

  /// Whether git lists `path`; `nil` when git cannot answer (no work tree, no git) or must
  /// not (the root is a folder its repository ignores, which a scan walks).
  private func listedByGit(_ path: [UInt8]) -> Bool? {
    let repository =
      RelativePath.ancestors(path).last {
        PosixFiles.exists(absolute(RelativePath.join($0, Array(".git".utf8))))
      } ?? []
    let offset = repository.isEmpty ? 0 : repository.count + 1
    let pathInRepository = Array(path[offset...])
    let directory = String(decoding: absolute(repository), as: UTF8.self)
    do {
      // Listing fails outside a work tree, so no separate check is needed.
      let listed = try GitFileLister.listFiles(in: directory, pathspecs: [pathInRepository])
        .contains(pathInRepository)
      // Asked only when git says no, so a listed file costs one process, as before.
      if !listed, repository.isEmpty, GitFileLister.enclosingRepositoryIgnores(directory) {
        return nil
      }
      return listed
    } catch {
      return nil
    }
  }
}
