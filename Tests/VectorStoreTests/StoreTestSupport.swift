import VectorCodecs

@testable import VectorStore

/// Deterministic pseudo-random unit vectors and helpers shared by the store's tests.
enum StoreTestSupport {
  static let dimension = 24

  static func vector(seed: UInt64, dimension: Int = dimension) -> [Float] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    var values = (0..<dimension).map { _ -> Float in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
    let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    values = values.map { $0 / norm }
    return values
  }

  static func rows(_ ids: some Sequence<Int64>, version: UInt64 = 0) -> [StoreRow] {
    ids.map { StoreRow(id: $0, fingerprint: UInt64($0) &* 31 &+ version, vector: vector(seed: UInt64($0) &* 1000 &+ version)) }
  }

  static func configuration(
    codec: VectorCodec = .fp32ShuffleZstd, perBlock: Int = 4, maxSegments: Int = 8,
    budgets: CacheBudgets = .default
  ) -> StoreConfiguration {
    StoreConfiguration(
      modelID: "test-model", dimension: dimension, codec: codec, vectorsPerBlock: perBlock, cacheBudgets: budgets,
      maxSegments: maxSegments)
  }

  /// Every live vector of a snapshot, read through the cache, by id.
  static func contents(of store: VectorStore) throws -> [Int64: [Float]] {
    let snapshot = store.snapshot
    var result: [Int64: [Float]] = [:]
    for id in snapshot.ids {
      result[id] = try snapshot.vector(id)
    }
    return result
  }

  static func bits(_ vector: [Float]?) -> [UInt32]? { vector?.map(\.bitPattern) }
}
