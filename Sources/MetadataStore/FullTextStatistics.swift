import Foundation
import GRDB

/// What BM25 needs to know about the whole catalog to score a document against a query: how
/// many rows the full-text index holds, their total length in tokens, and how many rows hold
/// each phrase. With these, text outside the catalog scores as FTS5's `bm25()` would score it
/// inside.
package struct FullTextStatistics: Sendable, Equatable {
  package var rowCount: Int
  package var totalTokens: Int
  /// Rows containing each phrase, in the order asked.
  package var documentFrequencies: [Int]

  package init(rowCount: Int, totalTokens: Int, documentFrequencies: [Int]) {
    self.rowCount = rowCount
    self.totalTokens = totalTokens
    self.documentFrequencies = documentFrequencies
  }
}

extension Catalog {
  /// The catalog's full-text statistics for `phrases` (each an FTS5 phrase, as
  /// ``FullTextQuery/phrases(for:dropsStopWords:)`` gives them).
  ///
  /// Row and token totals come from FTS5's own averages record (the first row of its data
  /// table: a varint row count, then one varint token total per column), which is what its
  /// `bm25()` reads; each phrase's row count is the count of its matches.
  package func fullTextStatistics(phrases: [String]) throws -> FullTextStatistics {
    try writer.read { db in
      let block = try Data.fetchOne(db, sql: "SELECT block FROM chunks_fts_data WHERE id = 1") ?? Data()
      var reader = VarintReader(bytes: [UInt8](block))
      let rows = reader.next() ?? 0
      var tokens: UInt64 = 0
      while let columnTotal = reader.next() { tokens &+= columnTotal }
      let count = try db.cachedStatement(sql: "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?")
      let frequencies = try phrases.map { phrase in
        try Int.fetchOne(count, arguments: [FullTextQuery.quoted(phrase)]) ?? 0
      }
      return FullTextStatistics(
        rowCount: Int(clamping: rows), totalTokens: Int(clamping: tokens), documentFrequencies: frequencies)
    }
  }
}

/// SQLite's variable-length integers: big-endian groups of 7 bits with the high bit set on
/// every byte but the last, and a ninth byte (when reached) contributing all 8 bits.
struct VarintReader {
  private let bytes: [UInt8]
  private var offset = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  /// The next value, or `nil` at the end (a truncated value also ends the reading).
  mutating func next() -> UInt64? {
    var value: UInt64 = 0
    for index in 0..<9 {
      guard offset < bytes.count else { return nil }
      let byte = bytes[offset]
      offset += 1
      if index == 8 { return (value << 8) | UInt64(byte) }
      value = (value << 7) | UInt64(byte & 0x7f)
      if byte & 0x80 == 0 { return value }
    }
    return value
  }
}
