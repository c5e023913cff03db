import Testing

@testable import VectorIndex

/// All-pairs search for near-duplicates, exact and through an IVF index's cells.
struct NearDuplicateSearchTests {
  /// Brute force: every pair scored in plain loops.
  static func bruteForcePairs(_ values: [Float], dimension: Int, threshold: Float) -> Set<[Int64]> {
    let count = values.count / dimension
    var pairs: Set<[Int64]> = []
    for i in 0..<count {
      for j in (i + 1)..<count {
        var dot: Float = 0
        for d in 0..<dimension { dot += values[i * dimension + d] * values[j * dimension + d] }
        if dot >= threshold { pairs.insert([Int64(i), Int64(j)]) }
      }
    }
    return pairs
  }

  /// Rows with planted near-copies: every fifth row has a noisy copy at the end.
  static func withCopies(count: Int, dimension: Int, seed: UInt64) -> [Float] {
    var values = TestData.clustered(count: count, dimension: dimension, clusters: 40, seed: seed)
    TestData.normaliseRows(&values, dimension: dimension)
    let noise = TestData.gaussian(count * dimension, seed: seed + 1)
    for row in stride(from: 0, to: count, by: 5) {
      for d in 0..<dimension { values.append(values[row * dimension + d] + 0.04 * noise[row * dimension + d]) }
    }
    TestData.normaliseRows(&values, dimension: dimension)
    return values
  }

  static func search(
    _ partition: ComparisonPartition, _ values: [Float], dimension: Int, threshold: Float, workers: Int = 2
  ) -> Set<[Int64]> {
    var vectors = CellOrderedVectors(partition: partition, dimension: dimension) { _ in true }
    values.withUnsafeBufferPointer { values in
      for row in 0..<(values.count / dimension) {
        vectors.fill(Int64(row), UnsafeBufferPointer(rebasing: values[(row * dimension)..<((row + 1) * dimension)]))
      }
    }
    #expect(vectors.comparisonCount(laterNeighbours: partition.laterNeighbours) == partition.comparisonCount)
    let pairs = NearDuplicateSearch.pairs(
      in: vectors, laterNeighbours: partition.laterNeighbours, threshold: threshold, workers: workers)
    #expect(pairs.allSatisfy { $0.first < $0.second })
    return Set(pairs.map { [$0.first, $0.second] })
  }

  @Test func oneCellFindsExactlyThePairsBruteForceFinds() {
    let dimension = 24
    // More rows than one tile in both directions, so the tiling and the diagonal are exercised.
    let values = Self.withCopies(count: 2400, dimension: dimension, seed: 3)
    let count = values.count / dimension
    let truth = Self.bruteForcePairs(values, dimension: dimension, threshold: 0.97)
    #expect(truth.count >= 480, "the planted copies are found")
    let found = Self.search(.single((0..<count).map(Int64.init)), values, dimension: dimension, threshold: 0.97)
    #expect(found == truth)
    #expect(Self.search(.single((0..<count).map(Int64.init)), values, dimension: dimension, threshold: 0.97, workers: 1) == truth)
    let direct = CellOrderedVectors(singleCell: (0..<count).map(Int64.init), matrix: values, dimension: dimension)
    let pairs = NearDuplicateSearch.pairs(in: direct, laterNeighbours: [[]], threshold: 0.97)
    #expect(Set(pairs.map { [$0.first, $0.second] }) == truth)
  }

  @Test func ivfCellsFindNearlyEveryPairWhileComparingFewOfThem() throws {
    let dimension = 24
    let values = Self.withCopies(count: 4000, dimension: dimension, seed: 5)
    let count = values.count / dimension
    let index = try IndexBuilder.build(
      spec: IndexSpec(parsing: "IVF64,SQ8"), ids: (0..<count).map(Int64.init), vectors: values, dimension: dimension,
      options: IndexBuilder.Options(flatThreshold: 100))
    let partition = try #require(index.comparisonPartition(neighbourCells: 4))
    #expect(Set(partition.cells.flatMap { $0 }).count == count, "every id is in one cell")
    let everyPair = count * (count - 1) / 2
    #expect(partition.comparisonCount < everyPair / 4)
    let truth = Self.bruteForcePairs(values, dimension: dimension, threshold: 0.97)
    let found = Self.search(partition, values, dimension: dimension, threshold: 0.97)
    #expect(found.isSubset(of: truth), "no pair below the threshold")
    let recall = Double(found.count) / Double(truth.count)
    #expect(recall >= 0.97, "recall \(recall) of \(truth.count) pairs")
  }

  @Test func idsFilteredOutOrNeverFilledAreLeftOut() {
    let dimension = 4
    let rows: [Int64: [Float]] = [10: [1, 0, 0, 0], 11: [1, 0, 0, 0], 12: [1, 0, 0, 0], 13: [0.99, 0.1, 0, 0]]
    // 12 is admitted but its vector never arrives (a damaged block); 13 is filtered out.
    let partition = ComparisonPartition(cells: [[10, 12], [11, 13]], laterNeighbours: [[1], []])
    var vectors = CellOrderedVectors(partition: partition, dimension: dimension) { $0 != 13 }
    for id: Int64 in [10, 11, 13] { rows[id]!.withUnsafeBufferPointer { vectors.fill(id, $0) } }
    #expect(vectors.count == 3)
    let pairs = NearDuplicateSearch.pairs(in: vectors, laterNeighbours: partition.laterNeighbours, threshold: -1)
    #expect(pairs == [SimilarPair(first: 10, second: 11, score: 1)])
    #expect(ComparisonPartition.single([]).comparisonCount == 0)
    #expect(index(of: flatIndex()) == nil)
  }

  private func flatIndex() -> ANNIndex { .flat(FlatIndex(dimension: 4)) }
  private func index(of index: ANNIndex) -> ComparisonPartition? { index.comparisonPartition(neighbourCells: 2) }
}
