import Foundation
import Testing
import VectorIndex
import VectorStore

@testable import SearchEngine

/// The engine's nearest-neighbour index over a vector store: building, edits, saving and
/// mapping, and the background retraining.
struct SemanticIndexTests {
  static let dimension = 16

  /// Clustered unit vectors: 20 centres, each row a centre plus noise.
  static func vector(_ row: Int) -> [Float] {
    var state = UInt64(row) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    func next() -> Float {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
    var centreState = UInt64(row % 20) &* 0xD1B5_4A32_D192_ED03 &+ 7
    var values = (0..<dimension).map { _ -> Float in
      centreState = centreState &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(Int64(bitPattern: centreState) >> 40) / Float(1 << 23)
    }
    values = values.map { $0 + 0.35 * next() }
    let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return values.map { $0 / norm }
  }

  private func store(rows: Range<Int>, fileSystem: SimulatedFileSystem = SimulatedFileSystem()) throws -> VectorStore {
    let store = try VectorStore(
      directory: "/index/vectors",
      configuration: StoreConfiguration(modelID: "test", dimension: Self.dimension), fileSystem: fileSystem)
    try store.commit(upserts: rows.map { StoreRow(id: Int64($0), fingerprint: 0, vector: Self.vector($0)) })
    return store
  }

  private func settings(threshold: Int = 500) throws -> SemanticIndexSettings {
    var settings = SemanticIndexSettings(spec: try IndexSpec(parsing: "IVF16,SQ8,Refine(10)"), nprobe: 16)
    settings.options.flatThreshold = threshold
    return settings
  }

  private func exactTop(_ query: [Float], rows: [Int], k: Int) -> [Int64] {
    var scored: [(id: Int64, score: Float)] = []
    for row in rows {
      let vector = Self.vector(row)
      var score: Float = 0
      for index in 0..<query.count { score += query[index] * vector[index] }
      scored.append((Int64(row), score))
    }
    scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
    return scored.prefix(k).map(\.id)
  }

  private func search(_ index: SemanticIndex, _ query: [Float], k: Int = 10, allowed: Set<Int64>? = nil) throws -> [Int64] {
    var unreadable: [Int64] = []
    let hits = try index.search(query, k: k, allowed: allowed, unreadable: &unreadable)
    #expect(unreadable.isEmpty)
    return hits.map(\.rowID)
  }

  @Test func anIVFIndexFindsWhatAnExactScanFinds() throws {
    let store = try store(rows: 0..<3000)
    let index = SemanticIndex(store: store, dimension: Self.dimension, settings: try settings())
    try index.load()
    #expect(index.summary.kind.hasPrefix("IVF16"))
    var found = 0
    for query in 0..<50 {
      let vector = Self.vector(10_000 + query)
      found += Set(try search(index, vector)).intersection(exactTop(vector, rows: Array(0..<3000), k: 10)).count
    }
    #expect(Double(found) / 500 >= 0.95)
  }

  @Test func editsFiltersAndRemovalsApplyAtOnce() throws {
    let store = try store(rows: 0..<3000)
    let index = SemanticIndex(store: store, dimension: Self.dimension, settings: try settings())
    try index.load()
    let query = Self.vector(5)
    #expect(try search(index, query, k: 1) == [5])
    try store.commit(upserts: [], deletes: [5])
    index.apply(added: [], removed: [5])
    #expect(!(try search(index, query, k: 50)).contains(5))
    let added = StoreRow(id: 9999, fingerprint: 0, vector: query)
    try store.commit(upserts: [added])
    index.apply(added: [(9999, query)], removed: [])
    #expect(try search(index, query, k: 1) == [9999])
    let allowed: Set<Int64> = [1, 2, 3, 4, 6, 7]
    #expect(Set(try search(index, query, k: 10, allowed: allowed)).isSubset(of: allowed))
  }

  @Test func aSavedIndexIsMappedOnTheNextOpen() throws {
    let fileSystem = SimulatedFileSystem()
    let store = try store(rows: 0..<2000, fileSystem: fileSystem)
    let first = SemanticIndex(store: store, dimension: Self.dimension, settings: try settings())
    try first.load()
    let query = Self.vector(20_000)
    let expected = try search(first, query)
    let saved = try fileSystem.contentsOfDirectory(atPath: "/index/vectors").filter { $0.hasPrefix(SemanticIndex.filePrefix) }
    #expect(saved == [SemanticIndex.fileName(generation: store.snapshot.generation)])
    let second = SemanticIndex(store: store, dimension: Self.dimension, settings: try settings())
    try second.load()
    #expect(second.loadedFromFile)
    #expect(try search(second, query) == expected)
    // Damage the saved file: the next open must train again rather than trust it.
    fileSystem.corrupt(path: "/index/vectors/" + saved[0], at: 200)
    let third = SemanticIndex(store: store, dimension: Self.dimension, settings: try settings())
    try third.load()
    #expect(!third.loadedFromFile)
    #expect(try search(third, query) == expected)
  }

  @Test func growingPastTheThresholdRetrainsInTheBackground() throws {
    let store = try store(rows: 0..<400)
    let index = SemanticIndex(store: store, dimension: Self.dimension, settings: try settings(threshold: 1000))
    try index.load()
    #expect(index.summary.kind == "Flat")
    for start in stride(from: 400, to: 2400, by: 400) {
      let rows = (start..<start + 400).map { StoreRow(id: Int64($0), fingerprint: 0, vector: Self.vector($0)) }
      try store.commit(upserts: rows)
      index.apply(added: rows.map { ($0.id, $0.vector) }, removed: [])
    }
    index.waitForRebuild()
    #expect(index.summary.kind.hasPrefix("IVF16"))
    #expect(index.count == 2400)
    #expect(try search(index, Self.vector(2399), k: 1) == [2399])
  }
}

extension SemanticIndexTests {
  /// With the real file system the saved index is a read-only mapping: edits must copy, never
  /// write through it, and the mapping must outlive every index value built on it.
  @Test func aMappedIndexTakesEditsOnTheRealFileSystem() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("semantic-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try VectorStore(directory: directory, configuration: StoreConfiguration(modelID: "test", dimension: Self.dimension))
    try store.commit(upserts: (0..<300).map { StoreRow(id: Int64($0), fingerprint: 0, vector: Self.vector($0)) })
    try SemanticIndex(store: store, dimension: Self.dimension, settings: try settings()).load()
    let reopened = try VectorStore(directory: directory, configuration: StoreConfiguration(modelID: "test", dimension: Self.dimension))
    let index = SemanticIndex(store: reopened, dimension: Self.dimension, settings: try settings())
    try index.load()
    #expect(index.loadedFromFile)
    let rows = (300..<310).map { StoreRow(id: Int64($0), fingerprint: 0, vector: Self.vector($0)) }
    try reopened.commit(upserts: rows)
    index.apply(added: rows.map { ($0.id, $0.vector) }, removed: [])
    #expect(index.count == 310)
    #expect(try search(index, Self.vector(305), k: 1) == [305])
  }
}
