import Foundation
import MetadataStore

extension SearchEngine {
  /// The histories of the chunks declaring `symbol` (`name` or `Container.name`), in the file
  /// at `absolutePath` when given (else in every folder), with git revisions where found.
  package func history(ofSymbol symbol: String, inFile absolutePath: String? = nil) throws -> [ChunkHistory] {
    var folders: [(WorkspaceIndex, String?)] = openFolders.map { ($0, nil) }
    if let absolutePath {
      guard let (index, relative) = folder(containing: absolutePath) else {
        throw SearchError("\(absolutePath) is not inside an indexed workspace folder")
      }
      folders = [(index, relative)]
    }
    var histories: [ChunkHistory] = []
    // Each file's git history is read once for all matches, and only for the first few
    // (a common name can match hundreds of chunks).
    let cache = GitRevisions.Cache()
    for (index, path) in folders {
      for chunk in try index.catalog.chunks(named: symbol, inFile: path) {
        try Task.checkCancellation()
        histories.append(
          try history(of: chunk, in: index, revisions: histories.count < Self.historiesWithRevisions ? cache : nil))
      }
    }
    return histories
  }

  /// The history of the innermost declaration holding `line` (zero-based) of a file.
  package func history(atFile absolutePath: String, line: Int) throws -> ChunkHistory? {
    guard let (index, relative) = folder(containing: absolutePath) else {
      throw SearchError("\(absolutePath) is not inside an indexed workspace folder")
    }
    // In a document with unsaved text, the line is the editor's: its declaration is found
    // there, then its saved version by identity.
    let overlay = OverlayView(folders: [index])
    if overlay.isOverlaid(root: index.root, path: relative) {
      guard let unsaved = overlay.innermostChunk(root: index.root, path: relative, line: line, filters: SearchFilters()),
        let saved = try index.catalog.chunks(named: unsaved.id.name, inFile: relative).first(where: { $0.id == unsaved.id })
      else { return nil }
      return try history(of: saved, in: index, revisions: GitRevisions.Cache())
    }
    guard let chunk = try index.catalog.innermostChunks(at: [(relative, line)]).first ?? nil else { return nil }
    return try history(of: chunk, in: index, revisions: GitRevisions.Cache())
  }

  /// Matches of a history query whose versions are looked up in git (the rest list theirs
  /// without commits).
  static let historiesWithRevisions = 20

  /// The chunks whose meaning moved most since `baseline`, across folders, largest first.
  package func drift(since baseline: DriftBaseline, limit: Int = 20) throws -> [ChunkDrift] {
    let all = try openFolders.flatMap { try $0.drift(since: baseline, limit: limit) }
    return Array(all.sorted { $0.drift > $1.drift }.prefix(limit))
  }

  /// The commit time of a git revision in the first folder that knows it.
  package func revisionTime(_ revision: String) throws -> Date {
    var failure: Error = SearchError("no workspace folder is open")
    for index in openFolders {
      do {
        return try GitRevisions.time(of: revision, root: index.root)
      } catch {
        failure = error
      }
    }
    throw failure
  }

  private func history(of chunk: ChunkHit, in index: WorkspaceIndex, revisions: GitRevisions.Cache?) throws -> ChunkHistory {
    var versions = try index.history(ofChunk: chunk.rowID)
    if let revisions { GitRevisions.fill(&versions, root: index.root, chunker: chunker, cache: revisions) }
    return ChunkHistory(root: index.root, chunk: chunk, versions: versions)
  }
}
