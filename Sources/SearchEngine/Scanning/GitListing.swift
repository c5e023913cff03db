/// Git mode: git says what belongs to the workspace, then Sextant's own rules and the file
/// checks decide what of it is indexed.
extension ScanSession {
  /// Lists and examines everything git reports below `directory` (relative to the root),
  /// descending into nested repositories and submodules, which git reports as folders.
  /// Throws only when git fails for the outermost `directory`; a nested repository git
  /// cannot list is walked instead.
  func scanWithGit(_ directory: [UInt8]) throws(GitFileLister.Failure) {
    let listing = try GitFileLister.listFiles(
      in: String(decoding: absolute(directory), as: UTF8.self))
    var reportedFolders: Set<[UInt8]> = []
    var previous: [UInt8]?
    // Sorted, files of one folder are neighbours, so the folder's verdict is looked up once
    // per run of them rather than once per file.
    var previousParent: [UInt8]?
    var previousParentSkip: (folder: [UInt8], reason: SkipReason)?
    for entry in listing.sorted(by: { $0.lexicographicallyPrecedes($1) }) where entry != previous {
      previous = entry
      var relative = entry
      while relative.last == RelativePath.separator { relative.removeLast() }
      guard !relative.isEmpty else { continue }
      let path = RelativePath.join(directory, relative)
      let parent = RelativePath.parent(path)
      if parent != previousParent {
        previousParent = parent
        previousParentSkip = rules.skippedAncestor(of: path)
      }
      if let (folder, reason) = previousParentSkip {
        if reportedFolders.insert(folder).inserted { collector.skip(reason, path: folder) }
        continue
      }
      guard let status = PosixFiles.status(absolute(path)) else {
        // Tracked but deleted from the work tree, or removed since git listed it.
        continue
      }
      if status.kind == .directory {
        scanNestedRepository(path)
        continue
      }
      if let reason = rules.skipReason(forFile: path) {
        collector.skip(reason, path: path)
        continue
      }
      collector.record(
        FileInspector.inspect(absolute(path), status: status, options: options), path: path)
    }
  }

  /// A submodule or an untracked nested repository: its files belong to the workspace on
  /// the same terms as the walker would include them, so it is listed by its own git. A
  /// folder without `.git` (a submodule that was never checked out) is walked, which also
  /// rules out listing the same folder again and again.
  private func scanNestedRepository(_ path: [UInt8]) {
    if let reason = rules.skipReason(forFolder: path) {
      collector.skip(reason, path: path)
      return
    }
    guard PosixFiles.exists(absolute(RelativePath.join(path, Array(".git".utf8)))) else {
      walk(from: path)
      return
    }
    do {
      try scanWithGit(path)
    } catch {
      walk(from: path)
    }
  }
}
