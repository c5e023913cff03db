import Embedding
import Foundation
import MetadataStore
import SearchCore

extension WorkspaceIndex {
  /// What taking an editor's text did.
  package enum EditorTextOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The text differs from the saved file: it is answered from memory. `embedded` counts
    /// chunks the model embedded (the rest kept their vectors or came from the cache).
    case overlaid(chunks: Int, changed: Int, embedded: Int)
    /// The overlay already holds this text.
    case unchanged
    /// The text is what the index holds for the file: no overlay.
    case matchesIndex
    /// Excluded by the ignore rules or the size limit.
    case ignored

    package var description: String {
      switch self {
      case .overlaid(let chunks, let changed, let embedded):
        "\(chunks) chunks in memory, \(changed) changed, \(embedded) embedded"
      case .unchanged: "unchanged"
      case .matchesIndex: "same as the index"
      case .ignored: "ignored"
      }
    }
  }

  /// Takes an open document's unsaved text: searches in this process answer from it instead
  /// of the file's saved chunks, and nothing is written to the index (the embedding cache
  /// excepted: it is content-addressed, and saving the file later then costs no model call).
  ///
  /// Only chunks whose embedding input changed since the last version are embedded.
  /// `embed: false` leaves new chunks without vectors until ``embedOverlays()``: symbol and
  /// lexical answers need none.
  @discardableResult
  package func setEditorText(relativePath: String, text: String, embed: Bool = true) throws -> EditorTextOutcome {
    try overlayLock.withLock { _ in
      let previous = overlays.withLock { $0.files[relativePath] }
      // The ignore rules were checked when the overlay began (a disk update checks again).
      guard previous != nil || scanner.shouldIndex(relativePath: relativePath, in: root),
        text.utf8.count <= configuration.scan.maxFileBytes
      else {
        dropOverlayLocked(relativePath)
        return .ignored
      }
      let hash = ContentHash.of(text)
      if let previous, previous.contentHash == hash, !embed || !previous.needsVectors(embedder != nil) {
        return .unchanged
      }
      if try catalog.fileRecord(path: relativePath)?.contentHash == hash {
        dropOverlayLocked(relativePath)
        return .matchesIndex
      }
      let chunked = chunker.chunk(path: relativePath, text: text)
      let pathWords = SearchFields.pathWords(relativePath)
      let before = Dictionary(
        (previous?.chunks ?? []).map { ($0.hit.id.description + "\u{0}" + $0.hit.contentHash.hex, $0) },
        uniquingKeysWith: { first, _ in first })
      let vectorsByKey = Dictionary(
        (previous?.chunks ?? []).compactMap { chunk in chunk.vector.map { (chunk.embeddingKey, $0) } },
        uniquingKeysWith: { first, _ in first })
      let ids = overlays.withLock { overlays in
        chunked.chunks.map { overlays.id(path: relativePath, identity: $0.id.description) }
      }
      var chunks: [OverlayChunk] = []
      var added: [(key: Int64, fields: [String])] = []
      for (position, chunk) in chunked.chunks.enumerated() {
        let key = EmbeddingInputs.key(for: chunk)
        // Unchanged text keeps its place in the full-text table; new text gets one.
        let known = before[chunk.id.description + "\u{0}" + chunk.contentHash.hex]
        let textKey = known?.textKey ?? overlays.withLock { $0.textKey() }
        if known == nil {
          added.append(
            (textKey, SearchFields.fields(name: chunk.name, container: chunk.container, pathWords: pathWords, text: chunk.text)))
        }
        chunks.append(
          OverlayChunk(
            hit: ChunkHit(
              rowID: ids[position], id: chunk.id, kind: chunk.kind, signature: chunk.signature, language: chunk.language,
              span: chunk.span, contentHash: chunk.contentHash, text: chunk.text, score: 0),
            embeddingKey: key, vector: vectorsByKey[key], textKey: textKey, length: known?.length ?? 0))
      }
      let kept = Set(chunks.map(\.textKey))
      let lengths = try tokenizer.update(
        adding: added, removing: (previous?.chunks ?? []).map(\.textKey).filter { !kept.contains($0) })
      for position in chunks.indices {
        if let length = lengths[chunks[position].textKey] { chunks[position].length = length }
      }
      let embedded = embed ? try embedMissing(&chunks, sources: chunked.chunks) : 0
      let shadowed = previous == nil ? try catalog.chunkRowIDs(inFiles: [relativePath]) : []
      let file = OverlayFile(
        path: relativePath, contentHash: hash, chunks: chunks, symbols: chunked.symbols,
        shadowedChunks: previous?.shadowedChunks ?? shadowed.count)
      overlays.withLock { $0.set(file) }
      symbolTable.withLock { $0.setOverlay(path: relativePath, symbols: chunked.symbols) }
      reportOverlayChange(from: previous, to: file, shadowedRows: shadowed)
      let changed = chunks.filter { before[$0.hit.id.description + "\u{0}" + $0.hit.contentHash.hex] == nil }.count
      return .overlaid(chunks: chunks.count, changed: changed, embedded: embedded)
    }
  }

  /// Forgets an open document's unsaved text (closed, saved, or reverted): the saved file's
  /// chunks answer again. Returns whether there was any.
  @discardableResult
  package func dropEditorText(relativePath: String) -> Bool {
    overlayLock.withLock { _ in dropOverlayLocked(relativePath) }
  }

  /// Embeds overlay chunks left without vectors (``setEditorText(relativePath:text:embed:)``
  /// with `embed: false`); returns how many the model embedded.
  @discardableResult
  package func embedOverlays() throws -> Int {
    guard embedder != nil else { return 0 }
    return try overlayLock.withLock { _ in
      var total = 0
      for file in overlays.withLock({ Array($0.files.values) }) where file.needsVectors(true) {
        var chunks = file.chunks
        let sources = chunks.map { overlayChunk in
          Chunk(
            path: file.path, name: overlayChunk.hit.id.name, kind: overlayChunk.hit.kind,
            container: overlayChunk.hit.id.container, signature: overlayChunk.hit.signature,
            ordinal: overlayChunk.hit.id.ordinal, span: overlayChunk.hit.span, text: overlayChunk.hit.text,
            language: overlayChunk.hit.language)
        }
        total += try embedMissing(&chunks, sources: sources)
        var updated = file
        updated.chunks = chunks
        overlays.withLock { $0.set(updated) }
        reportOverlayChange(from: file, to: updated, shadowedRows: [], vectorsOnly: true)
      }
      return total
    }
  }

  /// The overlaid documents of this folder (paths), for diagnostics and tests.
  package var overlaidPaths: [String] { overlays.withLock { $0.files.keys.sorted() } }

  private func embedMissing(_ chunks: inout [OverlayChunk], sources: [Chunk]) throws -> Int {
    guard let embedder else { return 0 }
    let missing = chunks.indices.filter { chunks[$0].vector == nil }
    guard !missing.isEmpty else { return 0 }
    let before = embedder.statistics.textsEmbedded
    let vectors = try embedder.vectors(for: missing.map { EmbeddingInputs.input(for: sources[$0]) })
    for (position, vector) in zip(missing, vectors) { chunks[position].vector = vector }
    return embedder.statistics.textsEmbedded - before
  }

  @discardableResult
  private func dropOverlayLocked(_ path: String) -> Bool {
    guard let removed = overlays.withLock({ $0.remove(path: path) }) else { return false }
    symbolTable.withLock { $0.removeOverlay(path: path) }
    if overlays.withLock({ $0.isEmpty }) {
      try? tokenizer.removeAllLive()
    } else {
      _ = try? tokenizer.update(adding: [], removing: removed.chunks.map(\.textKey))
    }
    // The saved chunks come back into every answer they would have been in.
    resultCache.removeAll()
    return true
  }

  /// Tells the result cache what an overlay change removed and added, as a commit does.
  private func reportOverlayChange(
    from previous: OverlayFile?, to file: OverlayFile, shadowedRows: [Int64], vectorsOnly: Bool = false
  ) {
    guard !resultCache.isEmpty else { return }
    var changes = shadowedRows.map { QueryResultCache.ChangedChunk(root: root.path, id: $0, path: file.path, text: nil, vector: nil) }
    let old = Dictionary((previous?.chunks ?? []).map { ($0.hit.rowID, $0) }, uniquingKeysWith: { first, _ in first })
    let current = Set(file.chunks.map(\.hit.rowID))
    for (id, _) in old where !current.contains(id) {
      changes.append(QueryResultCache.ChangedChunk(root: root.path, id: id, path: file.path, text: nil, vector: nil))
    }
    for chunk in file.chunks {
      let before = old[chunk.hit.rowID]
      let textChanged = before?.hit.contentHash != chunk.hit.contentHash || before?.hit.span != chunk.hit.span
      let vectorChanged = before?.vector == nil && chunk.vector != nil
      guard textChanged || vectorChanged else { continue }
      changes.append(
        QueryResultCache.ChangedChunk(
          root: root.path, id: chunk.hit.rowID, path: file.path, language: chunk.hit.language, kind: chunk.hit.kind,
          text: vectorsOnly ? nil : chunk.hit.text, vector: chunk.vector))
    }
    let byID = Dictionary(file.chunks.map { ($0.hit.rowID, $0) }, uniquingKeysWith: { first, _ in first })
    resultCache.apply(changes) { [catalog, tokenizer] key, ids in
      // A failed lookup counts as a match: the answer is dropped rather than kept by a guess.
      guard
        let scorer = try? OverlayScoring.scorer(
          for: key.text, ranking: key.ranking, catalog: catalog, tokenizer: tokenizer) as BM25Scorer??
      else { return Dictionary(uniqueKeysWithValues: ids.map { ($0, Double.infinity) }) }
      guard let scorer else { return [:] }
      guard let occurrences = try? tokenizer.occurrences(of: scorer.phrases) else {
        return Dictionary(uniqueKeysWithValues: ids.map { ($0, Double.infinity) })
      }
      var scores: [Int64: Double] = [:]
      for id in ids {
        guard let chunk = byID[id], let counts = occurrences[chunk.textKey] else { continue }
        scores[id] = scorer.score(occurrences: counts, length: chunk.length)
      }
      return scores
    }
  }
}

extension OverlayFile {
  /// Whether some chunk still lacks a vector that a model would give it.
  func needsVectors(_ hasModel: Bool) -> Bool {
    hasModel && chunks.contains { $0.vector == nil }
  }
}

/// BM25 for overlay chunks, with the catalog's statistics.
enum OverlayScoring {
  /// A scorer for `query` under `ranking`, or `nil` when the query has no full-text terms.
  static func scorer(
    for query: String, ranking: RankingOptions, catalog: Catalog, tokenizer: FullTextTokenizer
  ) throws -> BM25Scorer? {
    let phrases = FullTextQuery.phrases(for: query, dropsStopWords: ranking.dropsStopWords)
    guard !phrases.isEmpty else { return nil }
    return BM25Scorer(
      phrases: try tokenizer.tokenize(phrases: phrases), statistics: try catalog.fullTextStatistics(phrases: phrases),
      weights: ranking.fieldWeights)
  }
}
