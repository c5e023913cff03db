import Foundation

/// BM25 as SQLite FTS5's `bm25()` computes it, for documents held outside the catalog.
///
/// For each phrase of the query, the frequency is the sum over fields of the field's weight
/// times the phrase's occurrences there; the length is the document's token count over all
/// fields; the average length and each phrase's IDF come from the catalog
/// (``FullTextStatistics``), so a score here ranks with the catalog's. FTS5's constants:
/// k1 = 1.2, b = 0.75, and an IDF that would be zero or negative counts 1e-6.
package struct BM25Scorer: Sendable {
  private static let k1 = 1.2
  private static let b = 0.75

  /// The query's phrases as tokens.
  package let phrases: [[String]]
  private let inverseFrequencies: [Double]
  private let weights: [Double]
  private let averageLength: Double

  /// `phrases`: each query phrase as tokens (``FullTextTokenizer``), in the order of `statistics`.
  package init(phrases: [[String]], statistics: FullTextStatistics, weights: LexicalFieldWeights) {
    self.phrases = phrases
    let rows = Double(statistics.rowCount)
    inverseFrequencies = phrases.indices.map { index in
      let hits = Double(index < statistics.documentFrequencies.count ? statistics.documentFrequencies[index] : 0)
      let idf = log((rows - hits + 0.5) / (hits + 0.5))
      return idf > 0 ? idf : 1e-6
    }
    self.weights = weights.ordered
    averageLength = statistics.rowCount > 0 ? Double(statistics.totalTokens) / rows : 1
  }

  /// The score (higher is better, as the catalog's lexical search reports it) of a document
  /// given as tokens per field, or `nil` when no phrase occurs in it: FTS5 would not match it.
  package func score(_ fields: [[String]]) -> Double? {
    let counts = phrases.map { phrase in fields.map { Self.occurrences(of: phrase, in: $0) } }
    return score(occurrences: counts, length: fields.reduce(0) { $0 + $1.count })
  }

  /// The score of a document from each phrase's occurrences per field (`occurrences[phrase][field]`)
  /// and its length in tokens over all fields; `nil` when no phrase occurs.
  package func score(occurrences: [[Int]], length: Int) -> Double? {
    var matched = false
    var score = 0.0
    for index in phrases.indices {
      var frequency = 0.0
      let counts = index < occurrences.count ? occurrences[index] : []
      for (field, count) in counts.enumerated() where count > 0 {
        matched = true
        frequency += (field < weights.count ? weights[field] : 1) * Double(count)
      }
      score +=
        inverseFrequencies[index] * (frequency * (Self.k1 + 1))
        / (frequency + Self.k1 * (1 - Self.b + Self.b * Double(length) / averageLength))
    }
    return matched ? score : nil
  }

  private static func occurrences(of phrase: [String], in tokens: [String]) -> Int {
    guard let first = phrase.first, tokens.count >= phrase.count else { return 0 }
    var count = 0
    var start = 0
    while start + phrase.count <= tokens.count {
      if tokens[start] == first, phrase.count == 1 || tokens[start..<(start + phrase.count)].elementsEqual(phrase) {
        count += 1
      }
      start += 1
    }
    return count
  }
}

extension LexicalFieldWeights {
  /// The weights in the index's column order, rounded as ``sqlArguments`` passes them to SQLite.
  var ordered: [Double] {
    [name, container, path, identifiers, text].map { Double(String(format: "%.3f", $0)) ?? $0 }
  }
}
