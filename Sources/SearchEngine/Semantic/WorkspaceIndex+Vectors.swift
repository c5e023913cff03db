import Embedding
import Foundation
import MetadataStore
import SearchCore

extension WorkspaceIndex {
  /// Commits catalog changes and keeps the symbol and vector tables in step with them.
  ///
  /// Vectors of the files' old chunks leave the table before the catalog changes (row ids can
  /// be reused), and vectors already in the cache for the new chunks join it right after, so
  /// an unchanged function moved by an edit keeps its vector without a model call.
  func commit(updates: [Catalog.FileUpdate], touched: [FileRecord] = [], removedPaths: [String] = []) throws {
    let affected = updates.map(\.record.path) + removedPaths
    if embedder != nil, !affected.isEmpty {
      let old = try catalog.chunkRowIDs(inFiles: affected)
      vectors.withLock { $0.remove(old) }
    }
    try catalog.apply(updates: updates, touched: touched, removedPaths: removedPaths)
    updateSymbolTable(replacing: updates.map { ($0.record.path, $0.symbols) } + removedPaths.map { ($0, []) })
    guard let embedder, !updates.isEmpty else { return }
    let fresh = try catalog.chunkRowIDs(inFiles: updates.map(\.record.path))
    let cached = try catalog.chunkVectors(model: embedder.identity.id, rowIDs: fresh)
    vectors.withLock { $0.upsert(cached) }
  }

  /// Embeds every chunk that has no vector for the model yet, in pages, adding each page's
  /// vectors to the table as soon as it is done: search covers more as this runs.
  func embedPending(
    progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
  ) throws -> (embedded: Int, cacheHits: Int) {
    guard let embedder else { return (0, 0) }
    let model = embedder.identity.id
    let total = try catalog.countChunksMissingVectors(model: model)
    guard total > 0 else { return (0, 0) }
    let before = embedder.statistics
    var done = 0
    var after: Int64 = 0
    progress(0, total)
    while !isCancelled() {
      let page = try catalog.chunksMissingVectors(model: model, after: after, limit: 256)
      guard let last = page.last else { break }
      after = last.rowID
      let inputs = page.map(EmbeddingInputs.input)
      let pageStart = done
      let vectors = try embedder.vectors(
        for: inputs, onBatch: { progress(min(total, pageStart + $0), total) }, isCancelled: isCancelled)
      self.vectors.withLock { $0.upsert(Array(zip(page.map(\.rowID), vectors))) }
      done += page.count
      progress(min(total, done), total)
    }
    let finished = embedder.statistics
    return (finished.textsEmbedded - before.textsEmbedded, finished.cacheHits - before.cacheHits)
  }
}
