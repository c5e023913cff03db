/// Turns what a user typed into an FTS5 query expression that cannot be a syntax error.
///
/// Each word (and each part of a camelCase or snake_case word) becomes a quoted term, so
/// characters FTS5 treats as operators (`-`, `*`, `:`, quotes, parentheses) are never parsed.
package enum FullTextQuery {
  /// `dropsStopWords`: English function words (`the`, `of`, `with` …) are left out unless the
  /// query has nothing else: in an OR query they match nearly every chunk and let long chunks
  /// outrank the one that holds the query's real words.
  package static func expression(for query: String, dropsStopWords: Bool = false) -> String? {
    let phrases = phrases(for: query, dropsStopWords: dropsStopWords)
    guard !phrases.isEmpty else { return nil }
    return phrases.map(quoted).joined(separator: " OR ")
  }

  /// The words the expression asks for, in its order, each one FTS5 phrase: what BM25 sums over.
  package static func phrases(for query: String, dropsStopWords: Bool = false) -> [String] {
    var words = terms(for: query)
    if dropsStopWords {
      let content = words.filter { !stopWords.contains($0) }
      if !content.isEmpty { words = content }
    }
    // A bounded query: hundreds of OR terms make FTS5 slow for no better ranking.
    return Array(words.prefix(64))
  }

  /// A phrase as an FTS5 string: inside quotes, nothing is an operator.
  package static func quoted(_ phrase: String) -> String {
    "\"" + phrase.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Function words of English that carry no topic.
  package static let stopWords: Set<String> = [
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
    "down", "during", "each", "either", "else", "etc", "few", "for", "from", "further", "had", "has", "have", "having",
    "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may",
    "me", "might", "more", "most", "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only",
    "or", "other", "our", "ours", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "whose", "why", "will", "with", "within", "without", "would", "you", "your", "yours",
  ]

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
