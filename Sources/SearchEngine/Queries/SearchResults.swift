import Foundation
import MetadataStore
import SearchCore

/// A symbol found by name, with the folder it lives in.
package struct SymbolHit: Sendable, Hashable {
  package var root: URL
  package var path: String
  package var symbol: Symbol
  package var score: Int

  package var absolutePath: String { root.appendingPathComponent(path).path }
}

/// A chunk found by a search query.
package struct SearchHit: Sendable, Hashable {
  package var root: URL
  package var chunk: ChunkHit
  /// What the ranking sorted by: the cosine in semantic mode, BM25 in lexical mode, the fused
  /// score (0–1, see ``HybridFusion``) in hybrid mode.
  package var score: Double
  /// The cosine similarity of the chunk's embedding to the query's, when semantic search saw it.
  package var similarity: Double?
  /// The chunk's BM25 score for the query, when full-text search matched it.
  package var keywordScore: Double?

  package var absolutePath: String { root.appendingPathComponent(chunk.id.path).path }

  /// The first few non-blank lines of the chunk: enough to recognise it in a result list.
  package func snippet(maxLines: Int = 6, maxCharacters: Int = 400) -> String {
    Snippet.of(chunk.text, maxLines: maxLines, maxCharacters: maxCharacters)
  }
}

/// How `search` ranks chunks.
package enum SearchMode: String, Sendable, CaseIterable {
  /// BM25 over chunk names, identifier words and text (SQLite FTS5).
  case lexical
  /// Cosine similarity of the query's embedding with each chunk's.
  case semantic
  /// Both lists fused by reciprocal rank (the default when a model is available).
  case hybrid
}

/// Why a search could not be answered as asked.
package struct SearchError: Error, CustomStringConvertible, Sendable {
  package var description: String
  package init(_ description: String) { self.description = description }
}
