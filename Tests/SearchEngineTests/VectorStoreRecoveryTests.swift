import Embedding
import EmbeddingProviders
import Foundation
import Testing

@testable import SearchEngine

/// The engine's vector store is derived from the embedding cache: whatever happens to its
/// files, reopening restores it without a single model call, and never serves a wrong vector.
struct VectorStoreRecoveryTests {
  typealias Workspace = EngineIndexingTests.Workspace

  private func indexed() throws -> Workspace {
    let workspace = try Workspace(EngineIndexingTests.files)
    let engine = try workspace.engine()
    _ = try engine.indexAll()
    engine.shutdown()
    return workspace
  }

  private func vectorFiles(_ workspace: Workspace) throws -> [URL] {
    let directory = workspace.index.appendingPathComponent("vectors")
    return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  /// Opens the index again and checks it is whole, consistent and was mended from the cache.
  private func expectRestored(_ workspace: Workspace) throws {
    let embedder = CountingEmbedder(HashingEmbedder(dimension: 64))
    let engine = try workspace.engine(embedder: embedder)
    defer { engine.shutdown() }
    #expect(try engine.vectorCoverage() == 1)
    #expect(try engine.verifyVectors().isConsistent)
    #expect(try engine.search("retry failed upload attempts", mode: .semantic).first?.chunk.id.name == "retry_failed_upload")
    #expect(embedder.texts == 1)  // the query alone
  }

  @Test func aLostStoreIsRestoredFromTheEmbeddingCache() throws {
    let workspace = try indexed()
    defer { workspace.remove() }
    try FileManager.default.removeItem(at: workspace.index.appendingPathComponent("vectors"))
    try expectRestored(workspace)
  }

  @Test func aDamagedSegmentIsDetectedAndRestored() throws {
    let workspace = try indexed()
    defer { workspace.remove() }
    let segment = try #require(try vectorFiles(workspace).first { $0.lastPathComponent.hasPrefix("segment-") })
    var bytes = try Data(contentsOf: segment)
    bytes[100] ^= 0xFF  // inside the first block
    try bytes.write(to: segment)
    try expectRestored(workspace)
  }

  @Test func aDamagedManifestIsDetectedAndRestored() throws {
    let workspace = try indexed()
    defer { workspace.remove() }
    for manifest in try vectorFiles(workspace) where manifest.lastPathComponent.hasPrefix("manifest-") {
      try Data("not a manifest".utf8).write(to: manifest)
    }
    try expectRestored(workspace)
  }

  @Test func aStoreBehindTheCatalogCatchesUp() throws {
    // A crash after the catalog commit and before the store commit leaves chunks the store
    // lacks and ids it should no longer have.
    let workspace = try indexed()
    defer { workspace.remove() }
    let kept = try vectorFiles(workspace)
    let copy = workspace.index.deletingLastPathComponent().appendingPathComponent("vectors-before")
    try FileManager.default.copyItem(at: workspace.index.appendingPathComponent("vectors"), to: copy)
    do {
      let engine = try workspace.engine()
      try workspace.write("upload.py", "def renamed_upload_helper(data):\n    return data\n")
      _ = try engine.indexAll()
      engine.shutdown()
    }
    try FileManager.default.removeItem(at: workspace.index.appendingPathComponent("vectors"))
    try FileManager.default.moveItem(at: copy, to: workspace.index.appendingPathComponent("vectors"))
    #expect(!kept.isEmpty)
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    #expect(try engine.verifyVectors().isConsistent)
    let hits = try engine.search("renamed upload helper", limit: 10, mode: .semantic)
    #expect(hits.contains { $0.chunk.id.path == "upload.py" && $0.chunk.text.contains("renamed_upload_helper") })
    #expect(!hits.contains { $0.chunk.id.name == "retry_failed_upload" })
  }
}

