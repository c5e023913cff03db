import Testing

@testable import VectorIndex

struct FlatIndexTests {
  static let dimension = 24
  static let values = TestData.clustered(count: 600, dimension: dimension, clusters: 12, seed: 3)
  static let ids = (0..<600).map { Int64($0) }

  func makeIndex() throws -> FlatIndex {
    var index = FlatIndex(dimension: Self.dimension)
    try index.add(ids: Self.ids, vectors: Self.values)
    return index
  }

  @Test func searchIsExact() throws {
    let index = try makeIndex()
    for query in 0..<20 {
      let q = TestData.row(Self.values, query * 7, dimension: Self.dimension)
      let found = try index.search(query: q, k: 10).map(\.id)
      #expect(found == TestData.bruteForce(q, Self.values, dimension: Self.dimension, k: 10))
    }
  }

  @Test func filterRunsInsideTheScanAndStillFillsK() throws {
    let index = try makeIndex()
    let q = TestData.row(Self.values, 5, dimension: Self.dimension)
    let found = try index.search(query: q, k: 10) { $0 % 3 == 0 }
    #expect(found.count == 10)
    #expect(found.allSatisfy { $0.id % 3 == 0 })
    let allowed = TestData.bruteForce(q, Self.values, dimension: Self.dimension, k: 600).filter { $0 % 3 == 0 }
    #expect(found.map(\.id) == Array(allowed.prefix(10)))
  }

  @Test func addReplacesAndRemoveDeletes() throws {
    var index = try makeIndex()
    let snapshot = index
    let replacement = [Float](repeating: 0, count: Self.dimension - 1) + [1]
    try index.add(ids: [5, 5], vectors: TestData.row(Self.values, 9, dimension: Self.dimension) + replacement)
    #expect(index.count == 600)
    let top = try index.search(query: replacement, k: 1)
    #expect(top.first?.id == 5)
    #expect(index.remove(ids: [5, 6, 123_456]) == 2)
    #expect(index.count == 598)
    #expect(try index.search(query: replacement, k: 3).allSatisfy { $0.id != 5 })
    // The value taken before the edits is untouched.
    #expect(snapshot.count == 600)
    #expect(try snapshot.search(query: TestData.row(Self.values, 5, dimension: Self.dimension), k: 1).first?.id == 5)
  }

  @Test func malformedInputThrows() throws {
    var index = FlatIndex(dimension: 4)
    #expect(throws: VectorIndexError.countMismatch(ids: 2, values: 4, dimension: 4)) {
      try index.add(ids: [1, 2], vectors: [1, 2, 3, 4])
    }
    #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 3)) {
      try index.search(query: [1, 2, 3], k: 1)
    }
    #expect(try index.search(query: [1, 0, 0, 0], k: 5).isEmpty)
  }

  @Test func int8FlatFindsNearlyExactNeighboursAndRefineMakesThemExact() throws {
    var index = FlatInt8Index(dimension: Self.dimension)
    try index.add(ids: Self.ids, vectors: Self.values)
    let exact = TestData.exactLookup(Self.values, dimension: Self.dimension)
    let workspace = SearchWorkspace()
    var approximate: [[Int64]] = []
    var refined: [[Int64]] = []
    var truth: [[Int64]] = []
    for query in 0..<40 {
      let q = TestData.row(Self.values, query * 13 + 1, dimension: Self.dimension)
      truth.append(TestData.bruteForce(q, Self.values, dimension: Self.dimension, k: 10))
      try q.withUnsafeBufferPointer { q in
        approximate.append(try index.search(query: q, k: 10, workspace: workspace).map(\.id))
        refined.append(try index.search(query: q, k: 10, refineFactor: 4, exact: exact, workspace: workspace).map(\.id))
      }
    }
    // Observed 0.98 approximate and 1.0 refined.
    #expect(TestData.recall(approximate, truth, k: 10) > 0.9)
    #expect(TestData.recall(refined, truth, k: 10) > 0.99)
    #expect(index.remove(ids: [0, 1]) == 2)
    #expect(index.count == 598)
  }
}
