/// How much a query word found in each full-text field counts in BM25.
package struct LexicalFieldWeights: Sendable, Hashable {
  package var name: Double
  package var container: Double
  package var path: Double
  package var identifiers: Double
  package var text: Double

  package init(name: Double, container: Double, path: Double, identifiers: Double, text: Double) {
    self.name = name
    self.container = container
    self.path = path
    self.identifiers = identifiers
    self.text = text
  }

  /// Every field counts the same: BM25 over all the chunk's words as one document.
  package static let uniform = LexicalFieldWeights(name: 1, container: 1, path: 1, identifiers: 1, text: 1)

  /// The arguments of FTS5's `bm25()`, in the table's column order.
  var sqlArguments: String {
    [name, container, path, identifiers, text].map { String(format: "%.3f", $0) }.joined(separator: ", ")
  }
}
