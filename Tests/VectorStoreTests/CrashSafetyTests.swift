import Testing
import VectorCodecs

@testable import VectorStore

/// Crashes at every step of a commit, with and without torn writes, and damage on disk.
struct CrashSafetyTests {
  typealias Support = StoreTestSupport

  /// The state before and after the commit under test; a reopened store must hold exactly one.
  private func expectedStates() -> (before: [Int64: [UInt32]], after: [Int64: [UInt32]]) {
    var before: [Int64: [UInt32]] = [:]
    for row in Support.rows(1...12) { before[row.id] = Support.bits(row.vector) }
    var after = before
    for row in Support.rows(3...6, version: 2) { after[row.id] = Support.bits(row.vector) }
    after[12] = nil
    after[40] = Support.bits(Support.rows([40])[0].vector)
    return (before, after)
  }

  @Test(arguments: [nil, 7 as UInt64?])
  func aCrashAtAnyStepLeavesTheLastCommittedGeneration(tornWriteSeed: UInt64?) throws {
    let (before, after) = expectedStates()
    var step = 0
    var sawBoth = (before: false, after: false)
    while true {
      step += 1
      let fileSystem = SimulatedFileSystem()
      fileSystem.keepTornWrites(seed: tornWriteSeed)
      // maxSegments 1: the commit under test also compacts, so crashes land in both.
      let configuration = Support.configuration(maxSegments: 1)
      let store = try VectorStore(directory: "/idx/vectors", configuration: configuration, fileSystem: fileSystem)
      try store.commit(upserts: Support.rows(1...12))
      fileSystem.failAfter(operations: step)
      let finished: Bool
      do {
        try store.commit(upserts: Support.rows(3...6, version: 2) + Support.rows([40]), deletes: [12])
        finished = true
      } catch {
        finished = false
      }
      fileSystem.crash()
      let reopened = try VectorStore(directory: "/idx/vectors", configuration: configuration, fileSystem: fileSystem)
      let contents = try Support.contents(of: reopened).mapValues { $0.map(\.bitPattern) }
      #expect(contents == before || contents == after, "step \(step)")
      #expect(reopened.recovery.damagedIDs.isEmpty, "step \(step)")
      if contents == before { sawBoth.before = true } else { sawBoth.after = true }
      if finished {
        #expect(contents == after, "a finished commit must survive a crash")
        break
      }
      // And the reopened store takes new commits.
      try reopened.commit(upserts: Support.rows([99]))
      #expect(try reopened.snapshot.vector(99) != nil)
    }
    #expect(step > 8)
    #expect(sawBoth.before && sawBoth.after)
  }

  @Test func aFullDiskFailsTheCommitAndKeepsTheStore() throws {
    let fileSystem = SimulatedFileSystem()
    let store = try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: fileSystem)
    try store.commit(upserts: Support.rows(1...5))
    fileSystem.setCapacity(fileSystem.mutationCount)  // far less than any segment needs
    #expect(throws: StoreError.self) { try store.commit(upserts: Support.rows(6...100)) }
    #expect(store.snapshot.count == 5)
    fileSystem.setCapacity(nil)
    try store.commit(upserts: Support.rows(6...7))
    let reopened = try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: fileSystem)
    #expect(reopened.snapshot.count == 7)
  }

  @Test func aFlippedByteInABlockIsReportedAndNeverServed() throws {
    let fileSystem = SimulatedFileSystem()
    let configuration = Support.configuration(codec: .fp32, perBlock: 4)
    try VectorStore(directory: "/s", configuration: configuration, fileSystem: fileSystem).commit(upserts: Support.rows(1...12))
    let segment = try #require(try fileSystem.contentsOfDirectory(atPath: "/s").first { $0.hasPrefix("segment-") })
    // Block 1 (ids 5...8) starts at the second 64-byte-aligned offset after the header.
    let blockBytes = 4 * Support.dimension * 4
    fileSystem.corrupt(path: "/s/" + segment, at: 64 + SegmentLayout.aligned(blockBytes) + 10)
    let store = try VectorStore(directory: "/s", configuration: configuration, fileSystem: fileSystem)
    #expect(store.recovery.damagedIDs.sorted() == [5, 6, 7, 8])
    #expect(throws: StoreError.corruptBlock(segment: segment, block: 1)) { try store.snapshot.vector(6) }
    #expect(Support.bits(try store.snapshot.vector(2)) == Support.bits(Support.rows([2])[0].vector))
    var seen: [Int64] = []
    let damaged = store.snapshot.forEachLiveVector { id, _ in seen.append(id) }
    #expect(damaged.sorted() == [5, 6, 7, 8])
    #expect(seen.sorted() == [1, 2, 3, 4, 9, 10, 11, 12])
    // Re-deriving the damaged vectors heals the store.
    try store.commit(upserts: Support.rows(5...8))
    #expect(Support.bits(try store.snapshot.vector(6)) == Support.bits(Support.rows([6])[0].vector))
  }

  @Test func aDamagedNewestManifestFallsBackToThePreviousGeneration() throws {
    let fileSystem = SimulatedFileSystem()
    let store = try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: fileSystem)
    try store.commit(upserts: Support.rows(1...4))
    try store.commit(upserts: Support.rows(5...6))
    let newest = Manifest.fileName(generation: 2)
    fileSystem.corrupt(path: "/s/" + newest, at: 30)
    let reopened = try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: fileSystem)
    #expect(reopened.recovery.generation == 1)
    #expect(reopened.recovery.skippedManifests.count == 1)
    #expect(reopened.snapshot.count == 4)
    try reopened.commit(upserts: Support.rows([7]))
    #expect(try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: fileSystem).snapshot.count == 5)
  }

  @Test func aTruncatedSegmentIsDroppedAndReported() throws {
    let fileSystem = SimulatedFileSystem()
    try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: fileSystem).commit(upserts: Support.rows(1...4))
    let segment = try #require(try fileSystem.contentsOfDirectory(atPath: "/s").first { $0.hasPrefix("segment-") })
    fileSystem.truncate(path: "/s/" + segment, to: 100)
    let store = try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: fileSystem)
    #expect(store.recovery.droppedSegments.count == 1)
    #expect(store.snapshot.count == 0)
  }
}
