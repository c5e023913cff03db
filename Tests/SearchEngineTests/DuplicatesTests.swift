import EmbeddingProviders
import Foundation
import SearchCore
import Testing
import VectorIndex

@testable import SearchEngine

/// Clusters of near-duplicate code.
struct DuplicatesTests {
  typealias Workspace = EngineIndexingTests.Workspace

  static let retry =
    "def NAME(client, payload, attempts=3):\n    for attempt in range(attempts):\n        try:\n            return client.send(payload)\n        except ConnectionError:\n            continue\n    raise RuntimeError('upload failed')\n"
  static let files = [
    "net/upload.py": retry.replacingOccurrences(of: "NAME", with: "retry_upload"),
    "net/copy.py": retry.replacingOccurrences(of: "NAME", with: "retry_upload"),
    "net/again.py": retry.replacingOccurrences(of: "NAME", with: "retry_upload"),
    "text/parse.py":
      "def parse_config(text):\n    values = {}\n    for line in text.splitlines():\n        key, _, value = line.partition('=')\n        values[key.strip()] = value.strip()\n    return values\n",
    "text/parse_copy.py":
      "def parse_config(text):\n    values = {}\n    for line in text.splitlines():\n        key, _, value = line.partition('=')\n        values[key.strip()] = value.strip()\n    return values\n",
    "text/render.py":
      "def render_table(rows):\n    widths = [max(len(cell) for cell in column) for column in zip(*rows)]\n    return '\\n'.join(' '.join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows)\n",
  ]

  @Test func copiesClusterLargestFirstAndDistinctCodeStaysOut() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: HashingEmbedder(dimension: 64))
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let report = try engine.duplicates(DuplicatesQuery(minScore: 0.99))
    #expect(report.clusters.map(\.size) == [3, 2])
    #expect(report.clusters.map(\.files) == [3, 2])
    #expect(Set(report.clusters[0].members.map(\.chunk.id.path)) == ["net/upload.py", "net/copy.py", "net/again.py"])
    #expect(report.clusters[0].members.map(\.chunk.id.path) == ["net/again.py", "net/copy.py", "net/upload.py"])
    #expect(report.clusters.allSatisfy { $0.score >= 0.99 && $0.members.allSatisfy { $0.score >= 0.99 } })
    #expect(!report.clusters.flatMap(\.members).contains { $0.chunk.id.name == "render_table" })
    #expect(report.totalClusters == 2)
    #expect(report.vectors >= 6)

    let one = try engine.duplicates(DuplicatesQuery(minScore: 0.99, limit: 1, maximumMembers: 2))
    #expect(one.clusters.count == 1 && one.totalClusters == 2)
    #expect(one.clusters[0].size == 3 && one.clusters[0].members.count == 2, "the size counts members not listed")

    let narrowed = try engine.duplicates(DuplicatesQuery(minScore: 0.99, filters: SearchFilters(paths: ["text/**"])))
    #expect(narrowed.clusters.map(\.size) == [2])
    let ofDocument = try engine.duplicates(
      DuplicatesQuery(minScore: 0.99, document: workspace.root.appendingPathComponent("text/parse.py").path))
    #expect(ofDocument.clusters.count == 1 && ofDocument.clusters[0].members.contains { $0.chunk.id.path == "text/parse.py" })
    #expect(throws: SimilarTargetError.self) { try engine.duplicates(DuplicatesQuery(document: "/elsewhere/x.py")) }
  }

  @Test func partsOfOneDeclarationAndOverlappingChunksAreNeverDuplicates() throws {
    let source = """
      class Cart:
          \"\"\"A shopping cart holding items with a price and a count.\"\"\"

          currency = "EUR"

          def total(self):
              total = 0
              for item in self.items:
                  total += item.price * item.count
              return total

          def count(self):
              return sum(item.count for item in self.items)

      """
    let workspace = try Workspace(["cart.py": source])
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: HashingEmbedder(dimension: 64))
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let index = try #require(engine.openFolders.first)
    let chunks = try index.catalog.innermostChunks(at: [("cart.py", 0), ("cart.py", 6), ("cart.py", 12)]).compactMap { $0 }
    try #require(chunks.count == 3)
    let symbols = index.symbolTable.withLock { $0.currentView() }.symbols(inFile: "cart.py")
    let lines = chunks.map { SearchEngine.declarationLines(of: $0, among: symbols) }
    // The class's head and its tail after the method are two parts of one declaration; the
    // method was cut out of the class: all three are the class's own code.
    #expect(chunks[0].id.name == "Cart" && chunks[2].id.name == "Cart" && chunks[1].id.name == "total")
    #expect(SearchEngine.isSameCode(chunks[0], chunks[2], declarations: (lines[0], lines[2])))
    #expect(SearchEngine.isSameCode(chunks[0], chunks[1], declarations: (lines[0], lines[1])))
    #expect(!SearchEngine.isSameCode(chunks[0], chunks[1], declarations: (nil, nil)), "without the class's span, only overlap counts")
    var inside = chunks[1]
    inside.id = ChunkID(path: "cart.py", container: nil, name: "window", ordinal: 0)
    inside.kind = nil
    inside.span = TextSpan(start: .init(line: 7, column: 0), end: .init(line: 8, column: 0), bytes: 0..<1)
    #expect(SearchEngine.isSameCode(chunks[1], inside, declarations: (nil, nil)), "overlapping lines of one file")
    // With every pair scored, nothing of Cart is a duplicate of anything else of Cart.
    let everything = try engine.duplicates(DuplicatesQuery(minScore: -1, exact: true))
    #expect(everything.vectors == 3)
    #expect(everything.clusters.isEmpty)
  }

  @Test func twoDeclarationsOfOneNameAreStillDuplicates() throws {
    // Overloads, or a redefinition: the same name, declarations of their own.
    let body = "    total = 0\n    for item in items:\n        total += item.price * item.count\n    return total\n"
    let workspace = try Workspace(["totals.py": "def total(items):\n" + body + "\n\ndef total(items):\n" + body])
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: HashingEmbedder(dimension: 64))
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let report = try engine.duplicates(DuplicatesQuery(minScore: 0.95))
    #expect(report.clusters.map(\.size) == [2])
  }

  @Test func clustersAreJoinedByTheirStrongestLinks() {
    let links = [
      SimilarPairFixture.pair(1, 2, 0.99), SimilarPairFixture.pair(2, 3, 0.96), SimilarPairFixture.pair(1, 3, 0.97),
      SimilarPairFixture.pair(7, 8, 0.98),
    ]
    let clusters = SearchEngine.clusters(of: links).sorted { $0.members.count > $1.members.count }
    #expect(clusters.map(\.members) == [[1, 2, 3], [7, 8]])
    // 1–2 (0.99) and 1–3 (0.97) join the first; 2–3 (0.96) is not needed.
    #expect(abs(clusters[0].weakestLink - 0.97) < 1e-6)
    #expect(abs((clusters[0].best[3] ?? 0) - 0.97) < 1e-6)
    #expect(abs(clusters[1].weakestLink - 0.98) < 1e-6)
  }

  @Test func withoutAModelItSaysSo() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: nil)
    defer { engine.shutdown() }
    #expect(throws: SearchError.self) { try engine.duplicates(DuplicatesQuery()) }
  }
}

enum SimilarPairFixture {
  static func pair(_ a: Int64, _ b: Int64, _ score: Float) -> SimilarPair { SimilarPair(first: a, second: b, score: score) }
}
