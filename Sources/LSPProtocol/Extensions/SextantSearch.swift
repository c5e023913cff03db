/// `sextant/search`: ranked chunks for a query (lexical BM25 today; semantic modes build on it).
package struct SextantSearchRequest: LSPRequest {
  package static let method = "sextant/search"
  package typealias Response = SextantSearchResult
  package var query: String
  package var limit: Int?
  package var mode: String?
  package init(query: String, limit: Int? = nil, mode: String? = nil) {
    self.query = query
    self.limit = limit
    self.mode = mode
  }
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
  package var score: Double
  package var snippet: String
  package init(
    uri: String, range: LSPRange, name: String, kind: Int?, container: String?, score: Double,
    snippet: String
  ) {
    self.uri = uri
    self.range = range
    self.name = name
    self.kind = kind
    self.container = container
    self.score = score
    self.snippet = snippet
  }
}
