import Foundation
import MetadataStore
import SearchCore

extension WorkspaceIndex {
  /// What a single-file update did.
  package enum FileUpdateOutcome: Sendable, Equatable {
    case indexed(chunks: Int)
    case unchanged
    case removed
    /// Excluded by the ignore rules, size or binary limits, or outside the folder.
    case ignored
  }

  /// Re-indexes one file: from `text` when the editor holds unsaved content, else from disk.
  ///
  /// A file that no longer exists on disk (and has no editor text) is removed from the index.
  /// `embedNow: false` commits the chunks and leaves their embedding to ``embedPendingChunks()``:
  /// lexical and symbol search see the edit sooner, semantic search once that has run.
  @discardableResult
  package func updateFile(relativePath: String, text: String? = nil, embedNow: Bool = true) throws -> FileUpdateOutcome {
    try writerLock.withLock { _ in
      guard scanner.shouldIndex(relativePath: relativePath, in: root) else { return .ignored }
      let absolute = absolutePath(of: relativePath)
      let content: FileContent
      let stat: FileStat
      if let text {
        content = FileContent(text: text)
        // Modification time 0 marks editor content: the next disk scan re-hashes the file.
        stat = FileStat(size: content.size, modifiedNanoseconds: 0)
      } else {
        guard let diskStat = FileStat(path: absolute) else {
          return try removeLocked([relativePath]) > 0 ? .removed : .unchanged
        }
        if diskStat.size > configuration.scan.maxFileBytes { return .ignored }
        content = FileContent(bytes: try Data(contentsOf: URL(fileURLWithPath: absolute)))
        stat = diskStat
      }
      let known = try catalog.fileRecord(path: relativePath)
      if let known, known.contentHash == content.hash {
        if known.size != stat.size || known.modifiedNanoseconds != stat.modifiedNanoseconds {
          var touched = known
          touched.size = stat.size
          touched.modifiedNanoseconds = stat.modifiedNanoseconds
          try catalog.apply(updates: [], touched: [touched])
        }
        return .unchanged
      }
      let update = makeUpdate(path: relativePath, content: content, stat: stat)
      try commit(updates: [update])
      // One file's new chunks: embedding them now keeps semantic search current.
      if embedNow { _ = try embedPending(among: try catalog.chunkRowIDs(inFiles: [relativePath])) }
      return .indexed(chunks: update.chunks.count)
    }
  }

  /// Embeds the chunks still without a vector (after updates made with `embedNow: false`).
  @discardableResult
  package func embedPendingChunks() throws -> Int {
    try writerLock.withLock { _ in try embedPending().embedded }
  }

  /// Removes files (deleted on disk) from the index; returns how many were indexed.
  @discardableResult
  package func removeFiles(relativePaths: [String]) throws -> Int {
    try writerLock.withLock { _ in try removeLocked(relativePaths) }
  }

  private func removeLocked(_ paths: [String]) throws -> Int {
    let known = try catalog.fileRecords()
    let present = paths.filter { known[$0] != nil }
    // A deleted folder arrives as one event: remove everything below it too.
    let below = known.keys.filter { key in paths.contains { key.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } }
    let all = Array(Set(present + below)).sorted()
    guard !all.isEmpty else { return 0 }
    try commit(updates: [], removedPaths: all)
    return all.count
  }

  /// Replaces files' symbols; when enough files changed since the last full build of the
  /// name index, builds a new one here, outside the lock, so that no query waits for it.
  func updateSymbolTable(replacing files: [(String, [Symbol])]) {
    guard !files.isEmpty else { return }
    let rebuild = symbolTable.withLock { table in
      table.replace(files)
      return table.wantsNewBase ? table.fullInput() : nil
    }
    guard let rebuild else { return }
    let built = SymbolSnapshot(byPath: rebuild.files)
    symbolTable.withLock { $0.install(base: built, asOf: rebuild.asOf) }
  }
}
