import Foundation
import Testing
import VectorCodecs

@testable import VectorStore

struct VectorStoreTests {
  typealias Support = StoreTestSupport

  @Test(arguments: [VectorCodec.fp32, .fp32Zstd, .fp32ShuffleZstd, .int8])
  func losslessReadsAreBitExactAcrossReopen(codec: VectorCodec) throws {
    let fileSystem = SimulatedFileSystem()
    let rows = Support.rows(1...37)
    do {
      let store = try VectorStore(directory: "/store", configuration: Support.configuration(codec: codec), fileSystem: fileSystem)
      try store.commit(upserts: rows)
    }
    let reopened = try VectorStore(directory: "/store", configuration: Support.configuration(codec: codec), fileSystem: fileSystem)
    #expect(reopened.recovery.isClean)
    #expect(reopened.snapshot.count == 37)
    for row in rows {
      // int8 segments keep a lossless copy for exact reads.
      #expect(Support.bits(try reopened.snapshot.vector(row.id)) == Support.bits(row.vector))
      #expect(reopened.snapshot.fingerprint(of: row.id) == row.fingerprint)
    }
  }

  @Test func halfPrecisionReadsStayClose() throws {
    let store = try VectorStore(directory: "/s", configuration: Support.configuration(codec: .fp16), fileSystem: SimulatedFileSystem())
    let rows = Support.rows(1...10)
    try store.commit(upserts: rows)
    for row in rows {
      let read = try #require(try store.snapshot.vector(row.id))
      for (a, b) in zip(read, row.vector) { #expect(abs(a - b) <= abs(b) / 1024 + 1e-7) }
    }
  }

  @Test func upsertsReplaceDeletesRemoveAndCompactionKeepsLiveVectors() throws {
    let store = try VectorStore(
      directory: "/s", configuration: Support.configuration(maxSegments: 3), fileSystem: SimulatedFileSystem())
    try store.commit(upserts: Support.rows(1...20))
    try store.commit(upserts: Support.rows(5...8, version: 1), deletes: [1, 2])
    var expected = Dictionary(uniqueKeysWithValues: Support.rows(1...20).map { ($0.id, $0.vector) })
    for row in Support.rows(5...8, version: 1) { expected[row.id] = row.vector }
    expected[1] = nil
    expected[2] = nil
    #expect(store.statistics.liveVectors == 18)
    #expect(store.statistics.deadVectors == 6)
    // More segments than allowed: the smallest are merged, the big one is left alone.
    try store.commit(upserts: Support.rows([30]))
    try store.commit(upserts: Support.rows([31]))
    expected[30] = Support.rows([30])[0].vector
    expected[31] = Support.rows([31])[0].vector
    #expect(store.snapshot.segments.map(\.count) == [20, 6])
    #expect(store.statistics.deadVectors == 6)
    #expect(try Support.contents(of: store).mapValues(Support.bits) == expected.mapValues(Support.bits))
    // A full compaction drops every dead slot.
    try store.compact()
    #expect(store.snapshot.segments.count == 1)
    #expect(store.statistics.deadVectors == 0)
    #expect(try Support.contents(of: store).mapValues(Support.bits) == expected.mapValues(Support.bits))
  }

  @Test func snapshotTakenBeforeACommitStillReadsItsGeneration() throws {
    let store = try VectorStore(directory: "/s", configuration: Support.configuration(maxSegments: 1), fileSystem: SimulatedFileSystem())
    try store.commit(upserts: Support.rows(1...8))
    let old = store.snapshot
    try store.commit(upserts: Support.rows(1...8, version: 7))
    #expect(Support.bits(try old.vector(3)) == Support.bits(Support.rows([3])[0].vector))
    #expect(Support.bits(try store.snapshot.vector(3)) == Support.bits(Support.rows([3], version: 7)[0].vector))
  }

  @Test func anotherModelsStoreIsSetAside() throws {
    let fileSystem = SimulatedFileSystem()
    try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: fileSystem).commit(upserts: Support.rows(1...3))
    var other = Support.configuration()
    other.modelID = "other-model"
    let store = try VectorStore(directory: "/s", configuration: other, fileSystem: fileSystem)
    #expect(store.snapshot.count == 0)
    #expect(store.recovery.discardedModel == "test-model (24 dimensions)")
    try store.commit(upserts: Support.rows([9]))
    #expect(try VectorStore(directory: "/s", configuration: other, fileSystem: fileSystem).snapshot.count == 1)
  }

  @Test func wrongDimensionIsRefusedWithoutChangingTheStore() throws {
    let store = try VectorStore(directory: "/s", configuration: Support.configuration(), fileSystem: SimulatedFileSystem())
    #expect(throws: StoreError.self) { try store.commit(upserts: [StoreRow(id: 1, fingerprint: 0, vector: [1, 2])]) }
    #expect(store.snapshot.generation == 0)
  }

  @Test func statisticsMatchTheFilesOnDisk() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try VectorStore(directory: directory, configuration: Support.configuration(codec: .int8))
    try store.commit(upserts: Support.rows(1...50))
    let statistics = store.statistics
    let onDisk = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("segment-") }
      .reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: directory + "/" + $1)[.size] as? Int) ?? 0) }
    #expect(statistics.fileBytes == onDisk)
    #expect(statistics.bytesByCodec["int8-v1"] == 50 * (Support.dimension + 4))
    #expect(statistics.bytesByCodec["fp32-v1"] == 50 * Support.dimension * 4)
    #expect(statistics.liveVectors == 50)
  }
}
