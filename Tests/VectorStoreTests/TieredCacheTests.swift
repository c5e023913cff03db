import Foundation
import Testing
import VectorCodecs

@testable import VectorStore

struct TieredCacheTests {
  typealias Support = StoreTestSupport

  @Test func readsArePromotedThroughTheTiers() throws {
    let store = try VectorStore(directory: "/s", configuration: Support.configuration(perBlock: 4), fileSystem: SimulatedFileSystem())
    try store.commit(upserts: Support.rows(1...8))
    let snapshot = store.snapshot
    var buffer = [Float](repeating: 0, count: Support.dimension)
    func read(_ id: Int64) throws -> CacheTier? {
      try buffer.withUnsafeMutableBufferPointer { try snapshot.read(id, into: $0) }
    }
    #expect(try read(1) == .mapped)
    #expect(try read(1) == .decoded)
    #expect(try read(2) == .compressed)  // same block, now in L2
    #expect(try read(5) == .mapped)
    let statistics = store.cache.statistics
    #expect(statistics.l1Hits == 1 && statistics.l2Hits == 1 && statistics.l3Reads == 2)
    #expect(statistics.l1Entries == 3)
    #expect(statistics.l2Entries == 2)
  }

  @Test func budgetsBoundWhatEachTierHolds() throws {
    let vectorBytes = Support.dimension * 4
    let budgets = CacheBudgets(decodedBytes: 3 * vectorBytes, compressedBytes: 2 * vectorBytes * 4)
    let store = try VectorStore(
      directory: "/s", configuration: Support.configuration(codec: .fp32, perBlock: 4, budgets: budgets),
      fileSystem: SimulatedFileSystem())
    try store.commit(upserts: Support.rows(1...40))
    for id in 1...40 { _ = try store.snapshot.vector(Int64(id)) }
    let statistics = store.cache.statistics
    #expect(statistics.l1Entries == 3)
    #expect(statistics.l1Bytes <= budgets.decodedBytes)
    #expect(statistics.l2Bytes <= budgets.compressedBytes)
    #expect(statistics.l2Entries == 2)
    // An evicted vector is demoted: its block is still in L2.
    var buffer = [Float](repeating: 0, count: Support.dimension)
    let tier = try buffer.withUnsafeMutableBufferPointer { try store.snapshot.read(37, into: $0) }
    #expect(tier == .compressed)
    #expect(Support.bits(buffer) == Support.bits(Support.rows([37])[0].vector))
  }

  @Test func concurrentReadersSeeCorrectVectors() throws {
    let store = try VectorStore(
      directory: "/s",
      configuration: Support.configuration(perBlock: 8, budgets: CacheBudgets(decodedBytes: 4096, compressedBytes: 8192)),
      fileSystem: SimulatedFileSystem())
    let rows = Support.rows(1...300)
    try store.commit(upserts: rows)
    let snapshot = store.snapshot
    let failures = LockedCounter()
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
      var buffer = [Float](repeating: 0, count: Support.dimension)
      for round in 0..<600 {
        let row = rows[(round * 7 + worker * 13) % rows.count]
        let ok = (try? buffer.withUnsafeMutableBufferPointer { try snapshot.read(row.id, into: $0) }) != nil
        if !ok || buffer.map(\.bitPattern) != row.vector.map(\.bitPattern) { failures.increment() }
      }
    }
    #expect(failures.value == 0)
  }

  @Test func leastRecentlyUsedEntriesLeaveFirst() {
    var lru = ByteBudgetLRU<Int, String>(budget: 3)
    lru.insert("a", for: 1, cost: 1)
    lru.insert("b", for: 2, cost: 1)
    lru.insert("c", for: 3, cost: 1)
    _ = lru.value(for: 1)
    let evicted = lru.insert("d", for: 4, cost: 1)
    #expect(evicted == [2])
    #expect(lru.value(for: 2) == nil)
    #expect(lru.insert("huge", for: 5, cost: 4).isEmpty)
    #expect(lru.value(for: 5) == nil)
    #expect(lru.bytes == 3)
  }
}

final class LockedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
