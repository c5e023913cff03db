import Testing
import VectorCodecs

@testable import VectorStore

/// Replaced vectors kept in history segments: bit-exact, across renames, reopening,
/// compaction and crashes.
struct StoreHistoryTests {
  typealias Support = StoreTestSupport

  private func configuration(
    _ encoding: VectorHistory.Encoding = .lossless, keyframes: Int = 8, retention: Int = 32, maxHistorySegments: Int = 8
  ) -> StoreConfiguration {
    var configuration = Support.configuration()
    configuration.history = HistorySettings(
      encoding: encoding, keyframeInterval: keyframes, retention: retention, maxSegments: maxHistorySegments)
    return configuration
  }

  /// Versions 0…n−1 of chunk `id`, each a nearby variation of the last (as edits make them).
  private func versions(_ id: Int64, count: Int) -> [StoreRow] {
    var vector = Support.vector(seed: UInt64(id) &* 7919)
    return (0..<count).map { version in
      if version > 0 {
        let change = Support.vector(seed: UInt64(id) &* 7919 &+ UInt64(version))
        vector = zip(vector, change).map { $0 + 0.05 * $1 }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        vector = vector.map { $0 / norm }
      }
      return StoreRow(id: id, fingerprint: UInt64(id) << 16 | UInt64(version), vector: vector)
    }
  }

  @Test(arguments: [1, 3, 8])
  func everyReplacedVersionIsRebuiltBitForBit(keyframes: Int) throws {
    let fileSystem = SimulatedFileSystem()
    let store = try VectorStore(directory: "/h", configuration: configuration(keyframes: keyframes), fileSystem: fileSystem)
    let rows = versions(5, count: 20)
    for row in rows { try store.commit(upserts: [row]) }
    // An identical commit (same fingerprint) is not a new version.
    try store.commit(upserts: [rows[19]])
    let history = try store.history(of: 5)
    #expect(history.map(\.record.version) == Array((0..<19).reversed()).map(UInt32.init))
    for (position, version) in history.enumerated() {
      let expected = rows[18 - position]
      #expect(version.vector.map(\.bitPattern) == expected.vector.map(\.bitPattern), "version \(version.record.version)")
      #expect(version.record.fingerprint == expected.fingerprint)
    }
    let keyframeCount = history.filter { $0.record.entry.form == .keyframe }.count
    // Versions K − 1, 2K − 1 … are whole.
    #expect(keyframeCount == 19 / keyframes)
    // Reopened from disk: the same history.
    let reopened = try VectorStore(directory: "/h", configuration: configuration(keyframes: keyframes), fileSystem: fileSystem)
    #expect(try reopened.history(of: 5) == history)
  }

  @Test func compactVersionsStayWithinTheirError() throws {
    let store = try VectorStore(directory: "/h", configuration: configuration(.compact), fileSystem: SimulatedFileSystem())
    let rows = versions(9, count: 12)
    for row in rows { try store.commit(upserts: [row]) }
    for version in try store.history(of: 9) {
      let expected = rows[Int(version.record.version)].vector
      let cosine = zip(expected, version.vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }
      #expect(1 - cosine < 1e-3, "version \(version.record.version)")
    }
  }

  @Test func aRenamedChunkCarriesItsHistoryOn() throws {
    let store = try VectorStore(directory: "/h", configuration: configuration(), fileSystem: SimulatedFileSystem())
    let old = versions(1, count: 3)
    for row in old { try store.commit(upserts: [row]) }
    // Chunk 1 becomes chunk 2 (renamed), with a changed vector; then 2 changes once more.
    var renamed = versions(2, count: 2)
    try store.commit(upserts: [renamed[0]], continuing: [2: 1])
    #expect(!store.snapshot.contains(1))
    try store.commit(upserts: [renamed[1]])
    renamed = Array(renamed)
    let history = try store.history(of: 2)
    #expect(history.map(\.record.version) == [3, 2, 1, 0])
    #expect(history.map(\.record.previousID) == [2, 1, 1, 1])
    #expect(history[0].vector == renamed[0].vector)
    #expect(history[1].vector == old[2].vector)
    #expect(history[3].vector == old[0].vector)
  }

  @Test func compactionKeepsTheRetentionOfLiveLineagesOnly() throws {
    let fileSystem = SimulatedFileSystem()
    let store = try VectorStore(
      directory: "/h", configuration: configuration(retention: 4, maxHistorySegments: 2), fileSystem: fileSystem)
    let kept = versions(3, count: 10)
    let deleted = versions(4, count: 3)
    for row in deleted { try store.commit(upserts: [row]) }
    try store.commit(upserts: [], deletes: [4])
    for row in kept { try store.commit(upserts: [row]) }
    #expect((store.snapshot.manifest.history?.count ?? 0) <= 2)
    let history = try store.history(of: 3)
    // The newest four are kept; older ones go at the full rewrites, which wait until a
    // quarter of the records can go (so a few more may still be there).
    #expect(Array(history.map(\.record.version).prefix(4)) == [8, 7, 6, 5])
    #expect(history.count <= 4 * 4 / 3 + 1)
    for version in history {
      #expect(version.vector.map(\.bitPattern) == kept[Int(version.record.version)].vector.map(\.bitPattern))
    }
    #expect(store.snapshot.history.byID[4] == nil)
    let files = try fileSystem.contentsOfDirectory(atPath: "/h").filter { $0.hasPrefix("history-") }
    let named = Set((store.snapshot.manifest.history ?? []).map(\.name))
    #expect(Set(files).isSuperset(of: named))
  }

  @Test func aDamagedHistorySegmentIsDroppedAndTheVectorsStay() throws {
    let fileSystem = SimulatedFileSystem()
    let store = try VectorStore(directory: "/h", configuration: configuration(), fileSystem: fileSystem)
    for row in versions(6, count: 3) { try store.commit(upserts: [row]) }
    let name = try #require(store.snapshot.manifest.history?.first?.name)
    fileSystem.corrupt(path: "/h/" + name, at: 20)
    let reopened = try VectorStore(directory: "/h", configuration: configuration(), fileSystem: fileSystem)
    #expect(reopened.recovery.droppedSegments.contains { $0.hasPrefix(name) })
    #expect(try reopened.snapshot.vector(6) == versions(6, count: 3)[2].vector)
    #expect(try reopened.history(of: 6).count <= 1)
  }

  @Test func aCrashAtAnyStepCommitsTheVectorAndItsHistoryTogether() throws {
    let rows = versions(7, count: 3)
    var step = 0
    var sawBoth = (before: false, after: false)
    while true {
      step += 1
      let fileSystem = SimulatedFileSystem()
      let store = try VectorStore(directory: "/h", configuration: configuration(), fileSystem: fileSystem)
      try store.commit(upserts: [rows[0]])
      try store.commit(upserts: [rows[1]])
      fileSystem.failAfter(operations: step)
      let finished = (try? store.commit(upserts: [rows[2]])) != nil
      fileSystem.crash()
      let reopened = try VectorStore(directory: "/h", configuration: configuration(), fileSystem: fileSystem)
      let current = try reopened.snapshot.vector(7)
      let history = try reopened.history(of: 7)
      if current == rows[2].vector {
        sawBoth.after = true
        #expect(history.map(\.vector) == [rows[1].vector, rows[0].vector], "step \(step)")
      } else {
        sawBoth.before = true
        #expect(current == rows[1].vector, "step \(step)")
        #expect(history.map(\.vector) == [rows[0].vector], "step \(step)")
      }
      if finished { break }
    }
    #expect(sawBoth.before && sawBoth.after)
  }

  @Test func aDamagedReplacedVectorCostsItsVersionNotTheCommit() throws {
    let fileSystem = SimulatedFileSystem()
    var settings = configuration()
    settings.codec = .fp32
    settings.verifyOnOpen = false
    let store = try VectorStore(directory: "/h", configuration: settings, fileSystem: fileSystem)
    let rows = versions(5, count: 2)
    try store.commit(upserts: [rows[0]])
    let segment = try #require(store.snapshot.manifest.segments.first?.name)
    fileSystem.corrupt(path: "/h/" + segment, at: 64 + 10)
    let reopened = try VectorStore(directory: "/h", configuration: settings, fileSystem: fileSystem)
    #expect(throws: StoreError.self) { try reopened.snapshot.vector(5) }
    try reopened.commit(upserts: [rows[1]])
    #expect(try reopened.snapshot.vector(5) == rows[1].vector)
    #expect(try reopened.history(of: 5).isEmpty)
  }

  @Test func anIdenticalVectorFromAnotherInputIsStillAVersion() throws {
    let store = try VectorStore(directory: "/h", configuration: configuration(), fileSystem: SimulatedFileSystem())
    let vector = Support.vector(seed: 77)
    let other = Support.vector(seed: 78)
    try store.commit(upserts: [StoreRow(id: 3, fingerprint: 1, vector: vector)])
    try store.commit(upserts: [StoreRow(id: 3, fingerprint: 2, vector: vector)])
    try store.commit(upserts: [StoreRow(id: 3, fingerprint: 3, vector: other)])
    let history = try store.history(of: 3)
    #expect(history.map(\.record.fingerprint) == [2, 1])
    #expect(history.map(\.vector) == [vector, vector])
  }

  @Test func aLossyCodecKeepsEveryVersionWhole() throws {
    var settings = configuration()
    settings.codec = .fp16
    let store = try VectorStore(directory: "/h", configuration: settings, fileSystem: SimulatedFileSystem())
    var stored: [[Float]] = []
    for row in versions(8, count: 5) {
      if let current = try store.snapshot.vector(8) { stored.append(current) }
      try store.commit(upserts: [row])
    }
    let history = try store.history(of: 8)
    #expect(history.allSatisfy { $0.record.entry.form == .keyframe })
    // Each version is the vector the store held (fp16-rounded), bit for bit.
    #expect(history.reversed().map { $0.vector.map(\.bitPattern) } == stored.map { $0.map(\.bitPattern) })
  }
}
