/// `sextant/findSimilar`: the chunks most similar to a declaration (`textDocument` and
/// `position`: the innermost indexed declaration there), a selection (`textDocument` and
/// `range`) or a `text`, with the filters and `limit` of `sextant/search` and a `minScore`
/// (cosine). Answers as `sextant/search` does; the target and chunks overlapping it are left out.
package struct SextantFindSimilarRequest: LSPRequest {
  package static let method = "sextant/findSimilar"
  package typealias Response = SextantSearchResult
  package var textDocument: TextDocumentIdentifier?
  package var position: Position?
  package var range: LSPRange?
  package var text: String?
  package var limit: Int?
  package var paths: [String]?
  package var languages: [String]?
  package var kinds: [String]?
  package var minScore: Double?

  package init(
    textDocument: TextDocumentIdentifier? = nil, position: Position? = nil, range: LSPRange? = nil, text: String? = nil,
    limit: Int? = nil, paths: [String]? = nil, languages: [String]? = nil, kinds: [String]? = nil, minScore: Double? = nil
  ) {
    self.textDocument = textDocument
    self.position = position
    self.range = range
    self.text = text
    self.limit = limit
    self.paths = paths
    self.languages = languages
    self.kinds = kinds
    self.minScore = minScore
  }
}
