import Foundation
import SearchCore

/// Answers of recent searches, kept valid across edits when an edit cannot change them.
///
/// An edit does not flush the cache. Each entry remembers what its answer was made of: the
/// rows of its semantic and lexical lists, the query's vector and the lowest semantic score
/// that made the list (its floor), and the query's full-text terms. A change invalidates an
/// entry only if it could alter one of those lists:
/// - a row of either list was changed or removed (it may leave or move);
/// - a new or changed vector scores above the floor against the query (it may enter);
/// - a new chunk matches the query's terms with a BM25 score above the list's floor.
/// Chunks the entry's filters exclude are ignored. BM25's corpus statistics shift a little
/// with every edit; the cache accepts that drift rather than flushing on every keystroke.
package final class QueryResultCache: @unchecked Sendable {
  package struct Key: Hashable, Sendable {
    package var text: String
    package var mode: SearchMode
    package var filters: SearchFilters
    package var limit: Int
    package var ranking: RankingOptions

    /// Whitespace runs collapse and ends are trimmed: `retry  upload ` asks what `retry upload` asks.
    package init(text: String, mode: SearchMode, filters: SearchFilters, limit: Int, ranking: RankingOptions = .standard) {
      self.text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      self.mode = mode
      self.filters = filters
      self.limit = limit
      self.ranking = ranking
    }
  }

  /// A chunk row in one folder.
  struct Row: Hashable {
    var root: String
    var id: Int64
  }

  /// What an answer was made of, for deciding whether a change can alter it.
  struct Provenance {
    var rows: Set<Row> = []
    var queryVector: [Float]?
    /// The lowest score in the semantic list when the list was full; -infinity otherwise
    /// (any admitted vector could then enter).
    var semanticFloor: Float = -.infinity
    /// The same for the BM25 list.
    var lexicalFloor: Double = -.infinity
    var terms: [String]?
    /// Whether symbol-name matches took part: any new or changed chunk may hold a symbol that
    /// matches, so any such change drops the answer.
    var usesNames = false
  }

  /// A chunk added, changed or removed by an edit.
  package struct ChangedChunk: Sendable {
    package var root: String
    package var id: Int64
    package var path: String
    package var language: String?
    package var kind: SymbolKind?
    /// The new text (nil for a removal or when only the vector changed).
    package var text: String?
    /// The new vector, when there is one.
    package var vector: [Float]?

    package init(
      root: String, id: Int64, path: String, language: String? = nil, kind: SymbolKind? = nil, text: String?,
      vector: [Float]?
    ) {
      self.root = root
      self.id = id
      self.path = path
      self.language = language
      self.kind = kind
      self.text = text
      self.vector = vector
    }
  }

  package struct Statistics: Sendable, Equatable, Codable {
    package var hits = 0
    package var misses = 0
    package var entries = 0
    package var bytes = 0
    package var budgetBytes = 0
    /// Entries examined after an edit and kept / dropped.
    package var keptAfterEdits = 0
    package var invalidatedByEdits = 0
    package var evicted = 0
  }

  private struct Entry {
    var hits: [SearchHit]
    var provenance: Provenance
    var bytes: Int
    var lastUse: UInt64
  }

  private let lock = NSLock()
  private var entries: [Key: Entry] = [:]
  private var clock: UInt64 = 0
  /// Counts the changes reported (``apply(_:lexicalScores:)``, ``removeAll()``): an answer
  /// computed while one arrived may hold what it removed, and is not stored.
  private var changeEpoch: UInt64 = 0
  private var statistics: Statistics

  package init(budgetBytes: Int = 4 << 20) {
    statistics = Statistics(budgetBytes: budgetBytes)
  }

  package var currentStatistics: Statistics {
    lock.withLock {
      var current = statistics
      current.entries = entries.count
      return current
    }
  }

  /// Records that a change is about to be reported (an answer being computed meanwhile is
  /// then not stored) and says whether any answer is held: when none is, the change need
  /// not be described through ``apply(_:lexicalScores:)``.
  package func noteChange() -> Bool {
    lock.withLock {
      changeEpoch += 1
      return !entries.isEmpty
    }
  }

  func lookup(_ key: Key) -> [SearchHit]? {
    lock.withLock {
      clock += 1
      guard var entry = entries[key] else {
        statistics.misses += 1
        return nil
      }
      statistics.hits += 1
      entry.lastUse = clock
      entries[key] = entry
      return entry.hits
    }
  }

  /// The change count to pass to ``store(_:for:provenance:computedAt:)``, read before an
  /// answer is computed.
  var epoch: UInt64 { lock.withLock { changeEpoch } }

  func store(_ hits: [SearchHit], for key: Key, provenance: Provenance, computedAt epoch: UInt64? = nil) {
    let bytes = Self.estimatedBytes(hits, provenance: provenance, key: key)
    lock.withLock {
      guard bytes <= statistics.budgetBytes, epoch.map({ $0 == changeEpoch }) ?? true else { return }
      clock += 1
      if let old = entries.removeValue(forKey: key) { statistics.bytes -= old.bytes }
      entries[key] = Entry(hits: hits, provenance: provenance, bytes: bytes, lastUse: clock)
      statistics.bytes += bytes
      evictOverBudget()
    }
  }

  /// Drops the entries `changes` could alter; keeps the rest. `lexicalScores` gives the BM25
  /// score of chunks for a query (see `Catalog.lexicalScores`); it runs outside the lock.
  package func apply(
    _ changes: [ChangedChunk], lexicalScores: (Key, [Int64]) -> [Int64: Double] = { _, _ in [:] }
  ) {
    guard !changes.isEmpty else { return }
    let held = lock.withLock {
      changeEpoch += 1
      return entries.map { ($0.key, $0.value.provenance) }
    }
    var affected: [Key] = []
    var kept = 0
    for (key, provenance) in held {
      if Self.isAffected(provenance, key: key, by: changes, lexicalScores: lexicalScores) { affected.append(key) } else { kept += 1 }
    }
    lock.withLock {
      for key in affected {
        guard let entry = entries.removeValue(forKey: key) else { continue }
        statistics.bytes -= entry.bytes
      }
      statistics.invalidatedByEdits += affected.count
      statistics.keptAfterEdits += kept
    }
  }

  package func removeAll() {
    lock.withLock {
      changeEpoch += 1
      entries.removeAll()
      statistics.bytes = 0
    }
  }

  private static func isAffected(
    _ provenance: Provenance, key: Key, by changes: [ChangedChunk],
    lexicalScores: (Key, [Int64]) -> [Int64: Double]
  ) -> Bool {
    let filters = key.filters
    var mayMatchText: [Int64] = []
    for change in changes {
      if provenance.rows.contains(Row(root: change.root, id: change.id)) { return true }
      if provenance.usesNames, change.text != nil { return true }
      // Unknown properties (nil) are taken to pass: never keep an entry by guessing.
      guard filters.admits(path: change.path) else { continue }
      if !filters.languages.isEmpty, let language = change.language,
        !filters.languages.contains(where: { $0.caseInsensitiveCompare(language) == .orderedSame })
      {
        continue
      }
      if !filters.kinds.isEmpty, let kind = change.kind, !filters.kinds.contains(kind) { continue }
      if let query = provenance.queryVector, let vector = change.vector, vector.count == query.count {
        var score: Float = 0
        for index in 0..<query.count { score += query[index] * vector[index] }
        if score >= provenance.semanticFloor { return true }
      }
      // Text without any of the terms cannot match; text with one is scored by BM25.
      if let terms = provenance.terms, let text = change.text {
        let lowered = text.lowercased()
        if terms.contains(where: { lowered.contains($0) }) { mayMatchText.append(change.id) }
      }
    }
    guard !mayMatchText.isEmpty else { return false }
    if provenance.lexicalFloor == -.infinity { return true }
    let scores = lexicalScores(key, mayMatchText)
    return scores.values.contains { $0 >= provenance.lexicalFloor }
  }

  private func evictOverBudget() {
    while statistics.bytes > statistics.budgetBytes, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
      entries.removeValue(forKey: oldest.key)
      statistics.bytes -= oldest.value.bytes
      statistics.evicted += 1
    }
  }

  /// Roughly what an entry holds: the hits' texts, the rows, the query vector.
  private static func estimatedBytes(_ hits: [SearchHit], provenance: Provenance, key: Key) -> Int {
    let texts = hits.reduce(0) { $0 + $1.chunk.text.utf8.count + $1.chunk.id.description.utf8.count + 160 }
    return texts + provenance.rows.count * 48 + (provenance.queryVector?.count ?? 0) * 4 + key.text.utf8.count + 256
  }
}
