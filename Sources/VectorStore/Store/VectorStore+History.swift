import Foundation
import VectorCodecs

extension VectorStore {
  /// The versions `id`'s lineage had before its current vector, newest first, rebuilt from
  /// the current vector back through the history records (see ``HistoryRecord``). Stops at a
  /// record that does not follow from the version after it (its step was never stored).
  /// `limit`: rebuild at most this many versions (the newest).
  package func history(of id: Int64, limit: Int = .max) throws(StoreError) -> [HistoricVector] {
    let snapshot = self.snapshot
    guard var newer = try snapshot.vector(id), var newerFingerprint = snapshot.fingerprint(of: id) else { return [] }
    var versions: [HistoricVector] = []
    for record in snapshot.history.lineage(of: id).prefix(max(0, limit)) {
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

  /// The records of `id`'s lineage, newest first, without rebuilding any vector.
  package func historyRecords(of id: Int64) -> [HistoryRecord] { snapshot.history.lineage(of: id) }

  /// The ids whose lineage has history records (the chunk may since be gone).
  package var idsWithHistory: [Int64] { Array(snapshot.history.byID.keys) }

  /// How many history records the store holds and their payload bytes (for status and benchmarks).
  package var historyStatistics: (records: Int, payloadBytes: Int, lineages: Int) {
    let history = snapshot.history
    return (history.recordCount, history.payloadBytes, history.byID.count)
  }

  /// The records the commit of `rows` adds: for each row that replaces a live vector of
  /// another input (by fingerprint; of its own id, or of the id it continues), that vector
  /// relative to the row's, whole every `keyframeInterval`-th version of the lineage. An
  /// identical vector from another input (a model that cut both inputs at the same token)
  /// is still a version: the chain of fingerprints must not break.
  ///
  /// A replaced vector that cannot be read (a damaged block) costs its version, never the
  /// commit. With a lossy codec (fp16) the vector read back is not the one given, so a delta
  /// could not be undone exactly: every version is then stored whole.
  func historyRecords(replacedBy rows: [StoreRow], continuing: [Int64: Int64], in base: StoreSnapshot) -> [HistoryRecord] {
    guard let settings = configuration.history else { return [] }
    let now = Date().timeIntervalSince1970
    let wholeOnly = configuration.codec.tag == VectorCodec.fp16.tag
    var records: [HistoryRecord] = []
    for row in rows {
      let previousID = continuing[row.id] ?? row.id
      guard let fingerprint = base.fingerprint(of: previousID) else { continue }
      if previousID == row.id && fingerprint == row.fingerprint { continue }
      guard let previous = try? base.vector(previousID) else { continue }
      let version = base.history.currentVersion(of: previousID)
      let entry: HistoryEntry
      do {
        if wholeOnly || Int(version) % settings.keyframeInterval == settings.keyframeInterval - 1 {
          entry = try .keyframe(previous)
        } else {
          switch settings.encoding {
          case .lossless: entry = try .xorDelta(previous, next: row.vector)
          case .compact: entry = try .int8Delta(previous, next: row.vector)
          }
        }
      } catch {
        continue
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

  /// With more history segments than allowed, merges some. When a quarter or more of the
  /// records are no longer needed (history of deleted chunks, versions past the retention),
  /// everything is rewritten as one segment of what the live lineages need; otherwise only
  /// the smallest segments are merged, as they are, so a long run of commits rewrites each
  /// record a logarithmic number of times instead of all history every few commits.
  /// Dropping the oldest versions never breaks a newer one.
  func compactHistoryIfNeeded() throws(StoreError) {
    guard let settings = configuration.history else { return }
    let base = snapshot
    let entries = base.manifest.history ?? []
    guard entries.count > settings.maxSegments else { return }
    let kept = base.history.kept(liveIDs: base.ids, retention: settings.retention)
    var manifest = base.manifest
    manifest.generation += 1
    if base.history.recordCount == 0 || Double(kept.count) / Double(base.history.recordCount) <= 0.75 {
      manifest.history = []
      if !kept.isEmpty { try writeHistorySegment(kept, manifest: &manifest) }
      try publish(manifest: manifest, segments: base.segments, previous: base.manifest, history: HistoryIndex(kept))
      return
    }
    let smallest = entries.indices.sorted { (entries[$0].records, $0) < (entries[$1].records, $1) }
      .prefix(entries.count - settings.maxSegments / 2)
    var merged: [HistoryRecord] = []
    for position in smallest.sorted() {
      let entry = entries[position]
      let bytes = try StoreError.wrap { () throws(FileSystemError) in try fileSystem.readFile(atPath: directory + "/" + entry.name) }
      merged += try HistorySegment.decode(bytes, name: entry.name, dimension: configuration.dimension)
    }
    let chosen = Set(smallest)
    manifest.history = entries.indices.filter { !chosen.contains($0) }.map { entries[$0] }
    try writeHistorySegment(merged, manifest: &manifest)
    try publish(manifest: manifest, segments: base.segments, previous: base.manifest, history: base.history)
  }
}
