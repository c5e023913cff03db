import Embedding
import Foundation
import MetadataStore
import SearchCore
import VectorIndex
import VectorStore

extension WorkspaceIndex {
  /// A 64-bit fingerprint of an embedding key (the hash of the embedded input), stored with
  /// each vector so an id reused for other content is noticed.
  static func fingerprint(ofKey hex: String) -> UInt64 {
    UInt64(hex.prefix(16), radix: 16) ?? 0
  }

  static func storeRows(_ vectors: [ChunkVector]) -> [StoreRow] {
    vectors.map { StoreRow(id: $0.rowID, fingerprint: fingerprint(ofKey: $0.key), vector: $0.vector) }
  }

  /// What bringing the store in line with the catalog did.
  package struct VectorReconciliation: Sendable, Equatable {
    /// Vectors copied from the embedding cache: missing after a crash, damaged on disk, or
    /// stored under an id that now names other content.
    package var restored = 0
    /// Vectors of chunks that no longer exist.
    package var removed = 0
  }

  /// Brings the vector store in line with the catalog, then loads the search table from it.
  ///
  /// The catalog and its embedding cache are the record; the store is derived from them. A
  /// crash between a catalog commit and a store commit, a damaged block or a damaged
  /// manifest all show up here as missing or stale ids, and are restored from the embedding
  /// cache: nothing the model already computed is computed again.
  @discardableResult
  func reconcileVectors() throws -> VectorReconciliation {
    guard let store = vectorStore, let embedder else { return VectorReconciliation() }
    let expected = try catalog.chunkEmbeddingKeys(model: embedder.identity.id)
    var snapshot = store.snapshot
    var stale = Set(store.recovery.damagedIDs)
    var expectedIDs = Set<Int64>(minimumCapacity: expected.count)
    for (rowID, key) in expected {
      expectedIDs.insert(rowID)
      if snapshot.fingerprint(of: rowID) != Self.fingerprint(ofKey: key) { stale.insert(rowID) }
    }
    // The vector of a chunk whose new text awaits the model stays, as does that of a chunk
    // that is gone while a successor may still take its place: the next version's commit
    // turns them into history. Only vectors nothing can claim any more go.
    let chunkIDs = Set(try catalog.chunkRowIDs(matching: ChunkFilter()))
    let awaiting = try vectorsAwaitingSuccessors(chunkIDs: chunkIDs, stale: stale, snapshot: snapshot)
    var removed = snapshot.ids.filter { !chunkIDs.contains($0) && !awaiting.contains($0) }
    var report = VectorReconciliation()
    // Blocks found damaged only while reading (not checked at open) get one more pass.
    for _ in 0..<2 where !stale.isEmpty || !removed.isEmpty {
      let restored = try catalog.chunkVectors(model: embedder.identity.id, rowIDs: stale.sorted())
      try commitVectors(Self.storeRows(restored), deletes: removed, nearestNeighbours: false)
      report.restored += restored.count
      report.removed += removed.count
      removed = []
      snapshot = store.snapshot
      stale = Set(snapshot.forEachLiveVector { _, _ in })
    }
    // Every stored vector that is not a chunk's current one is retained for history.
    snapshot = store.snapshot
    let current = Set(expected.filter { snapshot.fingerprint(of: $0.rowID) == Self.fingerprint(ofKey: $0.key) }.map(\.rowID))
    retainedVectors.withLock { $0 = Set(snapshot.ids.filter { !current.contains($0) }) }
    try semanticIndex?.load()
    return report
  }

  /// Stored vectors of chunks that are gone but may still become history: the predecessor
  /// of a chunk still awaiting its own vector, and declarations waiting for a successor.
  func vectorsAwaitingSuccessors(chunkIDs: Set<Int64>, stale: Set<Int64>, snapshot: StoreSnapshot) throws -> Set<Int64> {
    let awaited = try catalog.ancestors(of: chunkIDs.filter { stale.contains($0) || !snapshot.contains($0) })
    return Set(awaited.values.flatMap { $0 }).union(try catalog.recentlyVanished().map(\.rowID))
  }

  /// Re-derives vectors whose blocks turned out damaged while a query read them.
  func repairVectors(_ ids: [Int64]) {
    guard let store = vectorStore, let embedder, !ids.isEmpty else { return }
    writerLock.withLock { _ in
      guard let restored = try? catalog.chunkVectors(model: embedder.identity.id, rowIDs: ids), !restored.isEmpty,
        (try? store.commit(upserts: Self.storeRows(restored))) != nil
      else { return }
      semanticIndex?.apply(added: restored.map { ($0.rowID, $0.vector) }, removed: [])
    }
  }
}

extension SearchEngine {
  /// Every stored vector of every open folder, read from the stores (for benchmarks and
  /// export). Ids are per folder, so only the vectors keep their meaning across folders.
  package func storedVectors() -> (dimension: Int, vectors: [Float]) {
    var dimension = 0
    var all: [Float] = []
    for index in openFolders {
      guard let snapshot = index.vectorStore?.snapshot else { continue }
      dimension = snapshot.dimension
      all.reserveCapacity(all.count + snapshot.count * dimension)
      snapshot.forEachLiveVector { _, vector in all.append(contentsOf: vector) }
    }
    return (dimension, all)
  }
}

/// What checking every stored vector against the embedding cache found.
package struct VectorVerification: Sendable, Equatable, Codable {
  /// Vectors compared bit for bit with their cache entry.
  package var checked = 0
  /// Stored vectors that differ from the cache (or whose fingerprint names other content).
  package var mismatched = 0
  /// Chunks with a cached vector that the store lacks.
  package var missing = 0
  /// Stored ids no chunk has any more.
  package var orphaned = 0
  /// Vectors in blocks that fail their checksum.
  package var damaged = 0

  package var isConsistent: Bool { mismatched == 0 && missing == 0 && orphaned == 0 && damaged == 0 }
}

extension WorkspaceIndex {
  /// Compares the store with the embedding cache, vector by vector (the store is derived
  /// data: it must hold exactly the cache's vectors for the catalog's chunks).
  func verifyVectors() throws -> VectorVerification {
    guard let store = vectorStore, let embedder else { return VectorVerification() }
    let snapshot = store.snapshot
    let expected = try catalog.chunkEmbeddingKeys(model: embedder.identity.id)
    var result = VectorVerification()
    let expectedIDs = Set(expected.map(\.rowID))
    let chunkIDs = Set(try catalog.chunkRowIDs(matching: ChunkFilter()))
    let stale = Set(expected.filter { snapshot.fingerprint(of: $0.rowID) != Self.fingerprint(ofKey: $0.key) }.map(\.rowID))
    let awaiting = try vectorsAwaitingSuccessors(chunkIDs: chunkIDs, stale: stale, snapshot: snapshot)
    // Vectors kept for history (a chunk's previous version, a gone chunk awaiting its
    // successor) are not orphans.
    result.orphaned = snapshot.ids.filter { !expectedIDs.contains($0) && !chunkIDs.contains($0) && !awaiting.contains($0) }
      .count
    let cached = try catalog.chunkVectors(model: embedder.identity.id, rowIDs: expected.map(\.rowID))
    var buffer = [Float](repeating: 0, count: snapshot.dimension)
    for entry in cached {
      guard let fingerprint = snapshot.fingerprint(of: entry.rowID) else {
        result.missing += 1
        continue
      }
      do {
        _ = try buffer.withUnsafeMutableBufferPointer { try snapshot.read(entry.rowID, into: $0) }
      } catch {
        result.damaged += 1
        continue
      }
      result.checked += 1
      if fingerprint != Self.fingerprint(ofKey: entry.key) || buffer.map(\.bitPattern) != entry.vector.map(\.bitPattern) {
        result.mismatched += 1
      }
    }
    return result
  }
}

extension SearchEngine {
  /// ``WorkspaceIndex/verifyVectors()`` summed over the open folders.
  package func verifyVectors() throws -> VectorVerification {
    var total = VectorVerification()
    for index in openFolders {
      let result = try index.verifyVectors()
      total.checked += result.checked
      total.mismatched += result.mismatched
      total.missing += result.missing
      total.orphaned += result.orphaned
      total.damaged += result.damaged
    }
    return total
  }
}

extension WorkspaceIndex {
  /// The cosine to `query` of each chunk's stored vector, only where that vector was embedded
  /// from the input whose key the catalog now holds for the chunk (the store keeps each
  /// vector's key fingerprint). A vector of an older or newer version of the chunk than the
  /// catalog row read (an edit landed between the reads) gives no score: the hit is left out
  /// rather than shown with a score that belongs to other text.
  func currentScores(of candidates: [(rowID: Int64, embeddingKey: String)], to query: [Float]) -> [Int64: Double] {
    guard let store = vectorStore else { return [:] }
    let snapshot = store.snapshot
    var result: [Int64: Double] = [:]
    var buffer = [Float](repeating: 0, count: query.count)
    for candidate in candidates {
      guard snapshot.fingerprint(of: candidate.rowID) == Self.fingerprint(ofKey: candidate.embeddingKey) else { continue }
      let found = buffer.withUnsafeMutableBufferPointer { (try? snapshot.read(candidate.rowID, into: $0)) != nil }
      guard found else { continue }
      result[candidate.rowID] = Double(FloatKernels.dot(buffer, query, count: query.count))
    }
    return result
  }
}
