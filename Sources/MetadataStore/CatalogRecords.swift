import Foundation
import SearchCore

/// What the catalog remembers about a file to decide, next time, whether it changed.
package struct FileRecord: Hashable, Sendable {
  package var path: String
  package var size: Int
  /// Modification time in nanoseconds since 1970; a cheap first check before hashing.
  package var modifiedNanoseconds: Int64
  package var contentHash: ContentHash
  package var language: String?
  /// Which chunker produced the file's chunks (`swiftSyntax`, `ctags`, `lineWindows`).
  package var chunker: String

  package init(
    path: String, size: Int, modifiedNanoseconds: Int64, contentHash: ContentHash, language: String?,
    chunker: String
  ) {
    self.path = path
    self.size = size
    self.modifiedNanoseconds = modifiedNanoseconds
    self.contentHash = contentHash
    self.language = language
    self.chunker = chunker
  }
}

/// A symbol as read back from the catalog, with the file it belongs to.
package struct StoredSymbol: Hashable, Sendable {
  package var path: String
  package var symbol: Symbol

  package init(path: String, symbol: Symbol) {
    self.path = path
    self.symbol = symbol
  }
}

/// A chunk as a search hit: its identity, where it is, and a score from the query that found it.
package struct ChunkHit: Hashable, Sendable {
  package var rowID: Int64
  package var id: ChunkID
  package var kind: SymbolKind?
  package var signature: String?
  package var language: String?
  package var span: TextSpan
  package var contentHash: ContentHash
  package var text: String
  /// Higher is better; for lexical hits the negated BM25 rank.
  package var score: Double

  package init(
    rowID: Int64, id: ChunkID, kind: SymbolKind?, signature: String?, language: String?, span: TextSpan,
    contentHash: ContentHash, text: String, score: Double
  ) {
    self.rowID = rowID
    self.id = id
    self.kind = kind
    self.signature = signature
    self.language = language
    self.span = span
    self.contentHash = contentHash
    self.text = text
    self.score = score
  }
}

/// Totals for `sextant status`.
package struct CatalogStatistics: Hashable, Sendable {
  package var files: Int
  package var chunks: Int
  package var symbols: Int
  package var sourceBytes: Int
  package var filesByChunker: [String: Int]
  package var filesByLanguage: [String: Int]
}
