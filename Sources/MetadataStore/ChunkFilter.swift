import Foundation
import GRDB

/// Which chunks a search may return, as conditions on the catalog's rows.
///
/// Lists travel as one JSON parameter each (`json_each`), so a filter admitting thousands of
/// files never runs into SQLite's limit on bound values.
package struct ChunkFilter: Sendable, Hashable {
  /// Files admitted by path (`nil`: every file).
  package var fileIDs: [Int64]?
  /// Language names, compared without case (`nil`: every language).
  package var languages: [String]?
  /// Symbol kinds by LSP number (`nil`: every kind; chunks that are not symbols never match a kind).
  package var kinds: [Int]?

  /// Chunks left out whatever else admits them (the saved chunks of files whose unsaved
  /// text answers instead).
  package var excludedChunkIDs: [Int64] = []

  package init(fileIDs: [Int64]? = nil, languages: [String]? = nil, kinds: [Int]? = nil) {
    self.fileIDs = fileIDs
    self.languages = languages
    self.kinds = kinds
  }

  /// Whether no file, language or kind condition applies (exclusions aside: they need no
  /// join of chunks and files).
  package var admitsEverything: Bool { fileIDs == nil && languages == nil && kinds == nil }

  /// ``sql`` plus the exclusion, on the full-text table's row id (no join needed for it).
  var fullTextSQL: (String, [any DatabaseValueConvertible]) {
    var (conditions, arguments) = sql
    if !excludedChunkIDs.isEmpty {
      conditions += " AND chunks_fts.rowid NOT IN (SELECT value FROM json_each(?))"
      arguments.append(Catalog.jsonArray(excludedChunkIDs))
    }
    return (conditions, arguments)
  }

  /// ` AND …` conditions on `c` (chunks) and `f` (files), with their arguments.
  var sql: (String, [any DatabaseValueConvertible]) {
    var conditions = ""
    var arguments: [any DatabaseValueConvertible] = []
    func json(_ values: some Encodable) -> String {
      (try? JSONEncoder().encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
    if let fileIDs {
      conditions += " AND f.id IN (SELECT value FROM json_each(?))"
      arguments.append(json(fileIDs))
    }
    if let languages {
      conditions += " AND lower(c.language) IN (SELECT value FROM json_each(?))"
      arguments.append(json(languages.map { $0.lowercased() }))
    }
    if let kinds {
      conditions += " AND c.kind IN (SELECT value FROM json_each(?))"
      arguments.append(json(kinds))
    }
    return (conditions, arguments)
  }
}
