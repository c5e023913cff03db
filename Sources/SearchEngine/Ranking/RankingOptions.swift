import MetadataStore

/// How hybrid search combines its rankings, by name so that the evaluation, the command line
/// and the server can ask for one.
///
/// Every option here exists because `sextant eval` can compare it with the others on real
/// repositories; the default is the one that won there (see README, "Search quality").
package struct RankingOptions: Sendable, Hashable {
  package enum Fusion: String, Sendable, Hashable {
    /// Reciprocal-rank fusion: each list adds `weight / (k + rank)`.
    case reciprocalRank
    /// A weighted blend of the cosine (scaled over the semantic list) and BM25 relative to
    /// the best BM25 score.
    case scoreBlend
  }

  /// How much each list counts in the fusion.
  package struct ListWeights: Sendable, Hashable {
    package var semantic: Double
    package var lexical: Double

    package init(semantic: Double, lexical: Double) {
      self.semantic = semantic
      self.lexical = lexical
    }
  }

  package var name: String
  package var fusion: Fusion = .reciprocalRank
  /// The rank damping constant of reciprocal-rank fusion.
  package var rankConstant: Double = 60
  package var weights = ListWeights(semantic: 1, lexical: 1)
  /// The weights used instead when the query looks like an identifier (`nil`: the same).
  package var identifierWeights: ListWeights?
  /// Multiplies the fused score of chunks in test code (1: no change).
  package var testWeight: Double = 1
  /// Multiplies the fused score of chunks of prose (Markdown, reStructuredText …: documentation
  /// rather than code; 1: no change).
  package var proseWeight: Double = 1
  /// BM25 weights of the full-text fields (name, container, path, identifier words, text).
  package var fieldWeights = LexicalFieldWeights.uniform
  /// Whether BM25 leaves English function words out of the query.
  package var dropsStopWords = false
  /// Score fusion only: a candidate found by one ranking gets its real score from the other
  /// (BM25 of a semantic hit, cosine of a lexical hit) instead of none, so a chunk just below
  /// one list's cut-off is not scored as if it did not match at all.
  package var fillsMissingScores = false
  /// Weight of a third list in hybrid search, chunks holding the symbols whose names match the
  /// query as `workspace/symbol` matches them (prefix, camel humps, subsequence); used only
  /// for queries shaped like an identifier (0: never).
  package var nameWeight: Double = 0

  package init(name: String) {
    self.name = name
  }

  /// Plain reciprocal-rank fusion of BM25 (every field weighted alike, every query word kept)
  /// and the embedding ranking, k = 60, equal weights: the baseline the others are measured
  /// against.
  package static let plainRRF = RankingOptions(name: "rrf")

  /// The default, chosen with `sextant eval` on Go, Python and Swift repositories and checked
  /// on others kept aside (README, "Search quality"): BM25 without English function words and
  /// with names (10), identifier words (4), containers (3) and paths (2) outweighing body text
  /// (1); the cosine and BM25 blended by score, each candidate scored by both rankings, and
  /// for a query shaped like an identifier the symbols matching it by name as a third list
  /// weighing as much as the other two; test code weighed down to 0.3 and prose to 0.5.
  package static let standard: RankingOptions = {
    var options = RankingOptions(name: "standard")
    options.fusion = .scoreBlend
    options.fillsMissingScores = true
    options.nameWeight = 2
    options.dropsStopWords = true
    options.fieldWeights = LexicalFieldWeights(name: 10, container: 3, path: 2, identifiers: 4, text: 1)
    options.testWeight = 0.3
    options.proseWeight = 0.5
    return options
  }()

  /// The default's lexical ranking and weights, fused by rank instead of by score: what score
  /// fusion adds on its own.
  package static let tunedRRF: RankingOptions = {
    var options = standard
    options.name = "rrf-tuned"
    options.fusion = .reciprocalRank
    return options
  }()

  /// Every named option, the default first.
  package static let all: [RankingOptions] = [standard, tunedRRF, plainRRF]

  package static func named(_ name: String) -> RankingOptions? {
    all.first { $0.name == name }
  }
}

extension RankingOptions {
  /// Parses a named option, or a named option followed by changes (`standard,k=30,tests=0.5`),
  /// or changes alone (applied to the default). Keys: `fusion=rrf|blend`, `k`, `semantic`,
  /// `lexical`, `identifier=SEMANTIC:LEXICAL` (weights for identifier-like queries, or
  /// `none`), `tests` (weight of test code), `prose` (weight of documentation files), `fields=NAME:CONTAINER:PATH:IDENTIFIERS:TEXT`
  /// (BM25 field weights), `stopwords=on|off`, `fill=on|off` (score fusion: a candidate of one
  /// ranking is scored by the other too), `names` (weight of symbol-name matches for queries
  /// shaped like an identifier).
  package static func parse(_ text: String) throws -> RankingOptions {
    var parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard !parts.isEmpty else { throw SearchError("empty ranking") }
    var options = RankingOptions.standard
    if !parts[0].contains("=") {
      guard let named = named(parts[0]) else {
        throw SearchError("unknown ranking \(parts[0]); available: \(all.map(\.name).joined(separator: ", "))")
      }
      options = named
      parts.removeFirst()
    }
    for part in parts {
      let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
      guard pair.count == 2 else { throw SearchError("ranking option \(part) is not key=value") }
      let (key, value) = (pair[0], pair[1])
      func number(_ value: String) throws -> Double {
        guard let number = Double(value), number.isFinite, number >= 0 else {
          throw SearchError("ranking option \(key) needs a non-negative number, not \(value)")
        }
        return number
      }
      switch key {
      case "fusion":
        switch value {
        case "rrf": options.fusion = .reciprocalRank
        case "blend": options.fusion = .scoreBlend
        default: throw SearchError("fusion is rrf or blend, not \(value)")
        }
      case "k": options.rankConstant = try number(value)
      case "semantic": options.weights.semantic = try number(value)
      case "lexical": options.weights.lexical = try number(value)
      case "identifier":
        if value == "none" {
          options.identifierWeights = nil
        } else {
          let numbers = try value.split(separator: ":").map { try number(String($0)) }
          guard numbers.count == 2 else { throw SearchError("identifier takes SEMANTIC:LEXICAL weights") }
          options.identifierWeights = ListWeights(semantic: numbers[0], lexical: numbers[1])
        }
      case "tests": options.testWeight = try number(value)
      case "prose": options.proseWeight = try number(value)
      case "fields":
        let numbers = try value.split(separator: ":").map { try number(String($0)) }
        guard numbers.count == 5 else { throw SearchError("fields takes NAME:CONTAINER:PATH:IDENTIFIERS:TEXT weights") }
        options.fieldWeights = LexicalFieldWeights(
          name: numbers[0], container: numbers[1], path: numbers[2], identifiers: numbers[3], text: numbers[4])
      case "stopwords":
        guard value == "on" || value == "off" else { throw SearchError("stopwords is on or off") }
        options.dropsStopWords = value == "on"
      case "names": options.nameWeight = try number(value)
      case "fill":
        guard value == "on" || value == "off" else { throw SearchError("fill is on or off") }
        options.fillsMissingScores = value == "on"
      default:
        throw SearchError("unknown ranking option \(key)")
      }
    }
    options.name = text
    return options
  }
}
