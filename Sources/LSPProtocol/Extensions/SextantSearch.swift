/// `sextant/search`: ranked chunks for a query, optionally narrowed by path, language and kind.
package struct SextantSearchRequest: LSPRequest {
  package static let method = "sextant/search"
  package typealias Response = SextantSearchResult
  package var query: String
  package var limit: Int?
  package var mode: String?
  /// Git-style globs over workspace-relative paths (`*.swift`, `Sources/**`).
  package var paths: [String]?
  /// Language names as indexed (`Swift`, `Python`, …).
  package var languages: [String]?
  /// Symbol kinds by name (`function`, `class`, …).
  package var kinds: [String]?
  package init(
    query: String, limit: Int? = nil, mode: String? = nil, paths: [String]? = nil, languages: [String]? = nil,
    kinds: [String]? = nil
  ) {
    self.query = query
    self.limit = limit
    self.mode = mode
    self.paths = paths
    self.languages = languages
    self.kinds = kinds
  }
}

/// `sextant/searchBatch`: many queries in one request (headless and scripted use); the
/// answers come back in the order asked.
package struct SextantSearchBatchRequest: LSPRequest {
  package static let method = "sextant/searchBatch"
  package typealias Response = SextantSearchBatchResult
  package var queries: [SextantSearchRequest]
  package init(queries: [SextantSearchRequest]) { self.queries = queries }
}

package struct SextantSearchBatchResult: Codable, Hashable, Sendable {
  package var results: [SextantSearchResult]
  package init(results: [SextantSearchResult]) { self.results = results }
}

package struct SextantSearchResult: Codable, Hashable, Sendable {
  package var items: [SextantSearchItem]
  /// Fraction of the workspace's chunks that this mode could search (1 when fully indexed).
  package var coverage: Double
  package init(items: [SextantSearchItem], coverage: Double) {
    self.items = items
    self.coverage = coverage
  }
}

package struct SextantSearchItem: Codable, Hashable, Sendable {
  package var uri: String
  package var range: LSPRange
  package var name: String
  package var kind: Int?
  package var container: String?
  /// What the ranking sorted by (0–1 in hybrid mode).
  package var score: Double
  /// The cosine similarity of the chunk to the query, when semantic search saw it.
  package var similarity: Double?
  /// The chunk's BM25 score for the query, when full-text search matched it.
  package var keywordScore: Double?
  package var snippet: String
  package init(
    uri: String, range: LSPRange, name: String, kind: Int?, container: String?, score: Double,
    similarity: Double? = nil, keywordScore: Double? = nil, snippet: String
  ) {
    self.similarity = similarity
    self.keywordScore = keywordScore
    self.uri = uri
    self.range = range
    self.name = name
    self.kind = kind
    self.container = container
    self.score = score
    self.snippet = snippet
  }
}
