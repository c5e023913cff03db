/// `sextant/duplicates`: clusters of chunks whose embeddings are nearly the same (cosine at
/// least `minScore`), largest first, optionally narrowed by the filters of `sextant/search`
/// or to the clusters that have a member in one document.
package struct SextantDuplicatesRequest: LSPRequest {
  package static let method = "sextant/duplicates"
  package typealias Response = SextantDuplicatesResult
  /// The cosine two chunks must reach to be linked (default 0.9).
  package var minScore: Double?
  /// Clusters returned (default 50, 1–1000).
  package var limit: Int?
  package var paths: [String]?
  package var languages: [String]?
  package var kinds: [String]?
  /// Only clusters with a member in this document.
  package var textDocument: TextDocumentIdentifier?

  package init(
    minScore: Double? = nil, limit: Int? = nil, paths: [String]? = nil, languages: [String]? = nil,
    kinds: [String]? = nil, textDocument: TextDocumentIdentifier? = nil
  ) {
    self.minScore = minScore
    self.limit = limit
    self.paths = paths
    self.languages = languages
    self.kinds = kinds
    self.textDocument = textDocument
  }
}

package struct SextantDuplicatesResult: Codable, Hashable, Sendable {
  package var clusters: [SextantDuplicateCluster]
  /// Clusters found before `limit` cut the list.
  package var totalClusters: Int
  /// Fraction of the workspace's chunks that have vectors and so could take part.
  package var coverage: Double

  package init(clusters: [SextantDuplicateCluster], totalClusters: Int, coverage: Double) {
    self.clusters = clusters
    self.totalClusters = totalClusters
    self.coverage = coverage
  }
}

package struct SextantDuplicateCluster: Codable, Hashable, Sendable {
  /// Members in all (`items` lists at most 50 of them).
  package var size: Int
  /// Distinct files the members are in.
  package var files: Int
  /// The weakest cosine among the links that join the cluster.
  package var score: Double
  /// Members by path and line; an item's `score` is its best cosine to another member.
  package var items: [SextantSearchItem]

  package init(size: Int, files: Int, score: Double, items: [SextantSearchItem]) {
    self.size = size
    self.files = files
    self.score = score
    self.items = items
  }
}
