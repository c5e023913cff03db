import Foundation
import MetadataStore
import SearchCore
import Testing

@testable import SearchEngine

/// How the semantic and BM25 lists become one, under each ranking option.
struct HybridFusionTests {
  static let root = URL(fileURLWithPath: "/w")

  static func hit(_ path: String, _ name: String, score: Double, language: String = "Go", semantic: Bool) -> SearchHit {
    let span = TextSpan(start: TextPosition(line: 0, column: 0), end: TextPosition(line: 1, column: 0), bytes: 0..<1)
    let chunk = ChunkHit(
      rowID: 1, id: ChunkID(path: path, container: nil, name: name, ordinal: 0), kind: .function, signature: nil,
      language: language, span: span, contentHash: ContentHash.of(name), text: name, score: score)
    return SearchHit(
      root: root, chunk: chunk, score: score, similarity: semantic ? score : nil, keywordScore: semantic ? nil : score)
  }

  let semantic = [
    hit("a.go", "upload", score: 0.8, semantic: true), hit("a_test.go", "TestUpload", score: 0.7, semantic: true),
    hit("b.go", "retry", score: 0.4, semantic: true),
  ]
  let lexical = [
    hit("b.go", "retry", score: 20, semantic: false), hit("README.md", "lines 1-9", score: 18, language: "Markdown", semantic: false),
    hit("a.go", "upload", score: 5, semantic: false),
  ]

  @Test func scoreBlendIsZeroToOneAndKeepsBothScores() throws {
    var options = RankingOptions(name: "blend")
    options.fusion = .scoreBlend
    let fused = HybridFusion.fuse(semantic: semantic, lexical: lexical, query: "retry upload", ranking: options, limit: 10)
    // README.md: BM25 18/20 = 0.9 → 0.45; a_test.go: cosine (0.7 − 0.4)/0.4 = 0.75 → 0.375.
    #expect(fused.map(\.chunk.id.path) == ["a.go", "b.go", "README.md", "a_test.go"])
    // a.go: top cosine (1) and BM25 5/20 → (1 + 0.25) / 2.
    #expect(abs(fused[0].score - 0.625) < 1e-9)
    #expect(fused[0].similarity == 0.8 && fused[0].keywordScore == 5)
    #expect(fused.allSatisfy { $0.score >= 0 && $0.score <= 1 })
  }

  @Test func filledScoresCountForHitsOfOneList() {
    var options = RankingOptions(name: "blend")
    options.fusion = .scoreBlend
    var semantic = semantic
    var lexical = lexical
    // a_test.go was below the BM25 cut-off with 12; README.md's cosine (0.2) is below the
    // semantic list's floor (0.4) and adds nothing.
    semantic[1].keywordScore = 12
    lexical[1].similarity = 0.2
    let fused = HybridFusion.fuse(semantic: semantic, lexical: lexical, query: "retry upload", ranking: options, limit: 10)
    // a_test.go: (0.75 + 12/20) / 2 = 0.675, now above b.go (0 + 1) / 2 and a.go 0.625.
    #expect(fused.map(\.chunk.id.path) == ["a_test.go", "a.go", "b.go", "README.md"])
    #expect(abs(fused[0].score - 0.675) < 1e-9)
    #expect(abs(fused[3].score - 0.45) < 1e-9)
  }

  @Test func symbolNameMatchesAreAThirdList() {
    var options = RankingOptions(name: "blend")
    options.fusion = .scoreBlend
    options.nameWeight = 1
    // The name list holds a chunk neither ranking found, and b.go with half the best match.
    let names = [Self.hit("c.go", "rfuHelper", score: 200, semantic: false), Self.hit("b.go", "retry", score: 100, semantic: false)]
      .map { hit in
        var hit = hit
        hit.keywordScore = nil
        return hit
      }
    let fused = HybridFusion.fuse(
      semantic: semantic, lexical: lexical, names: names, query: "rfu", ranking: options, limit: 10)
    // Weights sum to 3: b.go (0 + 1 + 0.5) / 3 = 0.5; a.go (1 + 0.25) / 3; c.go 1 / 3.
    #expect(fused.map(\.chunk.id.path).prefix(3) == ["b.go", "a.go", "c.go"])
    #expect(abs(fused[0].score - 0.5) < 1e-9)
    #expect(abs(fused[2].score - 1.0 / 3) < 1e-9)
    // Without a weight for names the list changes nothing.
    options.nameWeight = 0
    let without = HybridFusion.fuse(
      semantic: semantic, lexical: lexical, names: names, query: "rfu", ranking: options, limit: 10)
    #expect(!without.contains { $0.chunk.id.path == "c.go" })
  }

  @Test func testAndProseWeights() {
    let semantic = [Self.hit("a_test.go", "TestUpload", score: 0.9, semantic: true), Self.hit("a.go", "upload", score: 0.8, semantic: true)]
    let lexical = [
      Self.hit("README.md", "lines 1-9", score: 30, language: "Markdown", semantic: false),
      Self.hit("b.go", "retry", score: 29, semantic: false),
    ]
    var options = RankingOptions(name: "rrf")
    let plain = HybridFusion.fuse(semantic: semantic, lexical: lexical, query: "retry upload", ranking: options, limit: 10)
    #expect(Array(plain.map(\.chunk.id.path).prefix(2)).sorted() == ["README.md", "a_test.go"])
    options.testWeight = 0.5
    options.proseWeight = 0.5
    let weighted = HybridFusion.fuse(semantic: semantic, lexical: lexical, query: "retry upload", ranking: options, limit: 10)
    #expect(Array(weighted.map(\.chunk.id.path).prefix(2)).sorted() == ["a.go", "b.go"])
    // Rank fusion is scaled so that first in both lists would be 1.
    #expect(abs(plain[0].score - (1.0 / 61) / (2.0 / 61)) < 1e-9)
  }

  @Test func identifierQueriesUseTheirOwnWeights() {
    var options = RankingOptions(name: "rrf")
    options.identifierWeights = .init(semantic: 0, lexical: 1)
    let fused = HybridFusion.fuse(semantic: semantic, lexical: lexical, query: "retryUpload", ranking: options, limit: 1)
    #expect(fused.first?.chunk.id.name == "retry")
  }

  @Test func rankingSpecs() throws {
    let parsed = try RankingOptions.parse("rrf,k=30,tests=0.5,prose=0.7,fields=5:1:1:2:1,stopwords=on,fusion=blend")
    #expect(parsed.rankConstant == 30 && parsed.testWeight == 0.5 && parsed.proseWeight == 0.7)
    #expect(parsed.fieldWeights == LexicalFieldWeights(name: 5, container: 1, path: 1, identifiers: 2, text: 1))
    #expect(parsed.dropsStopWords && parsed.fusion == .scoreBlend)
    #expect(try RankingOptions.parse("standard") == RankingOptions.standard)
    #expect(try RankingOptions.parse("tests=0.2").fusion == RankingOptions.standard.fusion)
    #expect(RankingOptions.standard.fillsMissingScores)
    #expect(try !RankingOptions.parse("standard,fill=off").fillsMissingScores)
    #expect(try !RankingOptions.parse("rrf").fillsMissingScores)
    #expect(RankingOptions.standard.nameWeight == 2)
    #expect(try RankingOptions.parse("standard,names=0.5").nameWeight == 0.5)
    #expect(try RankingOptions.parse("rrf").nameWeight == 0)
    for bad in ["nope", "rrf,k=-1", "rrf,k", "rrf,fields=1:2", "rrf,fusion=max", "rrf,color=red", "fill=yes"] {
      #expect(throws: SearchError.self, "\(bad)") { try RankingOptions.parse(bad) }
    }
  }

  @Test func stopWordsLeaveTheQueryUnlessNothingElseIsLeft() {
    #expect(FullTextQuery.expression(for: "the value of the key", dropsStopWords: true) == "\"value\" OR \"key\"")
    #expect(FullTextQuery.expression(for: "to be or not", dropsStopWords: true) == "\"to\" OR \"be\" OR \"or\" OR \"not\"")
  }
}
