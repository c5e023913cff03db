import Foundation
import MetadataStore
import SearchCore
import VectorStore

/// One version of a chunk's embedding, as `sextant history` lists it.
package struct ChunkVersion: Sendable, Equatable {
  /// Its number along the chunk's lineage (0: the first vector it had).
  package var version: Int
  /// The chunk's identity (`path#Container.name`) while it had this version: renames and
  /// moves show here.
  package var identity: String
  /// Fingerprint of the embedding input (kind, qualified name, text) of this version.
  package var fingerprint: UInt64
  /// When this version was replaced (`nil` for the current one).
  package var replacedAt: Date?
  /// Cosine to the current vector.
  package var similarity: Double
  /// The newest commit whose copy of the file holds this very version, when the folder is a
  /// git work tree and one was found (``SearchEngine/history(of:)`` fills it).
  package var revision: GitRevision?
  /// For the current version: its text changed and its vector is not computed yet (the
  /// similarities are then to the newest vector there is).
  package var pending = false
}

package struct GitRevision: Sendable, Equatable {
  package var commit: String
  package var time: Date
}

/// A chunk with its versions, newest (current) first.
package struct ChunkHistory: Sendable {
  package var root: URL
  package var chunk: ChunkHit
  package var versions: [ChunkVersion]
}

/// How much a chunk's meaning moved since a point in its history.
package struct ChunkDrift: Sendable {
  package var root: URL
  package var chunk: ChunkHit
  /// 1 − cosine between the current vector and the one it is compared with.
  package var drift: Double
  /// The version compared with, and how many versions it lies back.
  package var baseline: ChunkVersion
  package var versionsBack: Int
}

/// Where `drift` compares from.
package enum DriftBaseline: Sendable, Equatable {
  /// The version each chunk had at this time.
  case since(Date)
  /// This many versions back (or the oldest kept).
  case versions(Int)
}

extension WorkspaceIndex {
  /// The versions of chunk `rowID`'s embedding, current first (empty without a model or
  /// with no vector yet).
  package func history(ofChunk rowID: Int64) throws -> [ChunkVersion] {
    guard let store = vectorStore, let current = try store.snapshot.vector(rowID),
      let fingerprint = store.snapshot.fingerprint(of: rowID),
      let row = try catalog.chunksWithEmbeddingKeys(rowIDs: [rowID])[rowID]
    else { return [] }
    let chunk = row.chunk
    // The stored vector may still be the previous version's (the new one awaits the model).
    let pending = row.embeddingKey.map { Self.fingerprint(ofKey: $0) != fingerprint } ?? false
    let older = try store.history(of: rowID)
    // Renames and moves: the identity each earlier chunk id had, back along the lineage.
    var identities: [Int64: String] = [rowID: chunk.id.description]
    var frontier: [Int64] = [rowID]
    while !frontier.isEmpty {
      let found = try catalog.lineage(of: frontier)
      frontier = []
      for continuation in found.values where identities[continuation.previousID] == nil {
        identities[continuation.previousID] = continuation.previousIdentity
        frontier.append(continuation.previousID)
      }
    }
    var versions = [
      ChunkVersion(
        version: older.first.map { Int($0.record.version) + 1 } ?? 0, identity: chunk.id.description,
        fingerprint: row.embeddingKey.map(Self.fingerprint(ofKey:)) ?? fingerprint, replacedAt: nil, similarity: 1,
        revision: nil, pending: pending)
    ]
    for version in older {
      versions.append(
        ChunkVersion(
          version: Int(version.record.version),
          identity: identities[version.record.previousID] ?? "#\(version.record.previousID)",
          fingerprint: version.record.fingerprint, replacedAt: Date(timeIntervalSince1970: version.record.replacedAt),
          similarity: Self.cosine(current, version.vector), revision: nil))
    }
    return versions
  }

  /// The chunks whose meaning moved most since `baseline`, largest drift first.
  package func drift(since baseline: DriftBaseline, limit: Int) throws -> [ChunkDrift] {
    guard let store = vectorStore else { return [] }
    let snapshot = store.snapshot
    var results: [(id: Int64, drift: Double, baseline: ChunkVersion, back: Int)] = []
    let candidates = store.idsWithHistory.filter { snapshot.contains($0) }
    // Only chunks the catalog holds, with their current vector in (not one awaiting the model).
    let rows = try catalog.chunksWithEmbeddingKeys(rowIDs: candidates)
    for id in candidates {
      guard let key = rows[id]?.embeddingKey, snapshot.fingerprint(of: id) == Self.fingerprint(ofKey: key) else { continue }
      let records = store.historyRecords(of: id)
      guard !records.isEmpty else { continue }
      let depth: Int?
      switch baseline {
      case .versions(let count):
        depth = min(max(count, 1), records.count)
      case .since(let time):
        // The version current at `time`: the oldest one replaced after it.
        depth = records.lastIndex { $0.replacedAt > time.timeIntervalSince1970 }.map { $0 + 1 }
      }
      // A damaged lineage is left out, not the whole answer.
      guard let depth, let current = try? snapshot.vector(id), let older = try? store.history(of: id, limit: depth),
        older.count == depth
      else { continue }
      let chosen = depth - 1
      let version = older[chosen]
      results.append(
        (
          id, 1 - Self.cosine(current, version.vector),
          ChunkVersion(
            version: Int(version.record.version), identity: "", fingerprint: version.record.fingerprint,
            replacedAt: Date(timeIntervalSince1970: version.record.replacedAt),
            similarity: Self.cosine(current, version.vector), revision: nil),
          chosen + 1
        ))
    }
    results.sort { ($0.drift, $1.id) > ($1.drift, $0.id) }
    return results.prefix(limit).compactMap { item in
      guard let chunk = rows[item.id]?.chunk else { return nil }
      return ChunkDrift(root: root, chunk: chunk, drift: item.drift, baseline: item.baseline, versionsBack: item.back)
    }
  }

  static func cosine(_ left: [Float], _ right: [Float]) -> Double {
    guard left.count == right.count, !left.isEmpty else { return 0 }
    var dot: Double = 0
    var leftNorm: Double = 0
    var rightNorm: Double = 0
    for index in left.indices {
      dot += Double(left[index]) * Double(right[index])
      leftNorm += Double(left[index]) * Double(left[index])
      rightNorm += Double(right[index]) * Double(right[index])
    }
    let norms = (leftNorm * rightNorm).squareRoot()
    return norms > 0 ? dot / norms : 0
  }
}
