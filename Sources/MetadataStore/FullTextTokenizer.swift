import Foundation
import GRDB

/// Text scored outside the catalog (an editor's unsaved buffer), held in a private in-memory
/// SQLite database whose full-text table uses the catalog's tokenizer.
///
/// Such text must be cut into exactly the tokens FTS5 cuts the catalog's text into, stems
/// included, or its BM25 scores would not rank with the catalog's. Reimplementing the
/// tokenizer would drift from SQLite's; asking it cannot. Documents stay in the table while
/// they are live, so a query looks up only its own terms' postings (never a scan of every
/// token), and a document's length comes from FTS5's per-row size record.
package final class FullTextTokenizer: Sendable {
  /// The index's tokenizer; the catalog's schema names the same one.
  static let tokenizer = "porter unicode61 remove_diacritics 2"
  /// The index's fields, in its column order.
  package static let fieldCount = 5
  private static let columns = ["name_words", "container_words", "path_words", "identifiers", "text"]
  private static let columnList = columns.joined(separator: ", ")

  private let queue: DatabaseQueue

  package init() throws {
    queue = try DatabaseQueue()
    try queue.write { db in
      // `scratch` tokenizes short texts and is emptied after each use; contentless, so
      // 'delete-all' drops its whole index at once.
      try db.execute(
        sql: """
          CREATE VIRTUAL TABLE scratch USING fts5(\(Self.columnList), content = '', tokenize = '\(Self.tokenizer)');
          CREATE VIRTUAL TABLE scratch_tokens USING fts5vocab(scratch, instance);
          CREATE VIRTUAL TABLE live USING fts5(\(Self.columnList), tokenize = '\(Self.tokenizer)');
          CREATE VIRTUAL TABLE live_tokens USING fts5vocab(live, instance);
          """)
    }
  }

  /// The tokens of each field of each document, in order (up to ``fieldCount`` fields; missing
  /// ones are empty). Reads every token back: meant for short texts.
  package func tokenize(_ documents: [[String]]) throws -> [[[String]]] {
    guard !documents.isEmpty else { return [] }
    return try queue.write { db in
      defer { try? db.execute(sql: "INSERT INTO scratch(scratch) VALUES ('delete-all')") }
      let insert = try db.makeStatement(
        sql: "INSERT INTO scratch(rowid, \(Self.columnList)) VALUES (?, ?, ?, ?, ?, ?)")
      for (position, fields) in documents.enumerated() {
        try insert.execute(arguments: Self.arguments(key: Int64(position + 1), fields: fields))
      }
      var placed = Array(repeating: Array(repeating: [Int: String](), count: Self.fieldCount), count: documents.count)
      let rows = try Row.fetchCursor(db, sql: "SELECT doc, col, offset, term FROM scratch_tokens")
      while let row = try rows.next() {
        let document = Int(row[0] as Int64) - 1
        guard documents.indices.contains(document), let column = Self.columnIndex[row[1] as String] else { continue }
        placed[document][column][row[2] as Int] = row[3] as String
      }
      return placed.map { fields in
        fields.map { byOffset in byOffset.keys.sorted().compactMap { byOffset[$0] } }
      }
    }
  }

  /// The tokens of short texts (query phrases), each as one field.
  package func tokenize(phrases: [String]) throws -> [[String]] {
    try tokenize(phrases.map { [$0] }).map { $0[0] }
  }

  /// Adds live documents under positive keys (replacing any with the same key) and removes
  /// others; returns each added document's length in tokens over all fields.
  @discardableResult
  package func update(adding documents: [(key: Int64, fields: [String])], removing keys: [Int64]) throws -> [Int64: Int] {
    try queue.write { db in
      let delete = try db.makeStatement(sql: "DELETE FROM live WHERE rowid = ?")
      for key in keys + documents.map(\.key) { try delete.execute(arguments: [key]) }
      let insert = try db.makeStatement(sql: "INSERT INTO live(rowid, \(Self.columnList)) VALUES (?, ?, ?, ?, ?, ?)")
      let size = try db.makeStatement(sql: "SELECT sz FROM live_docsize WHERE id = ?")
      var lengths: [Int64: Int] = [:]
      for document in documents {
        try insert.execute(arguments: Self.arguments(key: document.key, fields: document.fields))
        var reader = VarintReader(bytes: [UInt8](try Data.fetchOne(size, arguments: [document.key]) ?? Data()))
        var length: UInt64 = 0
        while let columnSize = reader.next() { length &+= columnSize }
        lengths[document.key] = Int(clamping: length)
      }
      return lengths
    }
  }

  /// Forgets every live document (and the deleted entries FTS5 keeps until it merges).
  package func removeAllLive() throws {
    try queue.write { db in try db.execute(sql: "DELETE FROM live; INSERT INTO live(live) VALUES ('rebuild')") }
  }

  /// How often each phrase (as tokens) occurs in each field of each live document that holds
  /// any: `[key: [phrase][field]]`. Reads only the postings of the phrases' own tokens.
  package func occurrences(of phrases: [[String]]) throws -> [Int64: [[Int]]] {
    let tokens = Set(phrases.flatMap { $0 })
    guard !tokens.isEmpty else { return [:] }
    // Positions of each token: (document, field) → offsets.
    var postings: [String: [Int64: [Int: Set<Int>]]] = [:]
    try queue.read { db in
      let lookup = try db.makeStatement(sql: "SELECT doc, col, offset FROM live_tokens WHERE term = ?")
      for token in tokens {
        var byDocument: [Int64: [Int: Set<Int>]] = [:]
        let rows = try Row.fetchCursor(lookup, arguments: [token])
        while let row = try rows.next() {
          guard let column = Self.columnIndex[row[1] as String] else { continue }
          byDocument[row[0] as Int64, default: [:]][column, default: []].insert(row[2] as Int)
        }
        postings[token] = byDocument
      }
    }
    var result: [Int64: [[Int]]] = [:]
    for (index, phrase) in phrases.enumerated() {
      guard let first = phrase.first, let starts = postings[first] else { continue }
      for (document, fields) in starts {
        for (field, offsets) in fields {
          let count = offsets.filter { start in
            phrase.dropFirst().enumerated().allSatisfy { step, token in
              postings[token]?[document]?[field]?.contains(start + step + 1) ?? false
            }
          }.count
          guard count > 0 else { continue }
          var counts =
            result[document] ?? Array(repeating: Array(repeating: 0, count: Self.fieldCount), count: phrases.count)
          counts[index][field] += count
          result[document] = counts
        }
      }
    }
    return result
  }

  private static let columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })

  private static func arguments(key: Int64, fields: [String]) -> StatementArguments {
    var arguments: [any DatabaseValueConvertible] = [key]
    for column in 0..<fieldCount { arguments.append(column < fields.count ? fields[column] : "") }
    return StatementArguments(arguments)
  }
}
