import EmbeddingProviders
import Foundation
import Synchronization
import Testing

@testable import SearchEngine

/// Chunk ids that outlive edits elsewhere and are never handed to another chunk, and
/// searches whose every hit is scored from the very text it returns.
struct ChunkIdentityTests {
  typealias Workspace = EngineIndexingTests.Workspace
  static let embedder = HashingEmbedder(dimension: 64)

  /// The cosine a hit must carry: its own text's embedding against the query's.
  static func expectedScore(of hit: SearchHit, query: String) throws -> Double {
    let input = EmbeddingInputs.text(
      name: hit.chunk.id.name, kind: hit.chunk.kind, container: hit.chunk.id.container,
      signature: hit.chunk.signature, path: hit.chunk.id.path, body: hit.chunk.text)
    let vectors = try embedder.embed([input, query]).vectors
    return Double(zip(vectors[0], vectors[1]).reduce(0) { $0 + $1.0 * $1.1 })
  }

  static let query = "alpha upload items"

  /// Indexes one function, then searches semantically while `edit` replaces the file's text
  /// between the nearest-neighbour scan and the catalog join (once).
  static func searchWhileEditing(to edit: String) throws -> [SearchHit] {
    let workspace = try Workspace(["a.py": "def alpha_upload(items):\n    items.sort()\n    return items\n"])
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: embedder)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let path = workspace.root.appendingPathComponent("a.py").path
    let fired = Mutex(false)
    engine.afterNearestNeighbourScan.withLock {
      $0 = {
        guard !fired.withLock({ let was = $0; $0 = true; return was }) else { return }
        _ = try? engine.updateFile(absolutePath: path, text: edit)
      }
    }
    let hits = try engine.searchHits(query, mode: .semantic)
    #expect(fired.withLock { $0 })
    return hits
  }

  @Test func aHitIsNeverJoinedToAChunkThatReplacedItsRow() throws {
    // The only chunk is replaced by another function.
    let hits = try Self.searchWhileEditing(to: "def omega_download(rows):\n    rows.reverse()\n    return rows\n")
    for hit in hits {
      #expect(
        abs(hit.score - (try Self.expectedScore(of: hit, query: Self.query))) < 1e-5,
        "\(hit.chunk.id) scored from another chunk's vector")
    }
  }

  @Test func aHitWhoseChunkChangedMeanwhileIsScoredFromItsNewText() throws {
    // Same function (same identity, same id), new body: the scan scored the old vector.
    let hits = try Self.searchWhileEditing(to: "def alpha_upload(items):\n    items.reverse()\n    return sorted(items)\n")
    let hit = try #require(hits.first)
    #expect(hit.chunk.text.contains("items.reverse()"))
    #expect(abs(hit.score - (try Self.expectedScore(of: hit, query: Self.query))) < 1e-5)
  }

  @Test func anEditRewritesTheVectorsOfTheChunksItChangedOnly() throws {
    let functions = (0..<3).map { "def step_\($0)(items):\n    items.append(\($0))\n    return items\n" }
    let workspace = try Workspace(["steps.py": functions.joined(separator: "\n")])
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: Self.embedder)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let index = try #require(engine.folder(at: workspace.root))
    let store = try #require(index.vectorStore)
    let ids = Dictionary(uniqueKeysWithValues: try index.catalog.chunks(inFile: "steps.py").map { ($0.id.name, $0.rowID) })
    let generation = store.snapshot.generation
    // A line added above everything and step_1's body changed: only step_1 gets a new vector.
    var edited = functions
    edited[1] = edited[1].replacingOccurrences(of: "items.append(1)", with: "items.insert(0, 1)")
    _ = try engine.updateFile(
      absolutePath: workspace.root.appendingPathComponent("steps.py").path,
      text: "import os\n\n" + edited.joined(separator: "\n"))
    let snapshot = store.snapshot
    #expect(snapshot.generation > generation)
    #expect(try #require(snapshot.segments.last).ids == [try #require(ids["step_1"])])
    #expect(snapshot.count == 3)
    #expect(try engine.vectorCoverage() == 1)
  }

  @Test func aNameMatchLandsOnTheChunkOfThatSymbolNotTheOneBefore() throws {
    // No blank line between the functions: the first chunk's span ends at column 0 of the
    // second's first line.
    let text = "def first_fn(a):\n    a += 1\n    return a\ndef second_fn(b):\n    b += 2\n    return b\n"
    let workspace = try Workspace(["pair.py": text])
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: Self.embedder)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    // `scfn` matches second_fn by subsequence only: neither BM25 nor the embedding knows it.
    #expect(try engine.search("scfn", mode: .hybrid).first?.chunk.id.name == "second_fn")
  }

  @Test func idsSurviveEditsElsewhereAndAreNeverGivenToAnotherChunk() throws {
    let first = "def first_step(items):\n    items.sort()\n    return items\n"
    let second = "def second_step(rows):\n    rows.reverse()\n    return rows\n"
    let workspace = try Workspace(["steps.py": first + "\n" + second])
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: Self.embedder)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let path = workspace.root.appendingPathComponent("steps.py").path
    let catalog = try #require(engine.folder(at: workspace.root)).catalog
    func ids() throws -> [String: Int64] {
      Dictionary(uniqueKeysWithValues: try catalog.chunks(inFile: "steps.py").map { ($0.id.name, $0.rowID) })
    }
    let before = try ids()
    #expect(Set(before.keys) == ["first_step", "second_step"])

    // A function added above both, and the second one's body edited: both keep their ids.
    let added = "def zeroth_step(x):\n    x += 1\n    return x\n"
    let edited = second.replacingOccurrences(of: "rows.reverse()", with: "rows.clear()")
    _ = try engine.updateFile(absolutePath: path, text: added + "\n" + first + "\n" + edited)
    let after = try ids()
    #expect(after["first_step"] == before["first_step"])
    #expect(after["second_step"] == before["second_step"])
    let highest = try #require(before.values.max())
    #expect(try #require(after["zeroth_step"]) > highest)

    // A removed function's id is not handed to the one that takes its place.
    _ = try engine.updateFile(absolutePath: path, text: added + "\n" + first + "\n" + "def third_step(y):\n    y -= 1\n    return y\n")
    let replaced = try ids()
    #expect(replaced["second_step"] == nil)
    #expect(try #require(replaced["third_step"]) > (try #require(after.values.max())))
    // Nor after the whole file is removed and written again.
    _ = try engine.removeFile(absolutePath: path)
    _ = try engine.updateFile(absolutePath: path, text: first)
    #expect(try #require(try ids()["first_step"]) > (try #require(replaced.values.max())))
  }
}
