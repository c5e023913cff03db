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
      let chunk = try catalog.chunks(rowIDs: [rowID])[rowID]
    else { return [] }
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
        fingerprint: fingerprint, replacedAt: nil, similarity: 1, revision: nil)
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
    for id in store.idsWithHistory where snapshot.contains(id) {
      guard let current = try snapshot.vector(id) else { continue }
      let older = try store.history(of: id)
      guard !older.isEmpty else { continue }
      let chosen: Int?
      switch baseline {
      case .versions(let count):
        chosen = min(max(count, 1), older.count) - 1
      case .since(let time):
        // The version current at `time`: the oldest one replaced after it.
        chosen = older.lastIndex { $0.record.replacedAt > time.timeIntervalSince1970 }
      }
      guard let chosen else { continue }
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
    let top = Array(results.prefix(limit))
    let chunks = try catalog.chunks(rowIDs: top.map(\.id))
    return top.compactMap { item in
      guard let chunk = chunks[item.id] else { return nil }
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
