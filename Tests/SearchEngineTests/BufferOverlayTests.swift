import Embedding
import EmbeddingProviders
import Foundation
import Synchronization
import Testing

@testable import SearchEngine

/// Unsaved editor text answered from memory: found at once, never written to the shared index.
struct BufferOverlayTests {
  typealias Workspace = EngineIndexingTests.Workspace

  static let saved = [
    "a.py": "def alpha_upload(items):\n    items.sort()\n    return items\n\n\ndef beta_merge(left, right):\n    merged = left + right\n    return sorted(merged)\n",
    "b.py": "def gamma_parse(text):\n    words = text.split()\n    return [w.strip() for w in words]\n",
  ]
  static let unsaved =
    "def omega_download(rows):\n    rows.reverse()\n    return rows\n\n\ndef beta_merge(left, right):\n    merged = left + right\n    return sorted(merged)\n"

  private func indexed() throws -> (Workspace, SearchEngine, String) {
    let workspace = try Workspace(Self.saved)
    let engine = try workspace.engine()
    _ = try engine.indexAll()
    return (workspace, engine, workspace.root.appendingPathComponent("a.py").path)
  }

  @Test func unsavedTextAnswersInsteadOfTheSavedFile() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let outcome = try engine.setEditorText(absolutePath: path, text: Self.unsaved)
    #expect(outcome == .overlaid(chunks: 2, changed: 2, embedded: 1))
    for mode in [SearchMode.lexical, .semantic, .hybrid] {
      let hits = try engine.searchHits("omega_download rows", limit: 10, mode: mode)
      let top = try #require(hits.first, "\(mode)")
      #expect(top.chunk.id.name == "omega_download", "\(mode)")
      #expect(top.chunk.rowID < 0)
      #expect(!hits.contains { $0.chunk.id.name == "alpha_upload" }, "\(mode): a saved chunk of an overlaid file")
    }
    #expect(engine.symbols(matching: "omega_download").map(\.symbol.name) == ["omega_download"])
    #expect(engine.symbols(matching: "alpha_upload").isEmpty)
    // Other files answer as before.
    #expect(try engine.search("gamma_parse", mode: .lexical).first?.chunk.id.name == "gamma_parse")
  }

  @Test func theSharedIndexKeepsTheSavedFile() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let index = try #require(engine.folder(at: workspace.root))
    let before = try index.catalog.fileRecord(path: "a.py")
    try engine.setEditorText(absolutePath: path, text: Self.unsaved)
    #expect(try index.catalog.fileRecord(path: "a.py") == before)
    #expect(try index.catalog.chunks(inFile: "a.py").map(\.id.name) == ["alpha_upload", "beta_merge"])
    // Another process (here a second engine on the same index directory) sees the saved text.
    let other = try workspace.engine()
    defer { other.shutdown() }
    #expect(try other.search("alpha_upload", mode: .lexical).first?.chunk.id.name == "alpha_upload")
    #expect(try other.search("omega_download", mode: .lexical).isEmpty)
  }

  @Test func droppingTheTextBringsTheSavedChunksBack() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    try engine.setEditorText(absolutePath: path, text: Self.unsaved)
    #expect(try engine.search("alpha_upload", mode: .lexical).first?.chunk.id.name != "alpha_upload")
    #expect(engine.dropEditorText(absolutePath: path))
    #expect(!engine.dropEditorText(absolutePath: path))
    let hit = try #require(try engine.searchHits("alpha_upload", mode: .lexical).first)
    #expect(hit.chunk.id.name == "alpha_upload" && hit.chunk.rowID > 0)
    #expect(engine.symbols(matching: "alpha_upload").map(\.symbol.name) == ["alpha_upload"])
  }

  @Test func textEqualToTheIndexMakesNoOverlay() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    try engine.setEditorText(absolutePath: path, text: Self.unsaved)
    // Typing back to the saved text (an undo) ends the overlay.
    #expect(try engine.setEditorText(absolutePath: path, text: Self.saved["a.py"]!) == .matchesIndex)
    #expect(engine.folder(at: workspace.root)?.overlaidPaths == [])
    #expect(try engine.setEditorText(absolutePath: path, text: Self.saved["a.py"]!) == .matchesIndex)
  }

  @Test func onlyChangedChunksAreEmbeddedAgain() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    // beta_merge is unchanged from the saved file: its vector comes from the cache.
    #expect(try engine.setEditorText(absolutePath: path, text: Self.unsaved) == .overlaid(chunks: 2, changed: 2, embedded: 1))
    #expect(try engine.setEditorText(absolutePath: path, text: Self.unsaved) == .unchanged)
    // A line added above: both chunks move, neither's text changes, nothing is embedded.
    let moved = "import os\n\n" + Self.unsaved
    #expect(try engine.setEditorText(absolutePath: path, text: moved) == .overlaid(chunks: 2, changed: 0, embedded: 0))
    let edited = moved.replacingOccurrences(of: "rows.reverse()", with: "rows.sort()")
    #expect(try engine.setEditorText(absolutePath: path, text: edited) == .overlaid(chunks: 2, changed: 1, embedded: 1))
  }

  @Test func anUnchangedChunkScoresAsItsSavedCopyDid() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let query = "merged sorted left right"
    let lexicalBefore = try #require(try engine.search(query, mode: .lexical).first { $0.chunk.id.name == "beta_merge" })
    let semanticBefore = try #require(try engine.search(query, mode: .semantic).first { $0.chunk.id.name == "beta_merge" })
    // A new function below beta_merge: beta_merge's own text is the same.
    try engine.setEditorText(absolutePath: path, text: Self.saved["a.py"]! + "\n\ndef delta(x):\n    y = x\n    return y\n")
    let lexicalAfter = try #require(try engine.searchHits(query, mode: .lexical).first { $0.chunk.id.name == "beta_merge" })
    let semanticAfter = try #require(try engine.searchHits(query, mode: .semantic).first { $0.chunk.id.name == "beta_merge" })
    #expect(lexicalAfter.chunk.rowID < 0 && semanticAfter.chunk.rowID < 0)
    #expect(abs(lexicalAfter.score - lexicalBefore.score) < 1e-9)
    #expect(abs(semanticAfter.score - semanticBefore.score) < 1e-6)
  }

  @Test func aCachedAnswerFollowsTheUnsavedText() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    #expect(try engine.search("omega_download", mode: .lexical).isEmpty)
    #expect(try engine.search("alpha_upload", mode: .lexical).first?.chunk.id.name == "alpha_upload")
    try engine.setEditorText(absolutePath: path, text: Self.unsaved)
    #expect(try engine.search("omega_download", mode: .lexical).first?.chunk.id.name == "omega_download")
    #expect(try engine.search("alpha_upload", mode: .lexical).first?.chunk.id.name != "alpha_upload")
    let edited = Self.unsaved.replacingOccurrences(of: "omega_download", with: "sigma_fetch")
    try engine.setEditorText(absolutePath: path, text: edited)
    #expect(try engine.search("omega_download", mode: .lexical).isEmpty)
    #expect(try engine.search("sigma_fetch", mode: .lexical).first?.chunk.id.name == "sigma_fetch")
  }

  @Test func aNewUnsavedFileIsFoundAndFiltersApplyToIt() throws {
    let (workspace, engine, _) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let path = workspace.root.appendingPathComponent("pkg/new.py").path
    try engine.setEditorText(absolutePath: path, text: "def zeta_resolve(name):\n    parts = name.split('.')\n    return parts\n")
    #expect(try engine.search("zeta_resolve", mode: .lexical).first?.chunk.id.path == "pkg/new.py")
    #expect(try engine.search("zeta_resolve", mode: .lexical, filters: SearchFilters(paths: ["pkg/**"])).count == 1)
    let narrowed = try engine.search("zeta_resolve", mode: .hybrid, filters: SearchFilters(paths: ["b.py"]))
    #expect(!narrowed.isEmpty && narrowed.allSatisfy { $0.chunk.id.path == "b.py" })
    #expect(try engine.search("zeta_resolve", mode: .lexical, filters: SearchFilters(languages: ["Go"])).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func ignoredFilesGetNoOverlay() throws {
    let (workspace, engine, _) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    try workspace.write(".sextantignore", "secret/\n")
    let path = workspace.root.appendingPathComponent("secret/keys.py").path
    #expect(try engine.setEditorText(absolutePath: path, text: "def kappa_secret():\n    return 1\n    # end\n") == .ignored)
    #expect(try engine.search("kappa_secret", mode: .lexical).isEmpty)
  }

  @Test func vectorsCanFollowForSymbolAndLexicalAnswers() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    #expect(try engine.setEditorText(absolutePath: path, text: Self.unsaved, embed: false) == .overlaid(chunks: 2, changed: 2, embedded: 0))
    #expect(try engine.search("omega_download", mode: .lexical).first?.chunk.id.name == "omega_download")
    #expect(try engine.search("omega_download rows", mode: .semantic).allSatisfy { $0.chunk.id.name != "omega_download" })
    #expect(try engine.embedOverlays() == 1)
    #expect(try engine.search("omega_download rows", mode: .semantic).first?.chunk.id.name == "omega_download")
  }

  @Test func savingTheTextEndsTheOverlay() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    try engine.setEditorText(absolutePath: path, text: Self.unsaved)
    // The editor writes the file and the index takes it from disk; the same text then adds nothing.
    try workspace.write("a.py", Self.unsaved)
    _ = try engine.updateFile(absolutePath: path)
    #expect(try engine.setEditorText(absolutePath: path, text: Self.unsaved) == .matchesIndex)
    #expect(engine.folder(at: workspace.root)?.overlaidPaths == [])
    let hit = try #require(try engine.searchHits("omega_download", mode: .lexical).first)
    #expect(hit.chunk.id.name == "omega_download" && hit.chunk.rowID > 0)
  }

  @Test func anOlderEditArrivingLateIsIgnored() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let newer = Self.unsaved.replacingOccurrences(of: "omega_download", with: "sigma_fetch")
    #expect(try engine.setEditorText(absolutePath: path, text: newer, generation: 5) != .superseded)
    #expect(try engine.setEditorText(absolutePath: path, text: Self.unsaved, generation: 4) == .superseded)
    #expect(try engine.search("sigma_fetch", mode: .lexical).first?.chunk.id.name == "sigma_fetch")
    // A close (generation 6) outlasts an edit of generation 5 that comes after it.
    engine.dropEditorText(absolutePath: path, generation: 6)
    #expect(try engine.setEditorText(absolutePath: path, text: newer, generation: 5) == .superseded)
    #expect(engine.folder(at: workspace.root)?.overlaidPaths == [])
  }

  /// An embedder that fails while `failing` is set.
  final class FlakyEmbedder: Embedder {
    let inner = HashingEmbedder(dimension: 64)
    let failing = Mutex(false)
    var identity: ModelIdentity { inner.identity }
    func embed(_ texts: [String]) throws -> EmbeddingBatch {
      if failing.withLock({ $0 }) { throw EmbeddingError("the provider is unreachable") }
      return try inner.embed(texts)
    }
  }

  @Test func aFailingModelStillLeavesTheTextFindableByWords() throws {
    let workspace = try Workspace(Self.saved)
    defer { workspace.remove() }
    let flaky = FlakyEmbedder()
    let engine = try workspace.engine(embedder: flaky)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let path = workspace.root.appendingPathComponent("a.py").path
    flaky.failing.withLock { $0 = true }
    #expect(throws: WorkspaceIndex.OverlayEmbeddingError.self) { try engine.setEditorText(absolutePath: path, text: Self.unsaved) }
    #expect(try engine.search("omega_download", mode: .lexical).first?.chunk.id.name == "omega_download")
    #expect(engine.symbols(matching: "omega_download").count == 1)
    flaky.failing.withLock { $0 = false }
    #expect(try engine.embedOverlays() == 1)
    #expect(try engine.search("omega_download rows", mode: .semantic).first?.chunk.id.name == "omega_download")
  }

  @Test func anAnswerComputedAcrossAChangeIsNotCached() throws {
    let (workspace, engine, path) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    try engine.setEditorText(absolutePath: path, text: Self.unsaved)
    let fired = Mutex(false)
    engine.afterNearestNeighbourScan.withLock {
      $0 = {
        guard !fired.withLock({ let was = $0; $0 = true; return was }) else { return }
        engine.dropEditorText(absolutePath: path)
      }
    }
    // The answer began with the unsaved text; the document closed before it was stored.
    _ = try engine.search("omega_download rows", mode: .hybrid)
    #expect(fired.withLock { $0 })
    let again = try engine.searchHits("omega_download rows", mode: .hybrid)
    #expect(!again.contains { $0.chunk.rowID < 0 })
    #expect(again.contains { $0.chunk.id.name == "alpha_upload" })
  }
}
