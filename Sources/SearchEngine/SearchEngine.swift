import Embedding
import Foundation
import MetadataStore
import SearchCore
import VectorIndex
import VectorStore
import Synchronization
import SymbolChunking

/// The engine's API: everything the server and the CLI can ask of the index.
///
/// It holds one ``WorkspaceIndex`` per workspace folder and one chunker shared by all (one
/// ctags process). All methods are synchronous and thread-safe; callers put long ones
/// (indexing) on their own threads.
package final class SearchEngine: Sendable {
  package let configuration: EngineConfiguration
  let chunker: FileChunker
  private let folders = Mutex<[WorkspaceIndex]>([])
  let queryVectors = Mutex(QueryVectorCache(capacity: 256))
  /// Answers of recent searches, shared by all folders (they report their changes to it).
  package let resultCache = QueryResultCache()
  /// Test hook: runs between a folder's nearest-neighbour scan and the catalog read that
  /// attaches its hits to chunks, where an edit from another thread can land.
  let afterNearestNeighbourScan = Mutex<(@Sendable () -> Void)?>(nil)

  package init(configuration: EngineConfiguration = EngineConfiguration()) {
    self.configuration = configuration
    chunker = FileChunker(options: configuration.chunking)
  }

  /// Ends helper processes; call once when the engine is no longer used.
  package func shutdown() {
    chunker.shutdown()
    saveIndexes()
  }

  /// Stops an engine another has replaced over the same index: its chunker only. It saves
  /// nothing, which would overwrite what its successor saved.
  /// Stops this engine's embedding work at the next batch (at once while a remote provider
  /// is paused): called when another engine replaces it, whose work would otherwise wait
  /// behind this one's on the same queue.
  package func stopWork() {
    for index in openFolders { index.workStopped.withLock { $0 = true } }
  }

  package func retire() {
    chunker.shutdown()
  }

  /// Saves each folder's nearest-neighbour index, so that the next open (this process's next
  /// engine, or the next start) maps it instead of training one.
  package func saveIndexes() {
    for index in openFolders { try? index.semanticIndex?.save() }
  }

  /// Whether symbol chunking of non-Swift files works (universal-ctags found and running).
  package var isCtagsAvailable: Bool { chunker.isCtagsAvailable }

  // MARK: Folders

  /// Opens (or creates) the index of each folder. Folders already open are kept.
  @discardableResult
  package func open(folders roots: [URL]) throws -> [WorkspaceIndex] {
    var opened: [WorkspaceIndex] = []
    for root in roots {
      let standardized = root.standardizedFileURL
      if let existing = folder(at: standardized) {
        opened.append(existing)
        continue
      }
      // A named directory serves several folders by giving each its own subdirectory as needed.
      let directory = configuration.indexDirectory ?? IndexLocation.defaultDirectory(for: standardized)
      let index = try WorkspaceIndex(
        root: standardized, indexDirectory: directory, chunker: chunker, configuration: configuration,
        resultCache: resultCache)
      folders.withLock { $0.append(index) }
      opened.append(index)
    }
    return opened
  }

  package func close(folder root: URL) {
    let standardized = root.standardizedFileURL
    folders.withLock { $0.removeAll { $0.root == standardized } }
    resultCache.removeAll()
  }

  package var openFolders: [WorkspaceIndex] { folders.withLock { $0 } }

  package func folder(at root: URL) -> WorkspaceIndex? {
    let standardized = root.standardizedFileURL
    return folders.withLock { list in list.first { $0.root == standardized } }
  }

  /// The folder containing an absolute path (the innermost one, when folders nest).
  package func folder(containing absolutePath: String) -> (WorkspaceIndex, String)? {
    var best: (WorkspaceIndex, String)?
    for index in openFolders {
      if let relative = index.relativePath(of: absolutePath),
        best.map({ index.root.path.count > $0.0.root.path.count }) ?? true
      {
        best = (index, relative)
      }
    }
    return best
  }

  // MARK: Indexing

  /// Indexes every open folder in turn.
  package func indexAll(
    roots: [URL]? = nil, progress: (IndexProgress) -> Void = { _ in }, isCancelled: () -> Bool = { false }
  ) throws -> [IndexSummary] {
    let chosen = roots.map { Set($0.map(\.standardizedFileURL)) }
    return try openFolders.filter { chosen?.contains($0.root.standardizedFileURL) ?? true }.map {
      try $0.indexAll(progress: progress, isCancelled: isCancelled)
    }
  }

  /// Re-indexes one file given by absolute path (editor text when supplied, else disk).
  /// `embedNow: false` leaves the new chunks' embedding to ``embedPendingChunks()``.
  @discardableResult
  package func updateFile(absolutePath: String, text: String? = nil, embedNow: Bool = true) throws
    -> WorkspaceIndex.FileUpdateOutcome
  {
    guard let (index, relative) = folder(containing: absolutePath) else { return .ignored }
    return try index.updateFile(relativePath: relative, text: text, embedNow: embedNow)
  }

  /// Embeds every folder's chunks still without a vector; returns how many were embedded.
  @discardableResult
  package func embedPendingChunks() throws -> Int {
    try openFolders.reduce(0) { $0 + (try $1.embedPendingChunks()) }
  }

  @discardableResult
  package func removeFile(absolutePath: String) throws -> Int {
    guard let (index, relative) = folder(containing: absolutePath) else { return 0 }
    return try index.removeFiles(relativePaths: [relative])
  }

  // MARK: Queries

  /// Symbols whose names fuzzily match `query`, best first, across all folders.
  ///
  /// An empty query lists a bounded number of symbols (never everything).
  package func symbols(matching query: String, limit: Int? = nil) -> [SymbolHit] {
    let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
    let cap = trimmed.isEmpty ? configuration.emptyQuerySymbolLimit : (limit ?? configuration.symbolLimit)
    guard cap > 0 else { return [] }
    var hits: [SymbolHit] = []
    for index in openFolders {
      let view = index.symbolTable.withLock { $0.currentView() }
      for hit in view.search(trimmed, limit: cap) {
        hits.append(SymbolHit(root: index.root, path: hit.path, symbol: hit.symbol, score: hit.score))
      }
    }
    if openFolders.count > 1 {
      hits.sort { ($0.score, $1.symbol.name.count) > ($1.score, $0.symbol.name.count) }
    }
    return Array(hits.prefix(cap))
  }

  /// Every symbol of every folder with its file (for benchmarks and diagnostics).
  package func allSymbols() -> [(root: URL, path: String, symbol: Symbol)] {
    openFolders.flatMap { index -> [(root: URL, path: String, symbol: Symbol)] in
      index.symbolTable.withLock { $0.currentView() }.allSymbols.map { (index.root, $0.path, $0.symbol) }
    }
  }

  /// Every symbol name of every folder (for benchmarks and diagnostics).
  package func allSymbolNames() -> [String] {
    openFolders.flatMap { index in index.symbolTable.withLock { $0.currentView() }.allSymbols.map(\.symbol.name) }
  }

  /// Whether no folder's index holds a chunk yet (a first run; or nothing indexable), or the
  /// catalog cannot say.
  package var holdsNoChunks: Bool {
    openFolders.allSatisfy { ((try? $0.catalog.chunkCount()) ?? 0) == 0 }
  }

  /// Fraction of all chunks that semantic search can see with their current text (1 without
  /// a model): a chunk whose saved text changed counts once its new vector is in.
  package func vectorCoverage() throws -> Double {
    let folders = openFolders
    guard configuration.embedder != nil, !folders.isEmpty else { return 1 }
    var chunks = 0
    var vectors = 0
    for index in folders {
      chunks += try index.catalog.chunkCount()
      vectors += (index.semanticIndex?.count ?? 0) - index.retainedVectors.withLock { $0.count }
    }
    return chunks == 0 ? 1 : min(1, max(0, Double(vectors) / Double(chunks)))
  }

  /// What each folder's index holds.
  package func status() throws -> [FolderStatus] {
    try openFolders.map { index in
      let statistics = try index.catalog.statistics()
      let lastIndexed = try index.catalog.value(forMeta: "last_indexed_at").flatMap(Double.init)
      return FolderStatus(
        root: index.root.path, indexDirectory: index.indexDirectory.path, statistics: IndexContents(statistics),
        lastIndexed: lastIndexed.map { Date(timeIntervalSince1970: $0) },
        indexBytes: FolderStatus.directorySize(index.indexDirectory), ctagsAvailable: chunker.isCtagsAvailable,
        vectors: index.vectorStore.map { VectorStoreReport($0.statistics) },
        nearestNeighbours: index.semanticIndex.map { semantic in
          let summary = semantic.summary
          return NearestNeighbourStatus(
            kind: summary.kind, vectors: summary.vectors, memoryBytes: summary.memoryBytes,
            probes: summary.probes.map(ProbeReport.init))
        })
    }
  }
}

/// Which nearest-neighbour index a folder uses and what it holds in memory.
package struct NearestNeighbourStatus: Sendable, Codable, Equatable {
  package var kind: String
  package var vectors: Int
  package var memoryBytes: Int
  /// For an IVF index: the probe setting calibrated on held-out samples of its own vectors,
  /// with the recall@10 it measured (nil until measured, or for a flat index, which is exact).
  package var probes: ProbeReport?
}

/// One folder's index, for `sextant status` and `sextant/status`.
package struct FolderStatus: Sendable {
  package var root: String
  package var indexDirectory: String
  package var statistics: IndexContents
  package var lastIndexed: Date?
  package var indexBytes: Int
  package var ctagsAvailable: Bool
  /// The vector store: bytes per codec, live and dead vectors, cache tiers (`nil` without a model).
  package var vectors: VectorStoreReport?
  /// The index semantic search asks (`nil` without a model).
  package var nearestNeighbours: NearestNeighbourStatus?

  static func directorySize(_ url: URL) -> Int {
    guard
      let enumerator = FileManager.default.enumerator(
        at: url, includingPropertiesForKeys: [.fileSizeKey], options: [.skipsHiddenFiles])
    else { return 0 }
    var total = 0
    for case let file as URL in enumerator {
      total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
    }
    return total
  }
}

extension SearchEngine {
  /// Makes the next full run read, chunk and commit every file again (vectors of unchanged
  /// chunks are kept): for benchmarks of a bulk run.
  package func forgetFileStates() throws {
    for index in openFolders { try index.catalog.forgetFileStates() }
  }
}
