import Embedding
import EmbeddingProviders
import Foundation
import SymbolChunking
import Testing

@testable import SearchEngine

/// The engine end to end on small real workspaces written from `[path: contents]`.
struct EngineIndexingTests {
  struct Workspace {
    let root: URL
    let index: URL

    init(_ files: [String: String]) throws {
      let base = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)")
      root = base.appendingPathComponent("workspace")
      index = base.appendingPathComponent("index")
      for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func engine(
      embedder: (any Embedder)? = HashingEmbedder(dimension: 64), chunking: ChunkingOptions = ChunkingOptions()
    ) throws -> SearchEngine {
      var configuration = EngineConfiguration(indexDirectory: index, chunking: chunking)
      configuration.embedder = embedder
      let engine = SearchEngine(configuration: configuration)
      try engine.open(folders: [root])
      return engine
    }

    func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
  }

  static let files = [
    "upload.py": """
      import time

      def retry_failed_upload(client, payload, attempts=3):
          for attempt in range(attempts):
              try:
                  return client.upload(payload)
              except ConnectionError:
                  time.sleep(2 ** attempt)
          raise RuntimeError("upload failed")
      """,
    "config.go": """
      package config

      // ParseConfig reads the settings file and returns its values.
      func ParseConfig(path string) (map[string]string, error) {
      \tvalues := map[string]string{}
      \treturn values, nil
      }
      """,
    "Sources/Cache.swift": """
      /// Keeps recently used values in memory.
      struct LeastRecentlyUsedCache {
        var capacity: Int
        func evictOldest() {
          print("evicting the oldest entry")
        }
      }
      """,
  ]

  @Test func indexesSearchesAndSkipsUnchangedWorkOnTheSecondRun() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    let first = try #require(try engine.indexAll().first)
    #expect(first.filesIndexed == 3)
    #expect(first.chunksWritten >= 3)
    #expect(first.chunksEmbedded == first.chunksWritten)

    #expect(engine.symbols(matching: "rfu").first?.symbol.name == "retry_failed_upload")
    #expect(engine.symbols(matching: "ParseConfig").first?.path == "config.go")
    #expect(try engine.search("retry upload", mode: .lexical).first?.chunk.id.name == "retry_failed_upload")
    #expect(try engine.search("retry failed upload attempts", mode: .semantic).first?.chunk.id.name == "retry_failed_upload")
    #expect(try engine.search("evict oldest cache entry", mode: .hybrid).first?.chunk.id.path == "Sources/Cache.swift")
    // Camel humps of a name, as in workspace/symbol: neither BM25 nor the embedding finds it.
    #expect(try engine.search("rfu", mode: .hybrid).first?.chunk.id.name == "retry_failed_upload")
    // An answer to an identifier-shaped query is not served stale after a new matching symbol
    // appears (end to end; the name rule itself is tested in QueryCacheTests).
    let before = try engine.search("rfzl", mode: .hybrid).map(\.chunk.id.name)
    #expect(!before.contains("rfuzzle"))
    let added = "def rfuzzle(items):\n    items.sort()\n    return items\n"
    try workspace.write("zz.py", added)
    _ = try engine.updateFile(absolutePath: workspace.root.appendingPathComponent("zz.py").path, text: added)
    #expect(try engine.search("rfzl", mode: .hybrid).first?.chunk.id.name == "rfuzzle")
    try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("zz.py"))
    _ = try engine.removeFile(absolutePath: workspace.root.appendingPathComponent("zz.py").path)

    let second = try #require(try engine.indexAll().first)
    #expect(second.filesUnchangedByStat == 3)
    #expect(second.filesIndexed == 0)
    #expect(second.chunksEmbedded == 0)
  }

  @Test func aReopenedIndexKeepsVectorsAndReembedsNothing() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    do {
      let engine = try workspace.engine()
      _ = try engine.indexAll()
      engine.shutdown()
    }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    #expect(try engine.vectorCoverage() == 1)
    // Touching a file without changing it: re-hashed, not re-chunked, not re-embedded.
    try workspace.write("upload.py", try #require(EngineIndexingTests.files["upload.py"]))
    let summary = try #require(try engine.indexAll().first)
    #expect(summary.filesUnchangedByHash == 1)
    #expect(summary.chunksEmbedded == 0)
  }

  @Test func changedAndRemovedFilesAreReflected() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    try workspace.write("config.go", "package config\n\nfunc LoadSettings() {}\n")
    try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("upload.py"))
    let summary = try #require(try engine.indexAll().first)
    #expect(summary.filesIndexed == 1)
    #expect(summary.filesRemoved == 1)
    #expect(engine.symbols(matching: "ParseConfig").first?.symbol.name != "ParseConfig")
    #expect(engine.symbols(matching: "LoadSettings").first?.symbol.name == "LoadSettings")
    #expect(try engine.search("retry upload").allSatisfy { $0.chunk.id.path != "upload.py" })
    #expect(try engine.vectorCoverage() == 1)
  }

  @Test func editorTextIsIndexedBeforeItIsSaved() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let path = workspace.root.appendingPathComponent("Sources/Draft.swift").path
    let outcome = try engine.updateFile(absolutePath: path, text: "func unsavedHelper() {}\n")
    #expect(outcome == .indexed(chunks: 1))
    #expect(engine.symbols(matching: "unsavedHelper").first?.path == "Sources/Draft.swift")
    // Closing without saving: the file is not on disk, so it leaves the index.
    #expect(try engine.updateFile(absolutePath: path) == .removed)
    #expect(engine.symbols(matching: "unsavedHelper").first?.symbol.name != "unsavedHelper")
  }

  @Test func withoutAModelSemanticSearchSaysWhy() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: nil)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    #expect(engine.defaultSearchMode == .lexical)
    #expect(throws: SearchError.self) { try engine.search("retry", mode: .semantic) }
    #expect(try !engine.search("retry").isEmpty)
  }

  @Test func oneNamedIndexDirectoryServesTwoFoldersWithoutWipingEither() throws {
    let first = try Workspace(["a.py": "def only_in_first():\n    pass\n"])
    let second = try Workspace(["b.py": "def only_in_second():\n    pass\n"])
    defer {
      first.remove()
      second.remove()
    }
    var configuration = EngineConfiguration(indexDirectory: first.index)
    configuration.embedder = HashingEmbedder(dimension: 16)
    for round in 0..<2 {
      // Alone, then together: the first folder's index survives the second's arrival.
      let engine = SearchEngine(configuration: configuration)
      defer { engine.shutdown() }
      try engine.open(folders: round == 0 ? [first.root] : [second.root, first.root])
      let summaries = try engine.indexAll()
      if round == 1 {
        #expect(summaries.first { $0.root == first.root.path }?.filesUnchangedByStat == 1)
        #expect(Set(summaries.map(\.indexDirectory)).count == 2)
      }
      #expect(engine.symbols(matching: "only_in_first").first?.symbol.name == "only_in_first")
    }
  }

  @Test func changingTheModelRebuildsVectorsAndSwitchingBackReusesTheCache() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    func run(_ dimension: Int) throws -> (IndexSummary, Double, Double) {
      let engine = try workspace.engine(embedder: HashingEmbedder(dimension: dimension))
      defer { engine.shutdown() }
      let before = try engine.vectorCoverage()
      let summary = try #require(try engine.indexAll().first)
      return (summary, before, try engine.vectorCoverage())
    }
    let (first, _, _) = try run(16)
    #expect(first.chunksEmbedded > 0)
    // Another model: none of the old vectors is visible, all are computed again.
    let (second, coverageBefore, coverageAfter) = try run(32)
    #expect(coverageBefore == 0)
    #expect(second.chunksEmbedded == first.chunksEmbedded)
    #expect(coverageAfter == 1)
    // Back to the first model: its vectors come from the cache, nothing is embedded.
    let (third, coverageAgain, _) = try run(16)
    #expect(coverageAgain == 1)
    #expect(third.chunksEmbedded == 0)
  }

  @Test func otherChunkingRulesRechunkEveryFileAndReuseVectorsOfUnchangedText() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    func run(minChunkLines: Int) throws -> (IndexSummary, [String]) {
      let engine = try workspace.engine(chunking: ChunkingOptions(minChunkLines: minChunkLines))
      defer { engine.shutdown() }
      let summary = try #require(try engine.indexAll().first)
      let names = try engine.search("evict oldest entry", limit: 20, mode: .lexical).map(\.chunk.id.name)
      return (summary, names)
    }
    let (first, before) = try run(minChunkLines: 4)
    #expect(first.filesIndexed == 3)
    #expect(!before.contains("evictOldest()"))
    // Files untouched on disk are chunked again under the new limit: the small method is now
    // a chunk of its own, and only chunks whose text changed are embedded.
    let (second, after) = try run(minChunkLines: 2)
    #expect(second.filesIndexed == 3)
    #expect(after.contains("evictOldest()"))
    #expect(second.chunksEmbedded > 0)
    #expect(second.chunksEmbedded < second.chunksWritten)
    // The same rules again: nothing is read again.
    let (third, _) = try run(minChunkLines: 2)
    #expect(third.filesUnchangedByStat == 3)
    #expect(third.chunksEmbedded == 0)
  }

  @Test func chunksSharingTheirTextAcrossEmbeddingPagesAllGetVectors() throws {
    // 300 files, more than one page of pending chunks; the first and the last hold the same
    // function, so the last is no longer missing once the first page has embedded it.
    var files: [String: String] = [:]
    for number in 0..<300 {
      files[String(format: "f%03d.py", number)] = "def unique_\(number)(value):\n    total = value * \(number)\n    return total\n"
    }
    let shared = "def shared(value):\n    doubled = value * 2\n    return doubled\n"
    files["f000.py"] = shared
    files["f299.py"] = shared
    let workspace = try Workspace(files)
    defer { workspace.remove() }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    let summary = try #require(try engine.indexAll().first)
    #expect(summary.chunksWritten == 300)
    #expect(try engine.vectorCoverage() == 1)
    let hits = try engine.search("doubled value", limit: 5, mode: .semantic).map(\.chunk.id.path)
    #expect(hits.contains("f000.py") && hits.contains("f299.py"))
  }

  @Test func anEditCanBeCommittedFirstAndEmbeddedAfter() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let path = workspace.root.appendingPathComponent("upload.py").path
    let text = "def resend_batches(queue):\n    queue.flush()\n    return queue\n"
    try engine.updateFile(absolutePath: path, text: text, embedNow: false)
    // Lexical search sees it at once; the vector comes when the pending chunks are embedded.
    #expect(try engine.search("resend batches", mode: .lexical).first?.chunk.id.name == "resend_batches")
    #expect(try engine.vectorCoverage() < 1)
    #expect(try engine.embedPendingChunks() == 1)
    #expect(try engine.vectorCoverage() == 1)
    #expect(try engine.embedPendingChunks() == 0)
  }

  @Test func contentSeenBeforeTakesItsVectorFromTheCacheAndSaysSo() throws {
    let workspace = try Workspace(EngineIndexingTests.files)
    defer { workspace.remove() }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let original = try #require(EngineIndexingTests.files["upload.py"])
    // Another branch's version of the file, then back.
    try workspace.write("upload.py", "def drain_queue(queue):\n    queue.clear()\n    return queue\n")
    let away = try #require(try engine.indexAll().first)
    #expect(away.chunksEmbedded == 1)
    try workspace.write("upload.py", original)
    let back = try #require(try engine.indexAll().first)
    #expect(back.filesIndexed == 1)
    #expect(back.chunksEmbedded == 0)
    #expect(back.embeddingCacheHits == 1)
    #expect(try engine.vectorCoverage() == 1)
  }

  @Test func emptyQueryListsABoundedNumberOfSymbols() throws {
    var files: [String: String] = [:]
    for index in 0..<30 { files["f\(index).py"] = "def alpha_\(index)():\n    pass\n\ndef beta_\(index)():\n    pass\n" }
    let workspace = try Workspace(files)
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: nil)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    #expect(engine.symbols(matching: "").count == engine.configuration.emptyQuerySymbolLimit)
    #expect(engine.symbols(matching: "alpha", limit: 7).count == 7)
  }
}
