import Synchronization
import VectorCodecs

/// Vectors of one index on disk: immutable memory-mapped segments, tombstones, and one
/// manifest per generation as the only commit point.
///
/// Writers are serialised and build the next generation off to the side; readers take the
/// current ``StoreSnapshot`` and never wait for a writer. After a crash at any moment the
/// store opens at the last generation whose manifest rename reached the disk; files of a
/// generation that never committed are removed.
package final class VectorStore: Sendable {
  package let directory: String
  package let configuration: StoreConfiguration
  package let cache: TieredCache
  package let recovery: RecoveryReport
  let fileSystem: any FileSystem
  private let current: Mutex<StoreSnapshot>
  private let writer = Mutex<Void>(())

  package init(
    directory: String, configuration: StoreConfiguration, fileSystem: any FileSystem = PosixFileSystem()
  ) throws(StoreError) {
    guard configuration.dimension > 0, configuration.vectorsPerBlock > 0 else {
      throw .invalidArgument("dimension and vectors per block must be positive")
    }
    self.directory = directory
    self.configuration = configuration
    self.fileSystem = fileSystem
    cache = TieredCache(budgets: configuration.cacheBudgets)
    try StoreError.wrap { () throws(FileSystemError) in try fileSystem.createDirectory(atPath: directory) }
    var report = RecoveryReport()
    let snapshot = try Self.openNewestGeneration(
      directory: directory, configuration: configuration, fileSystem: fileSystem, cache: cache, report: &report)
    if configuration.verifyOnOpen {
      for (index, segment) in snapshot.segments.enumerated() {
        for slot in segment.verifyAll() where !snapshot.isDead(segment: index, slot: slot) {
          report.damagedIDs.append(segment.ids[slot])
        }
      }
    }
    report.removedFiles = Self.removeUncommitted(after: snapshot.manifest, directory: directory, fileSystem: fileSystem)
    current = Mutex(snapshot)
    recovery = report
  }

  /// The current generation.
  package var snapshot: StoreSnapshot { current.withLock { $0 } }

  /// Replaces or adds `upserts` and removes `deletes` in one new generation, then compacts
  /// if the segments have grown too many or too dead. Returns the generation committed.
  ///
  /// `continuing` maps an upserted id to the id it continues (a renamed or moved chunk): that
  /// id's vector is removed, and with history on its lineage goes on under the new id. With
  /// history on, every live vector an upsert replaces with a different one (by fingerprint)
  /// is kept as a history record in the same generation.
  @discardableResult
  package func commit(
    upserts: [StoreRow], deletes: some Sequence<Int64> = [Int64](), continuing: [Int64: Int64] = [:]
  ) throws(StoreError) -> UInt64 {
    try writer.withLock { (_) throws(StoreError) -> UInt64 in
      let base = snapshot
      var latest: [Int64: Int] = [:]
      for (index, row) in upserts.enumerated() {
        guard row.vector.count == configuration.dimension else {
          throw .invalidArgument("vector of id \(row.id) has \(row.vector.count) dimensions, expected \(configuration.dimension)")
        }
        latest[row.id] = index
      }
      let rows = upserts.indices.filter { latest[upserts[$0].id] == $0 }.map { upserts[$0] }
      let records = historyRecords(replacedBy: rows, continuing: continuing, in: base)
      let predecessors = rows.compactMap { row in continuing[row.id].flatMap { $0 == row.id ? nil : $0 } }
      var manifest = base.manifest
      manifest.generation += 1
      kill(ids: rows.map(\.id) + Array(deletes) + predecessors, in: base, manifest: &manifest)
      var segments = base.segments
      // Segments with no live slot left leave the manifest; their files go once no kept
      // generation names them.
      let emptied = Set(manifest.segments.indices.filter { manifest.segments[$0].deadSlots.count >= manifest.segments[$0].count })
      manifest.segments = manifest.segments.indices.filter { !emptied.contains($0) }.map { manifest.segments[$0] }
      segments = segments.indices.filter { !emptied.contains($0) }.map { segments[$0] }
      if !rows.isEmpty {
        let segment = try writeSegment(rows: rows, manifest: &manifest)
        segments.append(segment)
      }
      var history = base.history
      if !records.isEmpty {
        try writeHistorySegment(records, manifest: &manifest)
        history.add(records)
      }
      guard manifest != base.manifest.with(generation: manifest.generation) else { return base.generation }
      try publish(manifest: manifest, segments: segments, previous: base.manifest, history: history)
      try compactLocked(merging: segmentsToMerge(manifest))
      try compactHistoryIfNeeded()
      return snapshot.generation
    }
  }

  /// Rewrites every live vector into one segment with the configured codec.
  package func compact() throws(StoreError) {
    try writer.withLock { (_) throws(StoreError) in try compactLocked(merging: Array(snapshot.segments.indices)) }
  }

  package var statistics: StoreStatistics {
    let snapshot = self.snapshot
    var statistics = StoreStatistics(
      generation: snapshot.generation, modelID: snapshot.manifest.modelID, codec: configuration.codec.tag,
      segments: snapshot.segments.count, liveVectors: snapshot.slotCounts.live, deadVectors: snapshot.slotCounts.dead,
      cache: cache.statistics)
    statistics.historyVersions = snapshot.history.recordCount
    statistics.historyChunks = snapshot.history.byID.count
    for entry in snapshot.manifest.history ?? [] {
      statistics.historyFileBytes += (try? fileSystem.fileSize(atPath: directory + "/" + entry.name)) ?? 0
    }
    for segment in snapshot.segments {
      statistics.fileBytes += segment.fileBytes
      for column in 0..<segment.columnCount {
        statistics.bytesByCodec[segment.columnCodec(column).tag, default: 0] += segment.columnBytes(column)
      }
    }
    return statistics
  }

  // MARK: - Writing

  private func kill(ids: [Int64], in base: StoreSnapshot, manifest: inout Manifest) {
    var newlyDead: [Int: [UInt32]] = [:]
    for id in ids {
      guard let location = base.locations[id] else { continue }
      newlyDead[location.segment, default: []].append(UInt32(location.slot))
    }
    for (segment, slots) in newlyDead {
      manifest.segments[segment].deadSlots = Array(Set(manifest.segments[segment].deadSlots + slots)).sorted()
    }
  }

  private func writeSegment(rows: [StoreRow], manifest: inout Manifest) throws(StoreError) -> Segment {
    let number = manifest.nextSegmentNumber
    manifest.nextSegmentNumber += 1
    let name = Self.segmentName(number)
    let path = directory + "/" + name
    var flat: [Float] = []
    flat.reserveCapacity(rows.count * configuration.dimension)
    for row in rows { flat.append(contentsOf: row.vector) }
    let writer = SegmentWriter(
      fileSystem: fileSystem, dimension: configuration.dimension, codec: configuration.codec,
      vectorsPerBlock: configuration.vectorsPerBlock, compressionLevel: configuration.compressionLevel)
    _ = try writer.write(path: path, ids: rows.map(\.id), fingerprints: rows.map(\.fingerprint), vectors: flat)
    try StoreError.wrap { () throws(FileSystemError) in try fileSystem.syncDirectory(atPath: directory) }
    manifest.segments.append(.init(name: name, number: number, count: rows.count, deadSlots: []))
    let region = try StoreError.wrap { () throws(FileSystemError) in try fileSystem.mapFile(atPath: path) }
    return try Segment(number: number, name: name, region: region)
  }

  /// The commit point: manifest to a temporary file, fsync, rename, fsync the directory.
  func publish(manifest: Manifest, segments: [Segment], previous: Manifest, history: HistoryIndex) throws(StoreError) {
    let name = Manifest.fileName(generation: manifest.generation)
    let temporary = directory + "/" + name + ".tmp"
    let bytes = try manifest.encoded()
    try StoreError.wrap { () throws(FileSystemError) in
      let file = try fileSystem.createFile(atPath: temporary)
      try file.write(bytes)
      try file.sync()
      try file.close()
      try fileSystem.rename(temporary, to: directory + "/" + name)
      try fileSystem.syncDirectory(atPath: directory)
    }
    current.withLock { $0 = StoreSnapshot(manifest: manifest, segments: segments, cache: cache, history: history) }
    collectGarbage(keeping: manifest, previous: previous)
  }

  /// Which segments the next compaction merges, if any: all of them when too many slots are
  /// dead; otherwise, with too many segments, the smallest ones, enough to halve the count.
  /// Merging small segments first keeps the total rewrite cost of a long indexing run at
  /// O(n log n) vectors instead of rewriting the whole store every few commits.
  private func segmentsToMerge(_ manifest: Manifest) -> [Int] {
    let total = manifest.segments.reduce(0) { $0 + $1.count }
    let dead = manifest.segments.reduce(0) { $0 + $1.deadSlots.count }
    if total > 0, Double(dead) / Double(total) > configuration.maxDeadFraction {
      return Array(manifest.segments.indices)
    }
    guard manifest.segments.count > configuration.maxSegments else { return [] }
    let bySize = manifest.segments.indices.sorted {
      (manifest.segments[$0].count - manifest.segments[$0].deadSlots.count, $0)
        < (manifest.segments[$1].count - manifest.segments[$1].deadSlots.count, $1)
    }
    return Array(bySize.prefix(manifest.segments.count - configuration.maxSegments / 2))
  }

  /// Rewrites the live vectors of the given segments into one new segment with the
  /// configured codec. Vectors in blocks that fail their checksum are left out; the owner
  /// derives them again (they were already reported as damaged).
  private func compactLocked(merging chosen: [Int]) throws(StoreError) {
    let base = snapshot
    guard !chosen.isEmpty else { return }
    let merged = Set(chosen)
    var rows: [StoreRow] = []
    _ = base.forEachLiveVector(inSegments: chosen.sorted()) { id, fingerprint, vector in
      rows.append(StoreRow(id: id, fingerprint: fingerprint, vector: Array(vector)))
    }
    var manifest = base.manifest
    manifest.generation += 1
    manifest.codec = configuration.codec.tag
    let keptIndices = manifest.segments.indices.filter { !merged.contains($0) }
    manifest.segments = keptIndices.map { base.manifest.segments[$0] }
    var segments = keptIndices.map { base.segments[$0] }
    if !rows.isEmpty {
      segments.append(try writeSegment(rows: rows, manifest: &manifest))
    }
    try publish(manifest: manifest, segments: segments, previous: base.manifest, history: base.history)
  }

  /// Removes files the new generation does not need: temporary manifests, manifests older
  /// than `previous`, and segments the new manifest does not name. The previous manifest is
  /// kept as a fallback should the newest be found damaged; segments it shares with the new
  /// generation survive with it, and what a fallback lacks is restored by the owner from the
  /// embedding cache. Keeping the previous generation's own segments too would double the
  /// disk after every full compaction. A failed removal is retried after the next commit.
  private func collectGarbage(keeping manifest: Manifest, previous: Manifest) {
    let keptSegments = Set(manifest.segments.map(\.name))
    // History cannot be derived again: the previous generation's history files stay too.
    let keptHistory = Set((manifest.history ?? []).map(\.name) + (previous.history ?? []).map(\.name))
    guard let names = try? fileSystem.contentsOfDirectory(atPath: directory) else { return }
    for name in names {
      let stale: Bool
      if let generation = Manifest.generation(ofFileName: name) {
        stale = generation < previous.generation || generation > manifest.generation
      } else if name.hasPrefix(Self.segmentPrefix) {
        stale = !keptSegments.contains(name)
      } else if name.hasPrefix(HistorySegment.prefix) {
        stale = !keptHistory.contains(name)
      } else {
        stale = name.hasSuffix(".tmp")
      }
      if stale { try? fileSystem.removeFile(atPath: directory + "/" + name) }
    }
  }

  /// At open: removes what a crash left of generations that never committed (temporary
  /// manifests, manifests newer than the one opened, segments numbered after it) so their
  /// names can be reused. Older generations stay: they are the fallback if this one is damaged.
  private static func removeUncommitted(after manifest: Manifest, directory: String, fileSystem: any FileSystem) -> [String] {
    guard let names = try? fileSystem.contentsOfDirectory(atPath: directory) else { return [] }
    var removed: [String] = []
    for name in names {
      let stale: Bool
      if let generation = Manifest.generation(ofFileName: name) {
        stale = generation > manifest.generation
      } else if name.hasPrefix(segmentPrefix) {
        stale = segmentNumber(ofFileName: name).map { $0 >= manifest.nextSegmentNumber } ?? false
      } else if name.hasPrefix(HistorySegment.prefix) {
        stale = HistorySegment.number(ofFileName: name).map { $0 >= manifest.nextSegmentNumber } ?? false
      } else {
        stale = name.hasSuffix(".tmp")
      }
      if stale, (try? fileSystem.removeFile(atPath: directory + "/" + name)) != nil { removed.append(name) }
    }
    return removed
  }

  // MARK: - Opening

  static let segmentPrefix = "segment-"

  static func segmentName(_ number: UInt64) -> String {
    let hex = String(number, radix: 16)
    return segmentPrefix + String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".vec"
  }

  static func segmentNumber(ofFileName name: String) -> UInt64? {
    guard name.hasPrefix(segmentPrefix) else { return nil }
    return UInt64(name.dropFirst(segmentPrefix.count).prefix(16), radix: 16)
  }

  private static func openNewestGeneration(
    directory: String, configuration: StoreConfiguration, fileSystem: any FileSystem, cache: TieredCache,
    report: inout RecoveryReport
  ) throws(StoreError) -> StoreSnapshot {
    let names = try StoreError.wrap { () throws(FileSystemError) in try fileSystem.contentsOfDirectory(atPath: directory) }
    let generations = names.compactMap { Manifest.generation(ofFileName: $0) }.sorted(by: >)
    for generation in generations {
      let name = Manifest.fileName(generation: generation)
      let manifest: Manifest
      do {
        let bytes = try StoreError.wrap { () throws(FileSystemError) in try fileSystem.readFile(atPath: directory + "/" + name) }
        manifest = try Manifest.decode(bytes, name: name)
      } catch {
        report.skippedManifests.append("\(name): \(error)")
        continue
      }
      guard manifest.modelID == configuration.modelID, manifest.dimension == configuration.dimension else {
        report.discardedModel = "\(manifest.modelID) (\(manifest.dimension) dimensions)"
        break
      }
      var kept = manifest
      kept.segments = []
      var segments: [Segment] = []
      for entry in manifest.segments {
        do {
          let region = try StoreError.wrap { () throws(FileSystemError) in try fileSystem.mapFile(atPath: directory + "/" + entry.name) }
          let segment = try Segment(number: entry.number, name: entry.name, region: region)
          guard segment.count == entry.count, segment.dimension == manifest.dimension else {
            throw StoreError.corruptSegment(entry.name, "holds \(segment.count) vectors, the manifest expects \(entry.count)")
          }
          segments.append(segment)
          kept.segments.append(entry)
        } catch {
          report.droppedSegments.append("\(entry.name): \(error)")
        }
      }
      var records: [HistoryRecord] = []
      if let history = manifest.history {
        kept.history = []
        for entry in history {
          do {
            let bytes = try StoreError.wrap { () throws(FileSystemError) in try fileSystem.readFile(atPath: directory + "/" + entry.name) }
            records += try HistorySegment.decode(bytes, name: entry.name, dimension: manifest.dimension)
            kept.history?.append(entry)
          } catch {
            report.droppedSegments.append("\(entry.name): \(error)")
          }
        }
      }
      report.generation = manifest.generation
      return StoreSnapshot(manifest: kept, segments: segments, cache: cache, history: HistoryIndex(records))
    }
    // A store of another model, or one with no readable manifest, starts afresh; its old
    // files go with the first commit.
    let empty = Manifest(
      generation: generations.first ?? 0, modelID: configuration.modelID, dimension: configuration.dimension,
      codec: configuration.codec.tag, segments: [],
      nextSegmentNumber: names.compactMap(segmentNumber(ofFileName:)).max().map { $0 + 1 } ?? 0)
    return StoreSnapshot(manifest: empty, segments: [], cache: cache)
  }
}

extension Manifest {
  func with(generation: UInt64) -> Manifest {
    var copy = self
    copy.generation = generation
    return copy
  }
}

/// What `sextant status` shows of the store.
package struct StoreStatistics: Sendable, Equatable, Codable {
  package var generation: UInt64
  package var modelID: String
  package var codec: String
  package var segments: Int
  package var liveVectors: Int
  package var deadVectors: Int
  /// Encoded bytes on disk per codec (a segment of the int8 codec also holds a lossless copy).
  package var bytesByCodec: [String: Int] = [:]
  /// Whole segment files: blocks, padding, ids, fingerprints, checksums.
  package var fileBytes = 0
  package var cache: CacheStatistics
  /// Replaced versions kept (history records), the chunks they belong to, and the bytes of
  /// their history segment files.
  package var historyVersions = 0
  package var historyChunks = 0
  package var historyFileBytes = 0
}
