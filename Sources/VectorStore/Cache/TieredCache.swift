import Foundation
import VectorCodecs

/// Byte budgets of the two in-memory tiers.
package struct CacheBudgets: Sendable, Equatable, Codable {
  /// Decoded vectors, ready to use.
  package var decodedBytes: Int
  /// Encoded blocks, copied out of the mapping.
  package var compressedBytes: Int

  package static let `default` = CacheBudgets(decodedBytes: 2 << 20, compressedBytes: 8 << 20)

  package init(decodedBytes: Int, compressedBytes: Int) {
    self.decodedBytes = decodedBytes
    self.compressedBytes = compressedBytes
  }
}

/// Which tier answered a read.
package enum CacheTier: String, Sendable, Codable {
  case decoded = "L1"
  case compressed = "L2"
  case mapped = "L3"
}

/// Hits, misses and bytes held per tier.
package struct CacheStatistics: Sendable, Equatable, Codable {
  package var l1Hits = 0
  package var l1Misses = 0
  package var l1Bytes = 0
  package var l1Entries = 0
  package var l2Hits = 0
  package var l2Misses = 0
  package var l2Bytes = 0
  package var l2Entries = 0
  /// Blocks read from the memory-mapped segments (every L2 miss).
  package var l3Reads = 0
  package var budgets = CacheBudgets.default
}

/// The tiers in front of the segments: L1 decoded vectors, L2 encoded blocks, L3 the mapping.
///
/// A read is answered by the highest tier holding it and promoted into the tiers above (an L3
/// block is copied into L2, the vector decoded into L1). An L1 eviction demotes: the evicted
/// vector's block is marked recently used in L2, so reading it again costs a decode, not a
/// page fault. Entries are keyed by segment number: segments never change, so an entry can
/// never go stale, and entries of dropped segments age out.
package final class TieredCache: @unchecked Sendable {
  struct VectorKey: Hashable {
    var segment: UInt64
    var slot: Int

    /// One word to hash instead of two: this runs on every L1 lookup.
    func hash(into hasher: inout Hasher) {
      hasher.combine(segment &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: slot))
    }
  }

  struct BlockKey: Hashable {
    var segment: UInt64
    var block: Int
  }

  private struct Tiers {
    var decoded: ByteBudgetLRU<VectorKey, [Float]>
    var compressed: ByteBudgetLRU<BlockKey, [UInt8]>
    var statistics = CacheStatistics()
  }

  /// Guarded by `lock` (a plain lock rather than `Mutex`: the read path copies into the
  /// caller's buffer while holding it).
  private var state: Tiers
  private let lock = NSLock()

  private func withTiers<R>(_ body: (inout Tiers) throws -> R) rethrows -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body(&state)
  }

  package init(budgets: CacheBudgets = .default) {
    var statistics = CacheStatistics()
    statistics.budgets = budgets
    state = (
      Tiers(
        decoded: ByteBudgetLRU(budget: budgets.decodedBytes),
        compressed: ByteBudgetLRU(budget: budgets.compressedBytes), statistics: statistics))
  }

  package var statistics: CacheStatistics {
    withTiers { tiers in
      var statistics = tiers.statistics
      statistics.l1Bytes = tiers.decoded.bytes
      statistics.l1Entries = tiers.decoded.count
      statistics.l2Bytes = tiers.compressed.bytes
      statistics.l2Entries = tiers.compressed.count
      return statistics
    }
  }

  package func setBudgets(_ budgets: CacheBudgets) {
    withTiers { tiers in
      tiers.decoded.budget = budgets.decodedBytes
      tiers.compressed.budget = budgets.compressedBytes
      tiers.statistics.budgets = budgets
      tiers.decoded.trimToBudget()
      tiers.compressed.trimToBudget()
    }
  }

  /// Empties both tiers and zeroes the counters (the benchmark measures each tier alone).
  package func reset() {
    withTiers { tiers in
      tiers.decoded.removeAll()
      tiers.compressed.removeAll()
      let budgets = tiers.statistics.budgets
      tiers.statistics = CacheStatistics()
      tiers.statistics.budgets = budgets
    }
  }

  /// Copies the vector in `slot` of `segment` into `output` (`segment.dimension` floats).
  @discardableResult
  func read(segment: Segment, slot: Int, into output: UnsafeMutableBufferPointer<Float>)
    throws(StoreError) -> CacheTier
  {
    let vectorKey = VectorKey(segment: segment.number, slot: slot)
    let block = slot / segment.vectorsPerBlock
    let blockKey = BlockKey(segment: segment.number, block: block)
    let hit = withTiers { (tiers: inout Tiers) -> Bool in
      let copied = tiers.decoded.copyValue(for: vectorKey, into: output)
      if copied { tiers.statistics.l1Hits += 1 } else { tiers.statistics.l1Misses += 1 }
      return copied
    }
    if hit { return .decoded }
    let cachedBlock: [UInt8]? = withTiers { tiers in
      if let bytes = tiers.compressed.value(for: blockKey) {
        tiers.statistics.l2Hits += 1
        return bytes
      }
      tiers.statistics.l2Misses += 1
      tiers.statistics.l3Reads += 1
      return nil
    }
    let tier: CacheTier
    var promoted: [UInt8]?
    if let cachedBlock {
      try cachedBlock.withUnsafeBytes { bytes in
        Result { () throws(StoreError) in try decode(bytes, segment: segment, block: block, slot: slot, into: output) }
      }.get()
      tier = .compressed
    } else {
      // Decode straight from the mapping; the block is copied into L2 only if it can stay.
      let bytes = try segment.blockBytes(column: segment.readColumn, block: block)
      try decode(bytes, segment: segment, block: block, slot: slot, into: output)
      if bytes.count <= compressedBudget { promoted = Array(bytes) }
      tier = .mapped
    }
    let vector = Array(output)
    withTiers { tiers in
      if let promoted { tiers.compressed.insert(promoted, for: blockKey, cost: promoted.count) }
      let evicted = tiers.decoded.insert(
        vector, for: vectorKey, cost: vector.count * MemoryLayout<Float>.size)
      for key in evicted {
        tiers.compressed.touch(
          BlockKey(segment: key.segment, block: key.slot / segment.vectorsPerBlock))
      }
    }
    return tier
  }

  private var compressedBudget: Int { withTiers { $0.compressed.budget } }

  private func decode(
    _ bytes: UnsafeRawBufferPointer, segment: Segment, block: Int, slot: Int,
    into output: UnsafeMutableBufferPointer<Float>
  ) throws(StoreError) {
    let codec = segment.columnCodec(segment.readColumn)
    let slots = segment.slots(inBlock: block)
    do {
      if codec.fixedBytesPerVector(dimension: segment.dimension) != nil {
        try codec.decodeOne(
          bytes, slot: slot - slots.lowerBound, count: slots.count, dimension: segment.dimension,
          into: output)
      } else {
        var scratch = [Float](repeating: 0, count: slots.count * segment.dimension)
        try scratch.withUnsafeMutableBufferPointer { all in
          try codec.decode(bytes, count: slots.count, dimension: segment.dimension, into: all)
        }
        let start = (slot - slots.lowerBound) * segment.dimension
        scratch.withUnsafeBufferPointer { all in
          _ = output.initialize(
            fromContentsOf: UnsafeBufferPointer(rebasing: all[start..<start + segment.dimension]))
        }
      }
    } catch {
      throw .corruptBlock(segment: segment.name, block: block)
    }
  }
}
