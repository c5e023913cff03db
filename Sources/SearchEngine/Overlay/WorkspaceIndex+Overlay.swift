import Embedding
import EmbeddingProviders
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
    /// A newer edit of the document was taken already.
    case superseded

    package var description: String {
      switch self {
      case .overlaid(let chunks, let changed, let embedded):
        "\(chunks) chunks in memory, \(changed) changed, \(embedded) embedded"
      case .unchanged: "unchanged"
      case .matchesIndex: "same as the index"
      case .ignored: "ignored"
      case .superseded: "superseded by a newer edit"
      }
    }
  }

  /// The overlay holds the editor's text, but embedding its changed chunks failed: lexical and
  /// symbol answers have it, semantic ones lack those chunks until ``embedOverlays()`` succeeds.
  package struct OverlayEmbeddingError: Error, CustomStringConvertible {
    package var path: String
    package var underlying: String
    package var description: String {
      "embedding the unsaved text of \(path) failed (\(underlying)); lexical and symbol search have it"
    }
  }

  /// Takes an open document's unsaved text: searches in this process answer from it instead
  /// of the file's saved chunks, and nothing is written to the index (the embedding cache
  /// excepted: it is content-addressed, and saving the file later then costs no model call).
  ///
  /// Only chunks whose embedding input changed since the last version are embedded.
  /// `embed: false` leaves new chunks without vectors until ``embedOverlays()``: symbol and
  /// lexical answers need none. `generation` numbers the document's edits (it only grows): an
  /// edit older than one already taken is ignored. The ignore rules are checked when an
  /// overlay begins, and again with `recheckRules`.
  @discardableResult
  package func setEditorText(
    relativePath: String, text: String, generation: Int = 0, embed: Bool = true, recheckRules: Bool = false
  ) throws -> EditorTextOutcome {
    try overlayLock.withLock { _ in
      let (previous, superseded) = overlays.withLock {
        ($0.files[relativePath], $0.isSuperseded(path: relativePath, generation: generation))
      }
      if superseded { return .superseded }
      let hash = ContentHash.of(text)
      if try catalog.fileRecord(path: relativePath)?.contentHash == hash {
        dropOverlayLocked(relativePath, generation: generation)
        return .matchesIndex
      }
      if let previous, previous.contentHash == hash, !embed || !previous.needsVectors(embedder != nil) {
        overlays.withLock { $0.raiseFloor(path: relativePath, to: generation) }
        return .unchanged
      }
      guard (previous != nil && !recheckRules) || scanner.shouldIndex(relativePath: relativePath, in: root),
        text.utf8.count <= configuration.scan.maxFileBytes
      else {
        dropOverlayLocked(relativePath, generation: generation)
        return .ignored
      }
      let chunked = chunker.chunk(path: relativePath, text: text)
      let pathWords = SearchFields.pathWords(relativePath)
      let before = Dictionary(
        (previous?.chunks ?? []).map { (Self.versionKey($0.hit), $0) }, uniquingKeysWith: { first, _ in first })
      let vectorsByKey = Dictionary(
        (previous?.chunks ?? []).compactMap { chunk in chunk.vector.map { (chunk.embeddingKey, $0) } },
        uniquingKeysWith: { first, _ in first })
      let ids = overlays.withLock { overlays in
        chunked.chunks.map { overlays.id(path: relativePath, identity: $0.id.description) }
      }
      var chunks: [OverlayChunk] = []
      var added: [(key: Int64, fields: [String])] = []
      for (position, chunk) in chunked.chunks.enumerated() {
        let hit = ChunkHit(
          rowID: ids[position], id: chunk.id, kind: chunk.kind, signature: chunk.signature, language: chunk.language,
          span: chunk.span, contentHash: chunk.contentHash, text: chunk.text, score: 0)
        // Unchanged text keeps its place in the full-text table; new text gets one.
        let known = before[Self.versionKey(hit)]
        let textKey = known?.textKey ?? overlays.withLock { $0.textKey() }
        if known == nil {
          added.append(
            (textKey, SearchFields.fields(name: chunk.name, container: chunk.container, pathWords: pathWords, text: chunk.text)))
        }
        let key = EmbeddingInputs.key(for: chunk)
        chunks.append(
          OverlayChunk(hit: hit, embeddingKey: key, vector: vectorsByKey[key], textKey: textKey, length: known?.length ?? 0))
      }
      // Embedding may fail (a provider down): the text is still taken, without those vectors.
      var embedded = 0
      var embeddingFailure: Error?
      if embed {
        do {
          embedded = try embedMissing(&chunks)
        } catch {
          embeddingFailure = error
        }
      }
      let kept = Set(chunks.map(\.textKey))
      let retiring = (previous?.chunks ?? []).map(\.textKey).filter { !kept.contains($0) }
      let removable = overlays.withLock { overlays in
        defer { overlays.retiredTextKeys = retiring }
        return overlays.retiredTextKeys
      }
      let lengths = try tokenizer.update(adding: added, removing: removable)
      for position in chunks.indices {
        if let length = lengths[chunks[position].textKey] { chunks[position].length = length }
      }
      let file = OverlayFile(
        path: relativePath, contentHash: hash, chunks: chunks, symbols: chunked.symbols,
        generation: max(generation, previous?.generation ?? generation))
      overlays.withLock {
        $0.set(file)
        $0.raiseFloor(path: relativePath, to: generation)
      }
      symbolTable.withLock { $0.setOverlay(path: relativePath, symbols: chunked.symbols) }
      reportOverlayChange(from: previous, to: file)
      if let embeddingFailure {
        throw OverlayEmbeddingError(path: relativePath, underlying: String(describing: embeddingFailure))
      }
      let changed = chunks.filter { before[Self.versionKey($0.hit)] == nil }.count
      return .overlaid(chunks: chunks.count, changed: changed, embedded: embedded)
    }
  }

  /// Forgets an open document's unsaved text (closed, saved, or reverted): the saved file's
  /// chunks answer again, and edits older than `generation` no longer apply. Returns whether
  /// there was any.
  @discardableResult
  package func dropEditorText(relativePath: String, generation: Int = 0) -> Bool {
    overlayLock.withLock { _ in dropOverlayLocked(relativePath, generation: generation) }
  }

  /// Embeds overlay chunks left without vectors (``setEditorText(relativePath:text:generation:embed:recheckRules:)``
  /// with `embed: false`, or after a failure); returns how many the model embedded.
  @discardableResult
  package func embedOverlays() throws -> Int {
    guard embedder != nil else { return 0 }
    return try overlayLock.withLock { _ in
      var total = 0
      for file in overlays.withLock({ Array($0.files.values) }) where file.needsVectors(true) {
        var chunks = file.chunks
        total += try embedMissing(&chunks)
        var updated = file
        updated.chunks = chunks
        overlays.withLock { $0.set(updated) }
        reportOverlayChange(from: file, to: updated, vectorsOnly: true)
      }
      return total
    }
  }

  /// The overlaid documents of this folder (paths), for diagnostics and tests.
  package var overlaidPaths: [String] { overlays.withLock { $0.files.keys.sorted() } }

  private static func versionKey(_ hit: ChunkHit) -> String { hit.id.description + "\u{0}" + hit.contentHash.hex }

  private func embedMissing(_ chunks: inout [OverlayChunk]) throws -> Int {
    guard let embedder else { return 0 }
    let missing = chunks.indices.filter { chunks[$0].vector == nil }
    guard !missing.isEmpty else { return 0 }
    let before = embedder.statistics.textsEmbedded
    // Unsaved text is embedded on the way to answering a search: while a remote provider is
    // down (paused) the edited chunks wait, rather than the search.
    let provider = embedder.embedder as? ResilientEmbedder
    let vectors = try embedder.vectors(
      for: missing.map { EmbeddingInputs.input(for: chunks[$0].hit) }, isCancelled: { provider?.state.isPaused == true || self.workStopped.withLock { $0 } })
    for (position, vector) in zip(missing, vectors) { chunks[position].vector = vector }
    return embedder.statistics.textsEmbedded - before
  }

  @discardableResult
  private func dropOverlayLocked(_ path: String, generation: Int) -> Bool {
    let (removed, empty) = overlays.withLock { overlays in
      overlays.raiseFloor(path: path, to: generation)
      let removed = overlays.remove(path: path)
      if let removed { overlays.retiredTextKeys += removed.chunks.map(\.textKey) }
      return (removed, overlays.isEmpty)
    }
    guard removed != nil else { return false }
    symbolTable.withLock { $0.removeOverlay(path: path) }
    if empty {
      // Nothing unsaved is left: the table starts afresh (no tombstones to wade through).
      overlays.withLock { $0.retiredTextKeys = [] }
      try? tokenizer.removeAllLive()
    }
    // The saved chunks come back into every answer they would have been in.
    resultCache.removeAll()
    return true
  }

  /// Tells the result cache what an overlay change removed and added, as a commit does.
  private func reportOverlayChange(from previous: OverlayFile?, to file: OverlayFile, vectorsOnly: Bool = false) {
    guard resultCache.noteChange() else { return }
    // A new overlay takes the saved chunks out of every answer.
    let saved = previous == nil ? ((try? catalog.chunkRowIDs(inFiles: [file.path])) ?? []) : []
    var changes = saved.map { QueryResultCache.ChangedChunk(root: root.path, id: $0, path: file.path, text: nil, vector: nil) }
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
      let unknown = Dictionary(uniqueKeysWithValues: ids.map { ($0, Double.infinity) })
      do {
        guard
          let found = try OverlayScoring.occurrences(of: key.text, ranking: key.ranking, tokenizer: tokenizer),
          ids.contains(where: { byID[$0].map { found.occurrences[$0.textKey] != nil } ?? false })
        else { return [:] }
        let scorer = try OverlayScoring.scorer(for: found, ranking: key.ranking, catalog: catalog)
        var scores: [Int64: Double] = [:]
        for id in ids {
          guard let chunk = byID[id], let counts = found.occurrences[chunk.textKey] else { continue }
          scores[id] = scorer.score(occurrences: counts, length: chunk.length)
        }
        return scores
      } catch {
        return unknown
      }
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
  /// A query's phrases, as text and as tokens, and where they occur in the unsaved text.
  struct Occurrences {
    var phrases: [String]
    var tokens: [[String]]
    /// By full-text key: `[phrase][field]` counts.
    var occurrences: [Int64: [[Int]]]
  }

  /// Where `query`'s phrases occur in the unsaved text; `nil` when it has no full-text terms.
  static func occurrences(of query: String, ranking: RankingOptions, tokenizer: FullTextTokenizer) throws -> Occurrences? {
    let phrases = FullTextQuery.phrases(for: query, dropsStopWords: ranking.dropsStopWords)
    guard !phrases.isEmpty else { return nil }
    let tokens = try tokenizer.tokenize(phrases: phrases)
    return Occurrences(phrases: phrases, tokens: tokens, occurrences: try tokenizer.occurrences(of: tokens))
  }

  /// The scorer for those phrases in the catalog's corpus (reads its statistics).
  static func scorer(for found: Occurrences, ranking: RankingOptions, catalog: Catalog) throws -> BM25Scorer {
    BM25Scorer(
      phrases: found.tokens, statistics: try catalog.fullTextStatistics(phrases: found.phrases),
      weights: ranking.fieldWeights)
  }
}
