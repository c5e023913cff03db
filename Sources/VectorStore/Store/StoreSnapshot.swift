import VectorCodecs

/// One committed generation, read without locks: the manifest, its open segments, and where
/// each live id is. Immutable, so a query holding it is never disturbed by a commit.
package final class StoreSnapshot: Sendable {
  package struct Location: Sendable, Equatable {
    package var segment: Int
    package var slot: Int
  }

  package let manifest: Manifest
  package let segments: [Segment]
  /// Per segment, a bit per slot: set when the slot is dead.
  let deadSlots: [[UInt64]]
  let locations: [Int64: Location]
  let cache: TieredCache
  /// Replaced versions of vectors, by the chunk whose vector replaced them.
  let history: HistoryIndex

  init(manifest: Manifest, segments: [Segment], cache: TieredCache, history: HistoryIndex = HistoryIndex()) {
    self.manifest = manifest
    self.segments = segments
    self.cache = cache
    self.history = history
    var dead: [[UInt64]] = []
    var locations: [Int64: Location] = [:]
    locations.reserveCapacity(segments.reduce(0) { $0 + $1.count })
    for (index, segment) in segments.enumerated() {
      var bits = [UInt64](repeating: 0, count: (segment.count + 63) / 64)
      for slot in manifest.segments[index].deadSlots where Int(slot) < segment.count {
        bits[Int(slot) / 64] |= 1 << UInt64(slot % 64)
      }
      for slot in 0..<segment.count where bits[slot / 64] & (1 << UInt64(slot % 64)) == 0 {
        locations[segment.ids[slot]] = Location(segment: index, slot: slot)
      }
      dead.append(bits)
    }
    self.deadSlots = dead
    self.locations = locations
  }

  package var generation: UInt64 { manifest.generation }
  package var dimension: Int { manifest.dimension }
  package var count: Int { locations.count }
  package var ids: Dictionary<Int64, Location>.Keys { locations.keys }

  package func contains(_ id: Int64) -> Bool { locations[id] != nil }

  package func fingerprint(of id: Int64) -> UInt64? {
    guard let location = locations[id] else { return nil }
    return segments[location.segment].fingerprints[location.slot]
  }

  /// Copies `id`'s vector into `output` through the cache tiers; `nil` when the id is not stored.
  @discardableResult
  package func read(_ id: Int64, into output: UnsafeMutableBufferPointer<Float>) throws(StoreError) -> CacheTier? {
    guard let location = locations[id], output.count >= dimension else { return nil }
    return try cache.read(segment: segments[location.segment], slot: location.slot, into: output)
  }

  package func vector(_ id: Int64) throws(StoreError) -> [Float]? {
    guard locations[id] != nil else { return nil }
    var vector = [Float](repeating: 0, count: dimension)
    try vector.withUnsafeMutableBufferPointer { (buffer) throws(StoreError) in _ = try read(id, into: buffer) }
    return vector
  }

  /// Calls `body` with every live vector, decoding block by block straight from the mapping
  /// (a full scan would only churn the cache). Blocks that fail their checksum are skipped;
  /// their live ids are returned so the caller can derive them again.
  @discardableResult
  package func forEachLiveVector(_ body: (Int64, UnsafeBufferPointer<Float>) -> Void) -> [Int64] {
    forEachLiveVector(inSegments: segments.indices) { id, _, vector in body(id, vector) }
  }

  /// The same over some segments, with each vector's fingerprint (for compaction).
  func forEachLiveVector(
    inSegments chosen: some Sequence<Int>, _ body: (Int64, UInt64, UnsafeBufferPointer<Float>) -> Void
  ) -> [Int64] {
    var damaged: [Int64] = []
    var scratch: [Float] = []
    for index in chosen {
      let segment = segments[index]
      scratch = [Float](repeating: 0, count: segment.vectorsPerBlock * segment.dimension)
      for block in 0..<segment.blockCount {
        let slots = segment.slots(inBlock: block)
        let liveSlots = slots.filter { !isDead(segment: index, slot: $0) }
        guard !liveSlots.isEmpty else { continue }
        do {
          try scratch.withUnsafeMutableBufferPointer { (buffer) throws(StoreError) in
            try segment.decodeBlock(block, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<slots.count * segment.dimension]))
          }
        } catch {
          damaged.append(contentsOf: liveSlots.map { segment.ids[$0] })
          continue
        }
        scratch.withUnsafeBufferPointer { buffer in
          for slot in liveSlots {
            let start = (slot - slots.lowerBound) * segment.dimension
            body(
              segment.ids[slot], segment.fingerprints[slot],
              UnsafeBufferPointer(rebasing: buffer[start..<start + segment.dimension]))
          }
        }
      }
    }
    return damaged
  }

  func isDead(segment: Int, slot: Int) -> Bool {
    deadSlots[segment][slot / 64] & (1 << UInt64(slot % 64)) != 0
  }

  /// Live and dead slot counts over all segments.
  var slotCounts: (live: Int, dead: Int) {
    let total = segments.reduce(0) { $0 + $1.count }
    return (locations.count, total - locations.count)
  }
}
