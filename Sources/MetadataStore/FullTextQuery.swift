/// Turns what a user typed into an FTS5 query expression that cannot be a syntax error.
///
/// Each word (and each part of a camelCase or snake_case word) becomes a quoted term, so
/// characters FTS5 treats as operators (`-`, `*`, `:`, quotes, parentheses) are never parsed.
package enum FullTextQuery {
  package static func expression(for query: String) -> String? {
    let terms = terms(for: query).map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    guard !terms.isEmpty else { return nil }
    // A bounded query: hundreds of OR terms make FTS5 slow for no better ranking.
    return terms.prefix(64).joined(separator: " OR ")
  }

  /// The lower-cased terms a query is made of: each word, and the parts of compound words.
  package static func terms(for query: String) -> [String] {
    var terms: [String] = []
    var seen = Set<String>()
    func add(_ term: String) {
      let lowered = term.lowercased()
      guard !lowered.isEmpty, seen.insert(lowered).inserted else { return }
      terms.append(lowered)
    }
    IdentifierSplitter.forEachIdentifier(in: query) { word in
      add(String(word))
      let parts = IdentifierSplitter.split(identifier: word)
      if parts.count > 1 { parts.forEach(add) }
    }
    return terms
  }
}
