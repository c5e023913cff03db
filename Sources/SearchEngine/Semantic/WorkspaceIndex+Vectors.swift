import Embedding
import Foundation
import MetadataStore
import SearchCore
import VectorStore

extension WorkspaceIndex {
  /// Commits catalog changes and keeps the symbol table, the vector store and the search
  /// table in step with them.
  ///
  /// A chunk that keeps its identity keeps its row id (``Catalog/apply(updates:touched:removedPaths:)``);
  /// when its embedding input is unchanged too and the store holds its vector, the store and
  /// the nearest-neighbour index are left alone for it: a one-line edit rewrites the vectors
  /// of the chunks it changed, not of its whole file. The other old vectors are deleted and
  /// the vectors already in the embedding cache for new or changed chunks added, in one store
  /// generation right after the catalog commit, so a function moved by an edit keeps its
  /// vector without a model call. An id both deleted and upserted is upserted.
  /// Returns how many vectors of new or changed chunks came from the embedding cache.
  @discardableResult
  func commit(updates: [Catalog.FileUpdate], touched: [FileRecord] = [], removedPaths: [String] = []) throws -> Int {
    let affected = updates.map(\.record.path) + removedPaths
    let before = try catalog.chunkVersions(inFiles: affected)
    let oldRows = before.map(\.rowID)
    let lineage = try lineage(of: updates, before: before, paths: affected)
    let continuations = lineage.continuations
    try catalog.apply(
      updates: updates, touched: touched, removedPaths: removedPaths, continuations: continuations,
      vanished: lineage.waiting, claimed: lineage.claimedFromPool)
    // Declarations that waited too long for a successor lose their vectors.
    let expired =
      configuration.history == nil
      ? [] : try catalog.expireVanished(before: Date().addingTimeInterval(-Self.vanishedWait), keep: Self.vanishedKept)
    updateSymbolTable(replacing: updates.map { ($0.record.path, $0.symbols) } + removedPaths.map { ($0, []) })
    guard !affected.isEmpty else { return 0 }
    let after = updates.isEmpty ? [] : try catalog.chunkVersions(inFiles: updates.map(\.record.path))
    var keptVectors = Set<Int64>()
    if let store = vectorStore {
      let snapshot = store.snapshot
      let keysBefore = Dictionary(before.map { ($0.rowID, $0.embeddingKey) }, uniquingKeysWith: { first, _ in first })
      for row in after {
        guard let key = row.embeddingKey, keysBefore[row.rowID] == key,
          snapshot.fingerprint(of: row.rowID) == Self.fingerprint(ofKey: key)
        else { continue }
        keptVectors.insert(row.rowID)
      }
    }
    let fresh = after.map(\.rowID).filter { !keptVectors.contains($0) }
    // With history kept, the vector of a changed chunk, or of one a new chunk continues,
    // stays until the vector of its next version arrives: that commit keeps it as history.
    let awaitingSuccessor =
      configuration.history == nil
      ? []
      : Set(after.map(\.rowID)).union(continuations.values.map(\.previousID)).union(lineage.waiting.map(\.rowID))
    let stale = oldRows.filter { !keptVectors.contains($0) && !awaitingSuccessor.contains($0) } + expired
    if let store = vectorStore {
      let snapshot = store.snapshot
      let retained = oldRows.filter { !keptVectors.contains($0) && awaitingSuccessor.contains($0) && snapshot.contains($0) }
      retainedVectors.withLock { $0.formUnion(retained) }
    }
    let cached = try embedder.map { try catalog.chunkVectors(model: $0.identity.id, rowIDs: fresh) } ?? []
    if vectorStore != nil, !cached.isEmpty || !stale.isEmpty {
      try commitVectors(Self.storeRows(cached), deletes: stale)
    }
    guard resultCache.noteChange() else { return cached.count }
    // Old rows leave every answer that held them (their positions may have moved). Only
    // chunks with new content may enter answers: one that merely moved has the same text and
    // vector it had, and was not in an answer it could enter.
    let unchanged = Set(before.map { $0.identity + "\u{0}" + $0.contentHash })
    let vectorsByRow = Dictionary(cached.map { ($0.rowID, $0.vector) }, uniquingKeysWith: { first, _ in first })
    var changes = oldRows.map { QueryResultCache.ChangedChunk(root: root.path, id: $0, path: "", text: nil, vector: nil) }
    for (rowID, chunk) in try catalog.chunks(rowIDs: fresh)
    where !unchanged.contains(chunk.id.description + "\u{0}" + chunk.contentHash.hex) {
      changes.append(
        QueryResultCache.ChangedChunk(
          root: root.path, id: rowID, path: chunk.id.path, language: chunk.language, kind: chunk.kind, text: chunk.text,
          vector: vectorsByRow[rowID]))
    }
    // New chunks are scored against a cached query in this folder's corpus; a failed
    // lookup counts as a match, so the answer is dropped rather than kept by a guess.
    resultCache.apply(changes) { [catalog] key, rowIDs in
      (try? catalog.lexicalScores(
        key.text, rowIDs: rowIDs, weights: key.ranking.fieldWeights, dropsStopWords: key.ranking.dropsStopWords)) ?? Dictionary(uniqueKeysWithValues: rowIDs.map { ($0, Double.infinity) })
    }
    return cached.count
  }

  /// Embeds every chunk that has no vector for the model yet, in pages, committing each
  /// page's vectors to the store and the search table as soon as it is done: search covers
  /// more as this runs, and a kill loses at most the page in flight.
  ///
  /// `among`: only these chunks (one file's, after an edit), found without walking the
  /// whole catalog; `nil`: every chunk.
  func embedPending(
    among rowIDs: [Int64]? = nil, progress: (Int, Int) -> Void = { _, _ in }, isCancelled: () -> Bool = { false }
  ) throws -> (embedded: Int, cacheHits: Int) {
    guard let embedder, vectorStore != nil else { return (0, 0) }
    func isStopped() -> Bool { isCancelled() || workStopped.withLock { $0 } }
    let model = embedder.identity.id
    let only = try rowIDs.map { try catalog.chunksMissingVectors(model: model, among: $0) }
    let total = try only?.count ?? catalog.countChunksMissingVectors(model: model)
    guard total > 0 else { return (0, 0) }
    let before = embedder.statistics
    var done = 0
    var after: Int64 = 0
    progress(0, total)
    while !isStopped() {
      let page = try only.map { pending in pending.filter { $0.rowID > after }.prefix(256).map { $0 } }
        ?? catalog.chunksMissingVectors(model: model, after: after, limit: 256)
      guard let last = page.last else { break }
      after = last.rowID
      let inputs = page.map(EmbeddingInputs.input)
      let pageStart = done
      let vectors = try embedder.partialVectors(
        for: inputs, onBatch: { progress(min(total, pageStart + $0), total) }, isCancelled: isStopped)
      // A chunk the provider refused on its own stays without a vector (asked again next run).
      var embedded = zip(page, vectors).compactMap { pending, vector in vector.map { (pending: pending, vector: $0) } }
      // Chunks with the same input as one of this page (a copied function, a repeated
      // accessor) are no longer "missing" once it is cached, so later pages would skip them:
      // they get the vector now.
      let inPage = Set(page.map(\.rowID))
      let vectorsByKey = Dictionary(embedded.map { ($0.pending.key.hex, $0.vector) }, uniquingKeysWith: { first, _ in first })
      for sibling in try catalog.chunksSharingEmbeddingKeys(Array(vectorsByKey.keys), after: after)
      where !inPage.contains(sibling.rowID) {
        if let vector = vectorsByKey[sibling.key.hex] { embedded.append((sibling, vector)) }
      }
      try commitVectors(
        embedded.map {
          StoreRow(id: $0.pending.rowID, fingerprint: Self.fingerprint(ofKey: $0.pending.key.hex), vector: $0.vector)
        })
      resultCache.apply(
        embedded.map { pending, vector in
          QueryResultCache.ChangedChunk(
            root: root.path, id: pending.rowID, path: pending.path, kind: pending.kind, text: nil, vector: vector)
        })
      done += embedded.count
      progress(min(total, done), total)
    }
    let finished = embedder.statistics
    return (finished.textsEmbedded - before.textsEmbedded, finished.cacheHits - before.cacheHits)
  }

  /// Commits vectors to the store and the nearest-neighbour index together. A row whose chunk
  /// continues another (``Catalog/lineage(of:)``) takes that chunk's place: its vector goes,
  /// into history when history is kept.
  /// `nearestNeighbours: false` leaves the nearest-neighbour index alone (it is loaded after).
  func commitVectors(_ rows: [StoreRow], deletes: [Int64] = [], nearestNeighbours: Bool = true) throws {
    guard let store = vectorStore else { return }
    let snapshot = store.snapshot
    var continuing: [Int64: Int64] = [:]
    let upserted = Set(rows.map(\.id))
    // The nearest ancestor with a stored vector: a chunk renamed again before the model ran
    // continues one that never had a vector.
    for (id, chain) in try catalog.ancestors(of: rows.map(\.id)) {
      if let previous = chain.first(where: { snapshot.contains($0) }), !upserted.contains(previous) {
        continuing[id] = previous
      }
    }
    try store.commit(upserts: rows, deletes: deletes, continuing: continuing)
    retainedVectors.withLock { retained in
      retained.subtract(rows.map(\.id))
      retained.subtract(deletes)
      retained.subtract(continuing.values)
    }
    if nearestNeighbours {
      semanticIndex?.apply(added: rows.map { ($0.id, $0.vector) }, removed: deletes + continuing.values)
    }
  }

  /// How long a vanished declaration waits for a successor in a later update, and how many wait.
  static let vanishedWait: TimeInterval = 600
  static let vanishedKept = 2000

  /// How an update's new chunks continue old ones.
  struct LineageMatch {
    /// New chunks (by identity) continuing an old one.
    var continuations: [String: Catalog.Continuation] = [:]
    /// Declarations the update ends without a successor: they wait for one.
    var waiting: [Catalog.VanishedChunk] = []
    /// Waiting declarations this update found successors for.
    var claimedFromPool: [Int64] = []
  }

  /// Which new chunks of `updates` continue chunks the update ends, or chunks earlier
  /// updates ended (``ChunkMatcher``). Only with history kept: it is what lineage is for.
  private func lineage(
    of updates: [Catalog.FileUpdate], before: [(rowID: Int64, identity: String, contentHash: String, embeddingKey: String?)],
    paths: [String]
  ) throws -> LineageMatch {
    var result = LineageMatch()
    guard configuration.history != nil, vectorStore != nil else { return result }
    let oldIdentities = Set(before.map(\.identity))
    let newChunks = updates.flatMap(\.chunks)
    let newIdentities = Set(newChunks.map(\.id.description))
    let vanishedIDs = Set(before.filter { !newIdentities.contains($0.identity) }.map(\.rowID))
    let appeared = newChunks.filter { !oldIdentities.contains($0.id.description) }.map {
      ChunkMatcher.Candidate(identity: $0.id.description, path: $0.path, kind: $0.kind?.rawValue, text: $0.text)
    }
    let vanished =
      vanishedIDs.isEmpty
      ? []
      : try catalog.chunkTexts(inFiles: paths).filter { vanishedIDs.contains($0.rowID) }.map {
        ChunkMatcher.Candidate(identity: $0.identity, path: $0.path, kind: $0.kind, text: $0.text, rowID: $0.rowID)
      }
    result.continuations = ChunkMatcher.match(vanished: vanished, appeared: appeared)
    let unmatched = appeared.filter { result.continuations[$0.identity] == nil && $0.kind != nil }
    if !unmatched.isEmpty {
      let pool = try catalog.recentlyVanished().filter { !vanishedIDs.contains($0.rowID) }
      let found = ChunkMatcher.match(
        vanished: pool.map {
          ChunkMatcher.Candidate(identity: $0.identity, path: $0.path, kind: $0.kind, text: $0.text, rowID: $0.rowID)
        },
        appeared: unmatched)
      result.continuations.merge(found) { first, _ in first }
      result.claimedFromPool = found.values.map(\.previousID)
    }
    let continued = Set(result.continuations.values.map(\.previousID))
    result.waiting = vanished.compactMap { candidate in
      guard let kind = candidate.kind, !continued.contains(candidate.rowID) else { return nil }
      return Catalog.VanishedChunk(
        rowID: candidate.rowID, identity: candidate.identity, path: candidate.path, kind: kind, text: candidate.text)
    }
    return result
  }
}
