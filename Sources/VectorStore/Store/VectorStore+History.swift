import Foundation
import VectorCodecs

extension VectorStore {
  /// The versions `id`'s lineage had before its current vector, newest first, rebuilt from
  /// the current vector back through the history records (see ``HistoryRecord``). Stops at a
  /// record that does not follow from the version after it (its step was never stored).
  package func history(of id: Int64) throws(StoreError) -> [HistoricVector] {
    let snapshot = self.snapshot
    guard var newer = try snapshot.vector(id), var newerFingerprint = snapshot.fingerprint(of: id) else { return [] }
    var versions: [HistoricVector] = []
    for record in snapshot.history.lineage(of: id) {
      guard record.entry.form == .keyframe || record.nextFingerprint == newerFingerprint else { break }
      let vector: [Float]
      do {
        vector = try record.entry.decode(next: newer, dimension: snapshot.dimension)
      } catch {
        throw .corruptSegment("history of \(id)", "version \(record.version): \(error)")
      }
      versions.append(HistoricVector(record: record, vector: vector))
      newer = vector
      newerFingerprint = record.fingerprint
    }
    return versions
  }

  /// The ids whose lineage has history records (the chunk may since be gone).
  package var idsWithHistory: [Int64] { Array(snapshot.history.byID.keys) }

  /// How many history records the store holds and their payload bytes (for status and benchmarks).
  package var historyStatistics: (records: Int, payloadBytes: Int, lineages: Int) {
    let history = snapshot.history
    return (history.recordCount, history.payloadBytes, history.byID.count)
  }

  /// The records the commit of `rows` adds: for each row that replaces a live vector with a
  /// different one (of its own id, or of the id it continues), that vector relative to the
  /// row's, whole every `keyframeInterval`-th version of the lineage.
  func historyRecords(
    replacedBy rows: [StoreRow], continuing: [Int64: Int64], in base: StoreSnapshot
  ) throws(StoreError) -> [HistoryRecord] {
    guard let settings = configuration.history else { return [] }
    let now = Date().timeIntervalSince1970
    var records: [HistoryRecord] = []
    for row in rows {
      let previousID = continuing[row.id] ?? row.id
      guard let fingerprint = base.fingerprint(of: previousID) else { continue }
      if previousID == row.id && fingerprint == row.fingerprint { continue }
      guard let previous = try base.vector(previousID) else { continue }
      if previousID == row.id && previous == row.vector { continue }
      let version = base.history.currentVersion(of: previousID)
      let entry: HistoryEntry
      do {
        if Int(version) % settings.keyframeInterval == settings.keyframeInterval - 1 {
          entry = try .keyframe(previous)
        } else {
          switch settings.encoding {
          case .lossless: entry = try .xorDelta(previous, next: row.vector)
          case .compact: entry = try .int8Delta(previous, next: row.vector)
          }
        }
      } catch {
        throw .invalidArgument("cannot keep the replaced vector of \(previousID): \(error)")
      }
      records.append(
        HistoryRecord(
          id: row.id, previousID: previousID, version: version, fingerprint: fingerprint,
          nextFingerprint: row.fingerprint, replacedAt: now, entry: entry))
    }
    return records
  }

  func writeHistorySegment(_ records: [HistoryRecord], manifest: inout Manifest) throws(StoreError) {
    let number = manifest.nextSegmentNumber
    manifest.nextSegmentNumber += 1
    let name = HistorySegment.fileName(number)
    let bytes = HistorySegment.encode(records, dimension: configuration.dimension)
    try StoreError.wrap { () throws(FileSystemError) in
      let file = try fileSystem.createFile(atPath: directory + "/" + name)
      try file.write(bytes)
      try file.sync()
      try file.close()
      try fileSystem.syncDirectory(atPath: directory)
    }
    manifest.history = (manifest.history ?? []) + [.init(name: name, number: number, records: records.count)]
  }

  /// With more history segments than allowed, rewrites them as one holding what the live
  /// chunks' lineages need, each cut to the retention: history of deleted chunks and versions
  /// past the retention go. Dropping the oldest versions never breaks a newer one.
  func compactHistoryIfNeeded() throws(StoreError) {
    guard let settings = configuration.history else { return }
    let base = snapshot
    guard (base.manifest.history?.count ?? 0) > settings.maxSegments else { return }
    let kept = base.history.kept(liveIDs: base.ids, retention: settings.retention)
    var manifest = base.manifest
    manifest.generation += 1
    manifest.history = []
    if !kept.isEmpty { try writeHistorySegment(kept, manifest: &manifest) }
    try publish(manifest: manifest, segments: base.segments, previous: base.manifest, history: HistoryIndex(kept))
  }
}
