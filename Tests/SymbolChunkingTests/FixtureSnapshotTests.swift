import Foundation
import SymbolChunking
import Testing

/// Chunks every fixture and compares a rendering of its symbols and chunks with the checked-in
/// `<fixture>.snapshot`. Run with `SNAPSHOT_UPDATE=1` to rewrite the snapshots instead (then
/// review the diff: each one is a claim about what the chunker should produce).
@Suite struct FixtureSnapshotTests {
  static let fixtures = [
    "RateLimiter.swift", "inventory.py", "server.go", "store.ts", "cache.rs", "ring_buffer.c",
    "Greeter.java", "Guide.md", "notes.txt",
  ]

  /// One chunker for all fixtures, as the server uses one for a whole workspace.
  static let chunker = FileChunker()

  @Test(arguments: fixtures)
  func snapshot(of name: String) throws {
    let fixture = try #require(
      Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
      "missing fixture \(name)")
    let text = try String(contentsOf: fixture, encoding: .utf8)
    let file = Self.chunker.chunk(path: "Fixtures/\(name)", text: text)
    expectWellFormed(file, text: text, path: "Fixtures/\(name)")
    #expect(file.warnings.isEmpty, "\(file.warnings)")
    #expect(!file.chunks.isEmpty)

    let rendered = SnapshotRendering.render(file)
    let snapshotName = name + ".snapshot"
    if ProcessInfo.processInfo.environment["SNAPSHOT_UPDATE"] == "1" {
      let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(snapshotName)
      try rendered.write(to: source, atomically: true, encoding: .utf8)
      return
    }
    let stored = try #require(
      Bundle.module.url(forResource: snapshotName, withExtension: nil, subdirectory: "Fixtures"),
      "missing \(snapshotName); run with SNAPSHOT_UPDATE=1 to create it")
    let expected = try String(contentsOf: stored, encoding: .utf8)
    #expect(rendered == expected, "\(name) changed; if intended, rerun with SNAPSHOT_UPDATE=1")
  }
}
