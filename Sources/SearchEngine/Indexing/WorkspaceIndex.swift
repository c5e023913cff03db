import Embedding
import Foundation
import MetadataStore
import SearchCore
import Synchronization
import SymbolChunking
import VectorStore

/// The index of one workspace folder: its catalog, the scanner and chunker that feed it, and
/// the in-memory symbol table that `workspace/symbol` reads.
///
/// Queries and indexing run concurrently: the catalog is a WAL pool, and the symbol table is
/// swapped under a mutex as an immutable value. Only one indexing operation runs at a time.
package final class WorkspaceIndex: Sendable {
  package let root: URL
  package let indexDirectory: URL
  let catalog: Catalog
  let scanner: WorkspaceScanner
  let chunker: FileChunker
  let configuration: EngineConfiguration
  /// Serialises writers: a full run, single-file updates from the editor, removals.
  let writerLock = Mutex<Void>(())
  let symbolTable: Mutex<SymbolTable>
  /// `nil` when no embedding model is configured: lexical and symbol search only.
  let embedder: CachingEmbedder?
  /// This folder's chunk vectors on disk; `nil` without a model.
  let vectorStore: VectorStore?
  /// The nearest-neighbour index semantic search asks, kept in step with the store; `nil`
  /// without a model.
  let semanticIndex: SemanticIndex?
  /// The engine's cache of answers, told about every change so it can drop what it affects.
  let resultCache: QueryResultCache
  /// Open documents' unsaved text, answered from in this process only (never committed).
  let overlays = Mutex(BufferOverlays())
  /// Serialises overlay updates (not indexing: an edit is never held up by a bulk run).
  let overlayLock = Mutex<Void>(())
  /// Cuts unsaved text into the full-text index's tokens, to score it as the catalog would.
  let tokenizer: FullTextTokenizer
  /// Stored vectors that are no chunk's current one: a changed chunk's previous version, or
  /// a gone chunk's, kept until their successor's vector makes them history. Known exactly at
  /// open, then kept in step by this process's commits; coverage leaves them out.
  let retainedVectors = Mutex<Set<Int64>>([])
  /// Set when the engine is being replaced (``SearchEngine/stopWork()``): embedding stops at
  /// the next batch, or at once while a remote provider is paused, so that the replacement's
  /// work is not queued behind this one's.
  let workStopped = Mutex(false)

  package init(
    root: URL, indexDirectory: URL, chunker: FileChunker, configuration: EngineConfiguration,
    resultCache: QueryResultCache = QueryResultCache()
  ) throws {
    self.root = root.standardizedFileURL
    self.resultCache = resultCache
    self.chunker = chunker
    self.configuration = configuration
    scanner = WorkspaceScanner(options: configuration.scan)
    tokenizer = try FullTextTokenizer()
    (catalog, self.indexDirectory) = try WorkspaceIndex.openCatalog(in: indexDirectory, root: self.root)
    // Keys of inputs written in another format are recomputed before vectors are matched to
    // chunks: the chunks whose input changed are then embedded again by the next indexing run.
    if try catalog.value(forMeta: "embedding_input_format") != EmbeddingInputs.formatTag {
      try catalog.rekeyEmbeddings(EmbeddingInputs.key(for:))
      try catalog.setValue(EmbeddingInputs.formatTag, forMeta: "embedding_input_format")
    }
    // Chunks cut by other rules or limits are cut again by the next full run.
    if try catalog.value(forMeta: "chunking_format") != chunker.format {
      try catalog.forgetFileStates()
      try catalog.setValue(chunker.format, forMeta: "chunking_format")
    }
    let stored = try catalog.allSymbols()
    symbolTable = Mutex(SymbolTable(symbols: stored))
    if let model = configuration.embedder {
      let caching = CachingEmbedder(embedder: model, cache: catalog, batchSize: configuration.embeddingBatchSize)
      embedder = caching
      let store = try VectorStore(
        directory: self.indexDirectory.appendingPathComponent("vectors", isDirectory: true).path,
        configuration: StoreConfiguration(
          modelID: model.identity.id, dimension: model.identity.dimension, codec: configuration.vectorCodec,
          cacheBudgets: configuration.vectorCacheBudgets, history: configuration.history))
      vectorStore = store
      semanticIndex = SemanticIndex(store: store, dimension: model.identity.dimension, settings: configuration.semanticIndex)
      try catalog.setValue(model.identity.id, forMeta: "embedding_model")
      try reconcileVectors()
    } else {
      embedder = nil
      vectorStore = nil
      semanticIndex = nil
    }
  }

  /// Opens the catalog and the directory it lives in.
  ///
  /// A directory that already holds another folder's index is left alone (its embedding cache
  /// is expensive to rebuild): this folder's index goes into a subdirectory keyed by its path.
  /// An index written in another format is discarded: it is derived data, and a silent mix
  /// would serve wrong results.
  private static func openCatalog(in directory: URL, root: URL) throws -> (Catalog, URL) {
    let url = directory.appendingPathComponent("catalog.sqlite")
    let catalog = try Catalog(url: url)
    let storedRoot = try catalog.value(forMeta: "workspace_root")
    if let storedRoot, storedRoot != root.path {
      return try openCatalog(in: folderDirectory(in: directory, root: root), root: root)
    }
    if try catalog.formatVersion() == Catalog.currentFormatVersion {
      if storedRoot == nil { try catalog.setValue(root.path, forMeta: "workspace_root") }
      return (catalog, directory)
    }
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(at: URL(fileURLWithPath: url.path + suffix))
    }
    let fresh = try Catalog(url: url)
    try fresh.setValue(root.path, forMeta: "workspace_root")
    return (fresh, directory)
  }

  /// The subdirectory of a shared index directory that holds `root`'s index.
  static func folderDirectory(in directory: URL, root: URL) -> URL {
    directory.appendingPathComponent("folder-\(ContentHash.of(root.path).hex.prefix(16))", isDirectory: true)
  }

  /// The relative path of an absolute file path inside this folder, or `nil` when outside.
  package func relativePath(of absolutePath: String) -> String? {
    let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
    guard absolutePath.hasPrefix(base) else { return nil }
    let relative = String(absolutePath.dropFirst(base.count))
    return relative.isEmpty ? nil : relative
  }

  package func absolutePath(of relativePath: String) -> String {
    root.appendingPathComponent(relativePath).path
  }
}
