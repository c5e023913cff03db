import Embedding
import EmbeddingProviders
import Foundation
import SearchCore
import Testing

@testable import SearchEngine

/// Filters inside the scans, batches, and the result cache across edits.
struct QueryCacheTests {
  typealias Workspace = EngineIndexingTests.Workspace

  static let files = EngineIndexingTests.files.merging([
    "notes/report.py": "def build_quarterly_report(rows):\n    total = sum(r.amount for r in rows)\n    return {'total': total}\n",
    "Sources/Checksum.swift": "/// Adds up bytes.\nfunc checksumOfBytes(_ bytes: [UInt8]) -> Int {\n  bytes.reduce(0) { $0 + Int($1) }\n}\n",
  ]) { first, _ in first }

  private func indexed() throws -> (Workspace, SearchEngine) {
    let workspace = try Workspace(Self.files)
    let engine = try workspace.engine()
    _ = try engine.indexAll()
    return (workspace, engine)
  }

  private func ids(_ hits: [CodeMatch]) -> [String] { hits.map(\.chunk.id.description) }

  @Test(arguments: [SearchMode.lexical, .semantic, .hybrid])
  func filtersApplyInsideTheScan(mode: SearchMode) throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let swiftOnly = try engine.search("evict oldest bytes checksum upload", limit: 10, mode: mode, filters: SearchFilters(paths: ["*.swift"]))
    #expect(!swiftOnly.isEmpty)
    #expect(swiftOnly.allSatisfy { $0.chunk.id.path.hasSuffix(".swift") })
    let python = try engine.search("retry upload report total", limit: 10, mode: mode, filters: SearchFilters(languages: ["python"]))
    #expect(Set(python.map(\.chunk.id.path)) == ["upload.py", "notes/report.py"])
    let underNotes = try engine.search("report total rows", limit: 10, mode: mode, filters: SearchFilters(paths: ["notes/**"]))
    #expect(underNotes.map(\.chunk.id.path) == ["notes/report.py"])
    let functions = try engine.search("checksum bytes upload", limit: 10, mode: mode, filters: SearchFilters(kinds: [.function]))
    #expect(!functions.isEmpty)
    #expect(functions.allSatisfy { $0.chunk.kind == .function })
  }

  @Test func aRepeatedQueryIsAnsweredFromTheCache() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let first = try engine.search("retry failed upload", mode: .hybrid)
    let second = try engine.search("  retry   failed upload ", mode: .hybrid)
    #expect(ids(first) == ids(second))
    let statistics = engine.resultCache.currentStatistics
    #expect(statistics.hits == 1 && statistics.misses == 1)
    // Another limit, mode or filter is another question.
    _ = try engine.search("retry failed upload", limit: 3, mode: .hybrid)
    _ = try engine.search("retry failed upload", mode: .lexical)
    _ = try engine.search("retry failed upload", mode: .hybrid, filters: SearchFilters(paths: ["*.py"]))
    #expect(engine.resultCache.currentStatistics.misses == 4)
    #expect(engine.queryCacheStatistics.vectorHits >= 1)
  }

  @Test func anEditKeepsAnswersItCannotChangeAndDropsTheOthers() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let unaffected = "build quarterly report total"
    let affected = "evict oldest cache entry"
    for query in [unaffected, affected] {
      for mode in [SearchMode.lexical, .hybrid] { _ = try engine.search(query, limit: 2, mode: mode) }
    }
    // Edit the Swift cache type: the report queries never saw it and its words are not theirs.
    try engine.updateFile(
      absolutePath: workspace.root.appendingPathComponent("Sources/Cache.swift").path,
      text: "/// Keeps recently used values in memory.\nstruct LeastRecentlyUsedCache {\n  var capacity: Int\n  func evictOldest() {\n    print(\"evicting the oldest cache entry now\")\n  }\n}\n")
    let statistics = engine.resultCache.currentStatistics
    #expect(statistics.invalidatedByEdits >= 2)
    #expect(statistics.entries >= 1)
    // Whatever stayed must be exactly what a fresh search answers.
    for mode in [SearchMode.lexical, .hybrid] {
      let cached = try engine.search(unaffected, limit: 2, mode: mode)
      engine.resultCache.removeAll()
      let fresh = try engine.search(unaffected, limit: 2, mode: mode)
      #expect(ids(cached) == ids(fresh))
    }
  }

  @Test func newTextWithTheQuerysWordsInvalidates() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    _ = try engine.search("quarterly report", limit: 5, mode: .lexical)
    try workspace.write("extra.go", "package extra\n\n// quarterly report helper\nfunc Helper() {}\n")
    try engine.updateFile(absolutePath: workspace.root.appendingPathComponent("extra.go").path)
    #expect(engine.resultCache.currentStatistics.entries == 0)
    let hits = try engine.search("quarterly report", limit: 5, mode: .lexical)
    #expect(hits.contains { $0.chunk.id.path == "extra.go" })
  }

  @Test func aBatchAnswersLikeSingleQueries() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let requests = [
      SearchRequest(text: "retry upload", limit: 3, mode: .semantic),
      SearchRequest(text: "parse config", limit: 3, mode: .hybrid),
      SearchRequest(text: "checksum", limit: 3, mode: .lexical, filters: SearchFilters(paths: ["Sources/**"])),
    ]
    let batch = try engine.search(batch: requests)
    engine.resultCache.removeAll()
    for (request, answer) in zip(requests, batch) {
      let single = try engine.search(request.text, limit: request.limit, mode: request.mode, filters: request.filters)
      #expect(ids(answer) == ids(single))
    }
  }

  @Test func anAnswerThatUsedNameMatchesIsDroppedByAnyNewText() {
    let cache = QueryResultCache()
    let key = QueryResultCache.Key(text: "rfzl", mode: .hybrid, filters: SearchFilters(), limit: 10)
    // Full lists with floors no new chunk reaches, and no query term in the new text: only the
    // name list can let it in (a new symbol `rfuzzle` matches `rfzl`).
    var provenance = QueryResultCache.Provenance()
    provenance.queryVector = [1, 0]
    provenance.semanticFloor = 0.9
    provenance.lexicalFloor = 5
    provenance.terms = ["rfzl"]
    cache.store([], for: key, provenance: provenance)
    let change = QueryResultCache.ChangedChunk(
      root: "/w", id: 99, path: "zz.py", text: "def rfuzzle():\n    return 1\n", vector: [0, 1])
    cache.apply([change])
    #expect(cache.currentStatistics.entries == 1)
    provenance.usesNames = true
    cache.store([], for: key, provenance: provenance)
    cache.apply([change])
    #expect(cache.currentStatistics.entries == 0)
  }
}
