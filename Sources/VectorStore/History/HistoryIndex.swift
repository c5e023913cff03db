/// Every history record of a committed generation, by the chunk whose vector replaced it.
struct HistoryIndex: Sendable {
  /// Oldest version first.
  private(set) var byID: [Int64: [HistoryRecord]] = [:]
  private(set) var recordCount = 0
  private(set) var payloadBytes = 0

  init(_ records: [HistoryRecord] = []) { add(records) }

  mutating func add(_ records: [HistoryRecord]) {
    var touched = Set<Int64>()
    for record in records {
      byID[record.id, default: []].append(record)
      touched.insert(record.id)
      recordCount += 1
      payloadBytes += record.entry.payload.count
    }
    for id in touched { byID[id]?.sort { $0.version < $1.version } }
  }

  /// The records of the lineage that ends at `id`, newest first: its own, then (after a
  /// rename or move) those of the chunk it continues, and so on.
  func lineage(of id: Int64) -> [HistoryRecord] {
    var result: [HistoryRecord] = []
    var current = id
    var below = UInt32.max
    var visited = Set<Int64>()
    while visited.insert(current).inserted, let records = byID[current] {
      let steps = records.filter { $0.version < below }.reversed()
      guard let oldest = steps.last else { break }
      result.append(contentsOf: steps)
      guard oldest.previousID != current else { break }
      below = oldest.version
      current = oldest.previousID
    }
    return result
  }

  /// The number the current vector of `id`'s lineage has (0 when it has no history).
  func currentVersion(of id: Int64) -> UInt32 {
    guard let newest = byID[id]?.last else { return 0 }
    return newest.version + 1
  }

  /// What the lineages ending at `liveIDs` need, each cut to its newest `retention` records:
  /// the records a compaction keeps.
  func kept(liveIDs: some Sequence<Int64>, retention: Int) -> [HistoryRecord] {
    var kept: [HistoryRecord] = []
    var seen = Set<HistoryRecordKey>()
    for id in liveIDs where byID[id] != nil {
      for record in lineage(of: id).prefix(retention)
      where seen.insert(HistoryRecordKey(id: record.id, version: record.version)).inserted {
        kept.append(record)
      }
    }
    return kept.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
  }
}

private struct HistoryRecordKey: Hashable {
  var id: Int64
  var version: UInt32
}
