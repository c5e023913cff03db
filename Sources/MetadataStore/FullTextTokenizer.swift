import Foundation
import GRDB

/// Splits text into the tokens the catalog's full-text index stores (Porter-stemmed
/// `unicode61`), by asking SQLite's own tokenizer through a private in-memory table.
///
/// Text that is scored outside the catalog (an editor's unsaved buffer) must be cut into
/// exactly the tokens FTS5 would cut it into, stems included, or its BM25 scores would not
/// rank with the catalog's. Reimplementing the tokenizer would drift from SQLite's; asking it
/// cannot.
package final class FullTextTokenizer: Sendable {
  /// The index's tokenizer; the catalog's schema names the same one.
  static let tokenizer = "porter unicode61 remove_diacritics 2"
  /// The index's fields, in its column order.
  package static let fieldCount = 5
  private static let columns = ["name_words", "container_words", "path_words", "identifiers", "text"]

  private let queue: DatabaseQueue

  package init() throws {
    queue = try DatabaseQueue()
    try queue.write { db in
      try db.execute(
        sql: """
          CREATE VIRTUAL TABLE documents USING fts5(
            \(Self.columns.joined(separator: ", ")), tokenize = '\(Self.tokenizer)');
          CREATE VIRTUAL TABLE document_tokens USING fts5vocab(documents, instance);
          """)
    }
  }

  /// The tokens of each field of each document, in order. A document has up to
  /// ``fieldCount`` fields (missing ones are empty).
  package func tokenize(_ documents: [[String]]) throws -> [[[String]]] {
    guard !documents.isEmpty else { return [] }
    return try queue.write { db in
      defer { try? db.execute(sql: "DELETE FROM documents") }
      let insert = try db.makeStatement(
        sql: "INSERT INTO documents(rowid, \(Self.columns.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?)")
      for (position, fields) in documents.enumerated() {
        var arguments: [any DatabaseValueConvertible] = [Int64(position + 1)]
        for column in 0..<Self.fieldCount { arguments.append(column < fields.count ? fields[column] : "") }
        try insert.execute(arguments: StatementArguments(arguments))
      }
      var placed = Array(repeating: Array(repeating: [Int: String](), count: Self.fieldCount), count: documents.count)
      let columnIndex = Dictionary(uniqueKeysWithValues: Self.columns.enumerated().map { ($1, $0) })
      let rows = try Row.fetchCursor(db, sql: "SELECT doc, col, offset, term FROM document_tokens")
      while let row = try rows.next() {
        let document = Int(row[0] as Int64) - 1
        guard documents.indices.contains(document), let column = columnIndex[row[1] as String] else { continue }
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
}
