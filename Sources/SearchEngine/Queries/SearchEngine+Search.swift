import Embedding
import Foundation
import MetadataStore
import SearchCore

/// One query of a search call.
package struct SearchRequest: Sendable, Hashable {
  package var text: String
  package var limit: Int
  /// `nil`: the engine's default (hybrid with a model, lexical without).
  package var mode: SearchMode?
  package var filters: SearchFilters
  /// How hybrid search fuses its lists.
  package var ranking: RankingOptions

  package init(
    text: String, limit: Int = 20, mode: SearchMode? = nil, filters: SearchFilters = SearchFilters(),
    ranking: RankingOptions = .standard
  ) {
    self.text = text
    self.limit = limit
    self.mode = mode
    self.filters = filters
    self.ranking = ranking
  }
}

extension SearchEngine {
  /// The mode used when a caller names none: hybrid with a model, lexical without.
  package var defaultSearchMode: SearchMode { configuration.embedder == nil ? .lexical : .hybrid }

  /// Ranked chunks for a query across all folders.
  package func search(
    _ query: String, limit: Int = 20, mode: SearchMode? = nil, filters: SearchFilters = SearchFilters()
  ) throws -> [CodeMatch] {
    try search(batch: [SearchRequest(text: query, limit: limit, mode: mode, filters: filters)]).first ?? []
  }

  /// Answers many queries in one call (headless use), as front ends see the answers.
  package func search(batch requests: [SearchRequest]) throws -> [[CodeMatch]] {
    try searchHits(batch: requests).map { $0.map(CodeMatch.init) }
  }

  /// One query's ranked chunks with the catalog rows they came from (the engine's own use).
  func searchHits(
    _ query: String, limit: Int = 20, mode: SearchMode? = nil, filters: SearchFilters = SearchFilters()
  ) throws -> [SearchHit] {
    try searchHits(batch: [SearchRequest(text: query, limit: limit, mode: mode, filters: filters)]).first ?? []
  }

  /// Answers many queries in one call (headless use): answers come from the result cache
  /// where they can, and the queries that need embedding are embedded in one model call.
  func searchHits(batch requests: [SearchRequest]) throws -> [[SearchHit]] {
    let keys = requests.map { request in
      QueryResultCache.Key(
        text: request.text, mode: request.mode ?? defaultSearchMode, filters: request.filters, limit: request.limit,
        ranking: request.ranking)
    }
    var answers: [[SearchHit]?] = keys.map { $0.limit > 0 ? resultCache.lookup($0) : [] }
    let pending = keys.indices.filter { answers[$0] == nil }
    let needVectors = pending.filter { keys[$0].mode != .lexical }.map { keys[$0].text }
    let vectors = needVectors.isEmpty ? [:] : try queryVectors(for: needVectors)
    for index in pending {
      let key = keys[index]
      let epoch = resultCache.epoch
      let (hits, provenance) = try answer(key, vector: vectors[key.text])
      // Not kept when a change arrived meanwhile: the answer may hold what it removed.
      resultCache.store(hits, for: key, provenance: provenance, computedAt: epoch)
      answers[index] = hits
    }
    return answers.map { $0 ?? [] }
  }

  /// The answer to one request computed afresh, bypassing the result cache: what the
  /// evaluation times. `vector` is the query's embedding (needed unless the mode is lexical).
  package func rankedHits(for request: SearchRequest, vector: [Float]?) throws -> [SearchHit] {
    let key = QueryResultCache.Key(
      text: request.text, mode: request.mode ?? defaultSearchMode, filters: request.filters, limit: request.limit,
      ranking: request.ranking)
    return try answer(key, vector: vector).0
  }

  /// Computes an answer, with what it was made of (for the cache's invalidation).
  private func answer(_ key: QueryResultCache.Key, vector: [Float]?) throws -> ([SearchHit], QueryResultCache.Provenance) {
    var provenance = QueryResultCache.Provenance()
    // Hybrid reads deeper lists than asked for: a chunk ranked 25th by one ranking and 3rd by
    // the other belongs near the top of the fusion.
    let depth = key.mode == .hybrid ? max(key.limit * 3, 30) : key.limit
    // Filters are resolved against each folder's files once, for both rankings.
    // Unsaved editor text stands in for its saved file in every list of this answer: the
    // saved file's chunks are excluded inside the scans.
    let overlay = OverlayView(folders: openFolders)
    let filters = try resolvedFilters(key.filters, overlay: overlay)
    var lists: [[SearchHit]] = []
    var deepScores: [String: Double] = [:]
    // Score fusion can score each list's hits by the other ranking too.
    let fills = key.mode == .hybrid && key.ranking.fusion == .scoreBlend && key.ranking.fillsMissingScores
    if key.mode != .lexical {
      guard let vector else {
        throw SearchError(configuration.embedderUnavailableReason ?? "semantic search needs an embedding model, and none is configured")
      }
      let semantic = try semanticList(vector, depth: depth, filters: filters, overlay: overlay, searchFilters: key.filters)
      provenance.queryVector = vector
      provenance.semanticFloor = semantic.count == depth ? Float(semantic.last?.score ?? -.infinity) : -.infinity
      lists.append(semantic)
    }
    if key.mode != .semantic {
      let lexical: [SearchHit]
      (lexical, deepScores) = try lexicalList(
        key.text, depth: depth, filters: filters, ranking: key.ranking, scoreDepth: fills ? depth * 10 : 0,
        overlay: overlay, searchFilters: key.filters)
      provenance.lexicalFloor = lexical.count == depth ? lexical.last?.score ?? -.infinity : -.infinity
      provenance.terms = FullTextQuery.terms(for: key.text)
      lists.append(lexical)
    }
    for list in lists {
      for hit in list { provenance.rows.insert(.init(root: hit.root.path, id: hit.chunk.rowID)) }
    }
    if fills, lists.count == 2, let vector {
      var (semantic, lexical) = (lists[0], lists[1])
      fillMissingScores(
        semantic: &semantic, lexical: &lexical, deepScores: deepScores, vector: vector, overlay: overlay)
      lists = [semantic, lexical]
    }
    let consultsNames = lists.count == 2 && key.ranking.nameWeight > 0 && QueryShape.of(key.text) == .identifier
    let names = consultsNames ? try nameList(key, depth: depth, filters: filters, overlay: overlay) : []
    // Any new symbol could match the query by name, whether or not one did now.
    provenance.usesNames = consultsNames
    for hit in names { provenance.rows.insert(.init(root: hit.root.path, id: hit.chunk.rowID)) }
    let hits =
      lists.count == 1
      ? Array(lists[0].prefix(key.limit))
      : HybridFusion.fuse(
        semantic: lists[0], lexical: lists[1], names: names, query: key.text, ranking: key.ranking, limit: key.limit)
    return (hits, provenance)
  }

  /// Gives each hit of one list its score from the other: BM25 for semantic hits below the
  /// lexical list's cut-off (from `deepScores`, a deeper BM25 ranking), the cosine for lexical
  /// hits the semantic list did not reach (read from the store). A chunk the other ranking
  /// does not match at all, or ranks below the deep list, keeps no score there.
  private func fillMissingScores(
    semantic: inout [SearchHit], lexical: inout [SearchHit], deepScores: [String: Double], vector: [Float],
    overlay: OverlayView
  ) {
    for position in semantic.indices where semantic[position].keywordScore == nil {
      let hit = semantic[position]
      semantic[position].keywordScore = deepScores[Self.scoreKey(root: hit.root, rowID: hit.chunk.rowID)]
    }
    let inSemantic = Set(semantic.map { Self.scoreKey(root: $0.root, rowID: $0.chunk.rowID) })
    // Unsaved chunks (negative ids) carry their vectors in memory.
    for position in lexical.indices where lexical[position].chunk.rowID < 0 {
      let hit = lexical[position]
      guard !inSemantic.contains(Self.scoreKey(root: hit.root, rowID: hit.chunk.rowID)) else { continue }
      lexical[position].similarity = overlay.similarity(root: hit.root, id: hit.chunk.rowID, to: vector)
    }
    for index in openFolders {
      let needSimilarity = lexical.filter {
        $0.root == index.root && $0.chunk.rowID >= 0
          && !inSemantic.contains(Self.scoreKey(root: $0.root, rowID: $0.chunk.rowID))
      }
      guard !needSimilarity.isEmpty else { continue }
      // As for semantic hits: only the vector of the very text the lexical list holds counts.
      let rows = (try? index.catalog.chunksWithEmbeddingKeys(rowIDs: needSimilarity.map(\.chunk.rowID))) ?? [:]
      let candidates = needSimilarity.compactMap { hit -> (rowID: Int64, embeddingKey: String)? in
        guard let row = rows[hit.chunk.rowID], row.chunk.contentHash == hit.chunk.contentHash,
          let key = row.embeddingKey
        else { return nil }
        return (hit.chunk.rowID, key)
      }
      let similarities = index.currentScores(of: candidates, to: vector)
      for position in lexical.indices where lexical[position].root == index.root && lexical[position].chunk.rowID >= 0 {
        if let similarity = similarities[lexical[position].chunk.rowID] { lexical[position].similarity = similarity }
      }
    }
  }

  /// Chunks holding the symbols whose names best match an identifier-shaped query, each with
  /// the name match's score (as `workspace/symbol` ranks them); empty when the ranking gives
  /// names no weight or the query reads as words.
  func nameList(
    _ key: QueryResultCache.Key, depth: Int, filters: [URL: ChunkFilter], overlay: OverlayView
  ) throws -> [SearchHit] {
    guard key.ranking.nameWeight > 0, QueryShape.of(key.text) == .identifier else { return [] }
    // A filter drops matches after they are ranked: ask for more so that enough pass.
    let filtered = filters.values.contains { !$0.admitsEverything }
    let matches = symbols(matching: key.text, limit: filtered ? depth * 10 : depth)
    var hits: [SearchHit] = []
    var seen: Set<String> = []
    for index in openFolders {
      let all = matches.filter { $0.root == index.root }
      // Symbols of unsaved text live in overlay chunks; the rest in the catalog.
      let mine = all.filter { !overlay.isOverlaid(root: index.root, path: $0.path) }
      var located = zip(mine, try index.catalog.innermostChunks(
        at: mine.map { ($0.path, $0.symbol.nameSpan.start.line) }, filter: filters[index.root] ?? ChunkFilter()))
        .map { ($0, $1) }
      for match in all where overlay.isOverlaid(root: index.root, path: match.path) {
        located.append(
          (match, overlay.innermostChunk(
            root: index.root, path: match.path, line: match.symbol.nameSpan.start.line, filters: key.filters)))
      }
      for (match, chunk) in located {
        guard let chunk, seen.insert(Self.scoreKey(root: index.root, rowID: chunk.rowID)).inserted else { continue }
        hits.append(SearchHit(root: index.root, chunk: chunk, score: Double(match.score)))
      }
    }
    hits.sort { $0.score > $1.score }
    return Array(hits.prefix(depth))
  }

  /// `filters`: each folder's resolved filter (a folder without one is searched unfiltered).
  /// With a `scoreDepth` beyond `depth`, the BM25 scores of that many chunks come back too
  /// (keyed by ``scoreKey(root:rowID:)``), from the same FTS5 query.
  func lexicalList(
    _ query: String, depth: Int, filters: [URL: ChunkFilter], ranking: RankingOptions, scoreDepth: Int = 0,
    overlay: OverlayView, searchFilters: SearchFilters
  ) throws -> (hits: [SearchHit], deepScores: [String: Double]) {
    var hits: [SearchHit] = []
    var deepScores: [String: Double] = [:]
    for index in openFolders {
      let filter = filters[index.root] ?? ChunkFilter()
      let unsaved = try overlay.lexicalHits(root: index.root, query: query, ranking: ranking, filters: searchFilters)
      hits += unsaved
      guard scoreDepth > depth else {
        for chunk in try index.catalog.lexicalSearch(
          query, limit: depth, filter: filter, weights: ranking.fieldWeights, dropsStopWords: ranking.dropsStopWords)
        where !overlay.isOverlaid(root: index.root, path: chunk.id.path) {
          hits.append(SearchHit(root: index.root, chunk: chunk, score: chunk.score, keywordScore: chunk.score))
        }
        continue
      }
      for hit in unsaved { deepScores[Self.scoreKey(root: index.root, rowID: hit.chunk.rowID)] = hit.score }
      let ranked = try index.catalog.lexicalRanking(
        query, limit: scoreDepth, filter: filter, weights: ranking.fieldWeights,
        dropsStopWords: ranking.dropsStopWords)
      let top = ranked.prefix(depth)
      let rows = try index.catalog.chunks(rowIDs: top.map(\.rowID))
      for entry in ranked { deepScores[Self.scoreKey(root: index.root, rowID: entry.rowID)] = entry.score }
      for entry in top {
        // A row deleted between the two reads is left out, as is a saved chunk of unsaved text.
        guard var chunk = rows[entry.rowID], !overlay.isOverlaid(root: index.root, path: chunk.id.path) else { continue }
        chunk.score = entry.score
        hits.append(SearchHit(root: index.root, chunk: chunk, score: entry.score, keywordScore: entry.score))
      }
    }
    hits.sort { $0.score > $1.score }
    return (Array(hits.prefix(depth)), deepScores)
  }

  static func scoreKey(root: URL, rowID: Int64) -> String { root.path + "\u{0}" + String(rowID) }

  /// Each folder's filter in catalog terms, with the saved chunks of overlaid files excluded.
  func resolvedFilters(_ filters: SearchFilters, overlay: OverlayView) throws -> [URL: ChunkFilter] {
    var resolved: [URL: ChunkFilter] = [:]
    for index in openFolders {
      var filter = try filters.chunkFilter(in: index.catalog)
      filter.excludedChunkIDs = try overlay.savedChunkIDs(of: index)
      resolved[index.root] = filter
    }
    return resolved
  }

  func semanticList(
    _ vector: [Float], depth: Int, filters: [URL: ChunkFilter], overlay: OverlayView, searchFilters: SearchFilters
  ) throws -> [SearchHit] {
    var hits: [SearchHit] = []
    for index in openFolders {
      guard let semantic = index.semanticIndex else { continue }
      hits += overlay.semanticHits(root: index.root, vector: vector, filters: searchFilters)
      let filter = filters[index.root] ?? ChunkFilter()
      let allowed = filter.admitsEverything ? nil : Set(try index.catalog.chunkRowIDs(matching: filter))
      var unreadable: [Int64] = []
      // Vectors kept for history until their successor arrives are no chunk's current one.
      let excluded = Set(filter.excludedChunkIDs).union(index.retainedVectors.withLock { $0 })
      let nearest = try semantic.search(vector, k: depth, allowed: allowed, excluded: excluded, unreadable: &unreadable)
      // A damaged block is left out of this answer and mended from the embedding cache.
      if !unreadable.isEmpty { index.repairVectors(unreadable) }
      afterNearestNeighbourScan.withLock { $0 }?()
      // The scan, the catalog and the store are read one after the other while edits may
      // land: ids are never given to another chunk, and each hit is scored again from the
      // stored vector of exactly the version of the chunk the catalog returned.
      let rows = try index.catalog.chunksWithEmbeddingKeys(rowIDs: nearest.map(\.rowID))
      let scores = index.currentScores(
        of: nearest.compactMap { entry in rows[entry.rowID]?.embeddingKey.map { (entry.rowID, $0) } }, to: vector)
      for (rowID, _) in nearest {
        guard var chunk = rows[rowID]?.chunk, let score = scores[rowID],
          !overlay.isOverlaid(root: index.root, path: chunk.id.path)
        else { continue }
        chunk.score = score
        hits.append(SearchHit(root: index.root, chunk: chunk, score: score, similarity: score))
      }
    }
    hits.sort { $0.score > $1.score }
    return Array(hits.prefix(depth))
  }

  /// Embeddings of queries, from the cache of recent ones where possible, the rest in one call.
  func queryVectors(for texts: [String]) throws -> [String: [Float]] {
    guard let model = configuration.embedder else {
      throw SearchError(configuration.embedderUnavailableReason ?? "semantic search needs an embedding model, and none is configured")
    }
    var result: [String: [Float]] = [:]
    var missing: [String] = []
    queryVectors.withLock { cache in
      for text in Set(texts) {
        if let vector = cache.vector(for: text) { result[text] = vector } else { missing.append(text) }
      }
    }
    guard !missing.isEmpty else { return result }
    let batch = try model.embed(missing, purpose: .query)
    guard batch.vectors.count == missing.count else {
      throw SearchError("\(model.identity.id) returned \(batch.vectors.count) vectors for \(missing.count) queries")
    }
    queryVectors.withLock { cache in
      for (text, vector) in zip(missing, batch.vectors) { cache.store(vector, for: text) }
    }
    for (text, vector) in zip(missing, batch.vectors) { result[text] = vector }
    return result
  }

  /// How often queries were answered from the caches, for `sextant/status`.
  package var queryCacheStatistics: (results: QueryResultCache.Statistics, vectorHits: Int, vectorMisses: Int) {
    let vectors = queryVectors.withLock { ($0.hits, $0.misses) }
    return (resultCache.currentStatistics, vectors.0, vectors.1)
  }
}
