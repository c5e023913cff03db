import Foundation

/// What one ranking scored on an evaluation.
package struct EvaluationScore: Sendable, Hashable, Codable {
  package var mode: String
  package var ranking: String
  package var queries: Int
  /// Mean reciprocal rank of the first right hit within the top 10 (0 when none).
  package var mrrAt10: Double
  /// Share of queries whose first hit is right.
  package var recallAt1: Double
  /// Share of queries with a right hit in the top 10.
  package var recallAt10: Double
  /// Search latency per query in milliseconds (the query's embedding computed beforehand).
  package var p50Milliseconds: Double
  package var p99Milliseconds: Double
  /// Per query, in order: the rank of the first right hit (nil: not in the top 10) and the
  /// first hit (`path:line`), for finding out what went wrong.
  package var ranks: [Int?] = []
  package var firstHits: [String?] = []

  enum CodingKeys: String, CodingKey {
    case mode, ranking, queries
    case mrrAt10 = "mrr_at_10"
    case recallAt1 = "recall_at_1"
    case recallAt10 = "recall_at_10"
    case p50Milliseconds = "p50_ms"
    case p99Milliseconds = "p99_ms"
  }
}

/// Runs evaluation queries through the engine's search, as the server would answer them, and
/// scores the rankings.
package struct RetrievalEvaluator {
  package let engine: SearchEngine
  /// Hits read per query: MRR@10 and recall@10 look at the first 10.
  package static let depth = 10

  package init(engine: SearchEngine) {
    self.engine = engine
  }

  /// Scores every (mode, ranking) pair; semantic search does not depend on the ranking options,
  /// so it runs once. Queries are embedded once up front, in batches, so latency is the
  /// search's own.
  package func evaluate(
    _ queries: [EvaluationQuery], modes: [SearchMode], rankings: [RankingOptions],
    progress: (String) -> Void = { _ in }
  ) throws -> [EvaluationScore] {
    var vectors: [String: [Float]] = [:]
    if modes.contains(where: { $0 != .lexical }) {
      let texts = Array(Set(queries.map(\.query))).sorted()
      var start = 0
      while start < texts.count {
        let slice = Array(texts[start..<min(start + 64, texts.count)])
        vectors.merge(try engine.queryVectors(for: slice)) { first, _ in first }
        start += slice.count
        progress("embedded \(start)/\(texts.count) queries")
      }
    }
    var scores: [EvaluationScore] = []
    for mode in modes {
      for ranking in mode == .semantic ? [rankings.first ?? .standard] : rankings {
        progress("\(mode.rawValue) \(ranking.name)")
        scores.append(try score(queries, mode: mode, ranking: ranking, vectors: vectors))
      }
    }
    return scores
  }

  /// The rank (1-based) of the first right hit of each query within the top ``depth``.
  package func ranks(
    _ queries: [EvaluationQuery], mode: SearchMode, ranking: RankingOptions, vectors: [String: [Float]]
  ) throws -> (ranks: [Int?], milliseconds: [Double], firstHits: [String?]) {
    let clock = ContinuousClock()
    var ranks: [Int?] = []
    var times: [Double] = []
    var firstHits: [String?] = []
    for query in queries {
      let request = SearchRequest(text: query.query, limit: Self.depth, mode: mode, ranking: ranking)
      let started = clock.now
      let hits = try engine.rankedHits(for: request, vector: vectors[query.query])
      times.append((clock.now - started).seconds * 1000)
      let rank = hits.firstIndex { hit in
        let span = hit.chunk.span
        return query.isAnswered(byPath: hit.chunk.id.path, lines: span.start.line...span.lastLine)
      }
      ranks.append(rank.map { $0 + 1 })
      firstHits.append(hits.first.map { "\($0.chunk.id.path):\($0.chunk.span.start.line + 1)" })
    }
    return (ranks, times, firstHits)
  }

  private func score(
    _ queries: [EvaluationQuery], mode: SearchMode, ranking: RankingOptions, vectors: [String: [Float]]
  ) throws -> EvaluationScore {
    let (ranks, times, firstHits) = try ranks(queries, mode: mode, ranking: ranking, vectors: vectors)
    let count = Double(max(1, queries.count))
    let reciprocal = ranks.reduce(0.0) { $0 + ($1.map { 1 / Double($0) } ?? 0) }
    let sorted = times.sorted()
    return EvaluationScore(
      mode: mode.rawValue, ranking: mode == .semantic ? "-" : ranking.name, queries: queries.count,
      mrrAt10: reciprocal / count,
      recallAt1: Double(ranks.filter { $0 == 1 }.count) / count,
      recallAt10: Double(ranks.filter { $0 != nil }.count) / count,
      p50Milliseconds: Self.percentile(sorted, 0.5), p99Milliseconds: Self.percentile(sorted, 0.99), ranks: ranks,
      firstHits: firstHits)
  }

  /// The value at quantile `q` of sorted values (nearest rank), 0 for none.
  static func percentile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let index = min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))
    return sorted[index]
  }
}
