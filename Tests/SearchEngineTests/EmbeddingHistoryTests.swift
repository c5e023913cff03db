import EmbeddingProviders
import Foundation
import SearchCore
import Testing

@testable import SearchEngine

/// Saved edits become versions of a chunk's embedding; renames and moves carry them on.
struct EmbeddingHistoryTests {
  typealias Workspace = EngineIndexingTests.Workspace

  static let original = "def alpha_upload(items):\n    items.sort()\n    return items\n\n\ndef beta_merge(left, right):\n    merged = left + right\n    return sorted(merged)\n"
  static let edited = original.replacingOccurrences(of: "items.sort()", with: "items.sort(reverse=True)\n    items.pop()")

  private func indexed(_ files: [String: String] = ["a.py": original]) throws -> (Workspace, SearchEngine) {
    let workspace = try Workspace(files)
    let engine = try workspace.engine()
    _ = try engine.indexAll()
    return (workspace, engine)
  }

  private func save(_ workspace: Workspace, _ engine: SearchEngine, _ path: String, _ text: String) throws {
    try workspace.write(path, text)
    _ = try engine.updateFile(absolutePath: workspace.root.appendingPathComponent(path).path)
  }

  @Test func aSavedEditBecomesAVersionAndUnsavedOnesDoNot() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let path = workspace.root.appendingPathComponent("a.py").path
    try engine.setEditorText(absolutePath: path, text: Self.edited)
    #expect(try engine.history(ofSymbol: "alpha_upload").first?.versions.count == 1)
    try save(workspace, engine, "a.py", Self.edited)
    let history = try #require(try engine.history(ofSymbol: "alpha_upload").first)
    #expect(history.versions.map(\.version) == [1, 0])
    #expect(history.versions[0].replacedAt == nil && history.versions[1].replacedAt != nil)
    #expect(history.versions[1].similarity < 0.9999)
    // The old version is the very vector the old text embeds to.
    let oldKey = try #require(
      try EngineIndexingTests.Workspace(["x.py": Self.original]).engineChunks(path: "x.py").first { $0.name == "alpha_upload" })
    #expect(history.versions[1].fingerprint == WorkspaceIndex.fingerprint(ofKey: EmbeddingInputs.key(for: oldKey.renamed(path: "a.py")).hex))
    // beta_merge did not change: no version.
    #expect(try engine.history(ofSymbol: "beta_merge").first?.versions.count == 1)
    // Saving the same text again adds nothing.
    try save(workspace, engine, "a.py", Self.edited)
    #expect(try engine.history(ofSymbol: "alpha_upload").first?.versions.count == 2)
  }

  @Test func aRenamedFunctionKeepsItsHistory() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    try save(workspace, engine, "a.py", Self.edited)
    let renamed = Self.edited.replacingOccurrences(of: "alpha_upload", with: "alpha_upload_sorted")
    try save(workspace, engine, "a.py", renamed)
    #expect(try engine.history(ofSymbol: "alpha_upload").isEmpty)
    let history = try #require(try engine.history(ofSymbol: "alpha_upload_sorted").first)
    #expect(history.versions.map(\.version) == [2, 1, 0])
    #expect(history.versions.map(\.identity) == ["a.py#alpha_upload_sorted", "a.py#alpha_upload", "a.py#alpha_upload"])
  }

  @Test func aFunctionMovedToAnotherFileInOneRunKeepsItsHistory() throws {
    let (workspace, engine) = try indexed(["a.py": Self.original, "b.py": "def gamma(x):\n    y = x * 2\n    return y\n"])
    defer { workspace.remove(); engine.shutdown() }
    try save(workspace, engine, "a.py", Self.edited)
    // alpha_upload leaves a.py for b.py; both files change on disk, one run indexes them.
    let function = "def alpha_upload(items):\n    items.sort(reverse=True)\n    items.pop()\n    return items\n"
    try workspace.write("a.py", "def beta_merge(left, right):\n    merged = left + right\n    return sorted(merged)\n")
    try workspace.write("b.py", "def gamma(x):\n    y = x * 2\n    return y\n\n\n" + function)
    _ = try engine.indexAll()
    let history = try #require(try engine.history(ofSymbol: "alpha_upload").first)
    #expect(history.chunk.id.path == "b.py")
    #expect(history.versions.map(\.identity) == ["b.py#alpha_upload", "a.py#alpha_upload", "a.py#alpha_upload"])
    #expect(history.versions.map(\.version) == [2, 1, 0])
    #expect(abs(history.versions[1].similarity - 1) < 1e-6, "the move kept the text: same meaning")
  }

  @Test func aFunctionMovedAcrossTwoSavesKeepsItsHistory() throws {
    let (workspace, engine) = try indexed(["a.py": Self.original, "b.py": "def gamma(x):\n    y = x * 2\n    return y\n"])
    defer { workspace.remove(); engine.shutdown() }
    try save(workspace, engine, "a.py", Self.edited)
    let function = "def alpha_upload(items):\n    items.sort(reverse=True)\n    items.pop()\n    return items\n"
    // The file it leaves is saved first, the file it enters after.
    try save(workspace, engine, "a.py", "def beta_merge(left, right):\n    merged = left + right\n    return sorted(merged)\n")
    #expect(try engine.history(ofSymbol: "alpha_upload").isEmpty)
    try save(workspace, engine, "b.py", "def gamma(x):\n    y = x * 2\n    return y\n\n\n" + function)
    let history = try #require(try engine.history(ofSymbol: "alpha_upload").first)
    #expect(history.versions.map(\.identity) == ["b.py#alpha_upload", "a.py#alpha_upload", "a.py#alpha_upload"])
    // Reopened, the history is still there.
    engine.shutdown()
    let reopened = try workspace.engine()
    defer { reopened.shutdown() }
    #expect(try reopened.history(ofSymbol: "alpha_upload").first?.versions.count == 3)
  }

  @Test func aDeletedFunctionsVectorGoesOnceItsWaitIsOver() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let index = try #require(engine.folder(at: workspace.root))
    let store = try #require(index.vectorStore)
    let id = try #require(try index.catalog.chunks(inFile: "a.py").first { $0.id.name == "alpha_upload" }?.rowID)
    try save(workspace, engine, "a.py", "def beta_merge(left, right):\n    merged = left + right\n    return sorted(merged)\n")
    #expect(store.snapshot.contains(id), "waits for a successor")
    _ = try index.catalog.expireVanished(before: Date().addingTimeInterval(60), keep: 0)
    #expect(try index.catalog.recentlyVanished().isEmpty)
    // Expired waits are collected by the next commit; here the next reconcile at open does it.
    engine.shutdown()
    let reopened = try workspace.engine()
    defer { reopened.shutdown() }
    #expect(reopened.folder(at: workspace.root)?.vectorStore?.snapshot.contains(id) == false)
  }

  @Test func aFunctionRenamedTwiceBeforeTheModelRanKeepsItsHistory() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let path = workspace.root.appendingPathComponent("a.py").path
    for name in ["alpha_upload_sorted", "alpha_upload_all"] {
      try workspace.write("a.py", Self.original.replacingOccurrences(of: "alpha_upload", with: name))
      _ = try engine.updateFile(absolutePath: path, embedNow: false)
    }
    _ = try engine.embedPendingChunks()
    let history = try #require(try engine.history(ofSymbol: "alpha_upload_all").first)
    #expect(history.versions.map(\.identity) == ["a.py#alpha_upload_all", "a.py#alpha_upload"])
  }

  @Test func aRestartBeforeTheNewVectorStillRecordsTheVersion() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove() }
    try workspace.write("a.py", Self.edited)
    // The catalog takes the new text; the process ends before the model runs.
    _ = try engine.updateFile(absolutePath: workspace.root.appendingPathComponent("a.py").path, embedNow: false)
    engine.shutdown()
    let restarted = try workspace.engine()
    defer { restarted.shutdown() }
    _ = try restarted.indexAll()
    let history = try #require(try restarted.history(ofSymbol: "alpha_upload").first)
    #expect(history.versions.map(\.version) == [1, 0])
  }

  @Test func driftListsWhatMovedSinceAPoint() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    let before = Date()
    try save(workspace, engine, "a.py", Self.edited)
    let moved = try engine.drift(since: .versions(1))
    #expect(moved.map(\.chunk.id.name) == ["alpha_upload"])
    #expect(moved[0].drift > 0 && moved[0].drift == 1 - moved[0].baseline.similarity)
    #expect(try engine.drift(since: .since(before.addingTimeInterval(-60))).map(\.chunk.id.name) == ["alpha_upload"])
    #expect(try engine.drift(since: .since(Date().addingTimeInterval(60))).isEmpty)
  }

  @Test func versionsFoundInGitNameTheirCommit() throws {
    let (workspace, engine) = try indexed()
    defer { workspace.remove(); engine.shutdown() }
    func git(_ arguments: String...) throws {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["git", "-C", workspace.root.path, "-c", "user.name=t", "-c", "user.email=t@t"] + arguments
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "git \(arguments)")
    }
    try git("init", "-q")
    try git("add", "a.py")
    try git("commit", "-q", "-m", "first")
    try save(workspace, engine, "a.py", Self.edited)
    let history = try #require(try engine.history(ofSymbol: "alpha_upload").first)
    #expect(history.versions[0].revision == nil, "the edit is not committed")
    #expect(history.versions[1].revision != nil, "the first version is the committed text")
    #expect(throws: SearchError.self) { try engine.revisionTime("no-such-revision") }
    // Never passed to git as an option.
    #expect(throws: SearchError.self) { try engine.revisionTime("--output=/tmp/sextant-should-not-exist") }
    #expect(throws: SearchError.self) { try engine.revisionTime("-1") }
    #expect(!FileManager.default.fileExists(atPath: "/tmp/sextant-should-not-exist"))
    #expect(try engine.revisionTime("HEAD").timeIntervalSinceNow < 60)
  }
}

extension EngineIndexingTests.Workspace {
  /// The chunks indexing cuts `path` into (for computing expected keys).
  func engineChunks(path: String) throws -> [Chunk] {
    defer { remove() }
    let engine = try engine()
    defer { engine.shutdown() }
    let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    return engine.chunker.chunk(path: path, text: text).chunks
  }
}

extension Chunk {
  func renamed(path: String) -> Chunk {
    Chunk(
      path: path, name: name, kind: kind, container: container, signature: signature, ordinal: ordinal, span: span,
      text: text, language: language)
  }
}
