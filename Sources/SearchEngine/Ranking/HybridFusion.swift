import Foundation

/// Merges the semantic and the BM25 ranking into one list, as a ``RankingOptions`` says.
///
/// Two ways to fuse: by rank (reciprocal-rank fusion, robust without tuning because ranks
/// share a scale where scores do not), or by normalised score (a weighted blend of the cosine
/// and of BM25 relative to the best match, which keeps how much better the top hit is). Either
/// can weigh the lists differently by query shape (an identifier leans on BM25, a sentence on
/// the embedding) and weigh down test code. The fused score is scaled to 0–1, 1 being a chunk
/// at the top of both lists (rank fusion) or the best of both (score fusion).
enum HybridFusion {
  /// `names`: chunks holding symbols whose names match the query, best first, each hit's
  /// `score` the name match's (see ``RankingOptions/nameWeight``); empty for most queries.
  static func fuse(
    semantic: [SearchHit], lexical: [SearchHit], names: [SearchHit] = [], query: String, ranking: RankingOptions,
    limit: Int
  ) -> [SearchHit] {
    let weights = ranking.identifierWeights.flatMap { QueryShape.of(query) == .identifier ? $0 : nil } ?? ranking.weights
    let semanticWeight = weights.semantic
    let lexicalWeight = weights.lexical
    let nameWeight = names.isEmpty ? 0 : ranking.nameWeight
    let names = nameWeight > 0 ? names : []
    var entries: [String: Entry] = [:]
    var order: [String] = []
    func entry(_ hit: SearchHit) -> String {
      let key = hit.root.path + "\u{0}" + hit.chunk.id.description
      if entries[key] == nil {
        entries[key] = Entry(hit: hit)
        order.append(key)
      }
      return key
    }
    for (rank, hit) in semantic.enumerated() {
      let key = entry(hit)
      entries[key]?.semanticRank = rank + 1
      entries[key]?.hit.similarity = hit.similarity ?? hit.score
    }
    for (rank, hit) in lexical.enumerated() {
      let key = entry(hit)
      entries[key]?.lexicalRank = rank + 1
      entries[key]?.hit.keywordScore = hit.keywordScore ?? hit.score
    }
    for (rank, hit) in names.enumerated() {
      let key = entry(hit)
      // A chunk can hold several matching symbols: its best match counts.
      if entries[key]?.nameRank == nil {
        entries[key]?.nameRank = rank + 1
        entries[key]?.nameScore = hit.score
      }
    }
    let total = max(semanticWeight + lexicalWeight + nameWeight, .leastNonzeroMagnitude)
    let score: (Entry) -> Double
    switch ranking.fusion {
    case .reciprocalRank:
      let k = ranking.rankConstant
      let best = total / (k + 1)
      score = { entry in
        var sum = 0.0
        if let rank = entry.semanticRank { sum += semanticWeight / (k + Double(rank)) }
        if let rank = entry.lexicalRank { sum += lexicalWeight / (k + Double(rank)) }
        if let rank = entry.nameRank { sum += nameWeight / (k + Double(rank)) }
        return sum / best
      }
    case .scoreBlend:
      let top = semantic.first.map { $0.similarity ?? $0.score } ?? 0
      let floor = semantic.last.map { $0.similarity ?? $0.score } ?? 0
      let span = top - floor
      let bestKeyword = lexical.first.map { $0.keywordScore ?? $0.score } ?? 0
      let bestName = names.first?.score ?? 0
      // A hit carries the other ranking's score only when it was filled in
      // (``RankingOptions/fillsMissingScores``); one below the semantic list's floor adds 0.
      score = { entry in
        var sum = 0.0
        if let similarity = entry.hit.similarity, span > 0 {
          sum += semanticWeight * max(0, similarity - floor) / span
        }
        if let keyword = entry.hit.keywordScore, bestKeyword > 0 {
          sum += lexicalWeight * min(1, keyword / bestKeyword)
        }
        if let name = entry.nameScore, bestName > 0 {
          sum += nameWeight * max(0, name) / bestName
        }
        return sum / total
      }
    }
    var testPaths: [String: Bool] = [:]
    var scored: [(key: String, hit: SearchHit)] = []
    scored.reserveCapacity(order.count)
    let proseLanguages = Self.proseLanguages
    for key in order {
      guard var hit = entries[key]?.hit, let entry = entries[key] else { continue }
      var value = score(entry)
      if ranking.testWeight != 1 {
        let path = hit.chunk.id.path
        let isTest = testPaths[path] ?? TestPaths.isTest(path)
        testPaths[path] = isTest
        if isTest { value *= ranking.testWeight }
      }
      if ranking.proseWeight != 1, let language = hit.chunk.language, proseLanguages.contains(language) {
        value *= ranking.proseWeight
      }
      hit.score = value
      scored.append((key, hit))
    }
    scored.sort { $0.hit.score > $1.hit.score || ($0.hit.score == $1.hit.score && $0.key < $1.key) }
    return scored.prefix(limit).map(\.hit)
  }

  /// Languages (as ctags names them) whose files are prose, not code.
  static let proseLanguages: Set<String> = ["Markdown", "ReStructuredText", "Asciidoc", "Txt2tags", "Tex", "Man", "Pod"]

  private struct Entry {
    var hit: SearchHit
    var semanticRank: Int?
    var lexicalRank: Int?
    var nameRank: Int?
    var nameScore: Double?
  }
}

/// Whether a query names code (`parseConfig`, `http_client.send`, `Foo::bar`) or describes it
/// in words (`where do we retry uploads`).
enum QueryShape: Equatable {
  case identifier
  case words

  static func of(_ query: String) -> QueryShape {
    let tokens = query.split(whereSeparator: \.isWhitespace)
    guard !tokens.isEmpty else { return .words }
    if tokens.count == 1 { return .identifier }
    let codeMarks: [String] = ["_", "::", "->", "(", ".", "#", "<", "=", "{", "["]
    let codeLike = tokens.filter { token in
      codeMarks.contains { token.contains($0) } && !(token.hasSuffix(".") && token.dropLast().allSatisfy(\.isLetter))
        || isCamelCase(token)
    }
    // "parseConfig reads the file" is a sentence about an identifier: words win when most
    // tokens are plain words.
    return codeLike.count * 2 >= tokens.count ? .identifier : .words
  }

  /// A lower-case letter followed later by an upper-case one: `parseConfig`, `getURL`.
  private static func isCamelCase(_ token: Substring) -> Bool {
    var sawLower = false
    for character in token {
      if character.isLowercase { sawLower = true } else if character.isUppercase, sawLower { return true }
    }
    return false
  }
}
