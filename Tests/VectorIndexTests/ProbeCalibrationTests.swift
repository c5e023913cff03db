import Testing

@testable import VectorIndex

/// The probe setting is measured on the index's own vectors, and the measurement is true.
struct ProbeCalibrationTests {
  @Test func choosesTheSmallestProbeCountThatReachesTheTarget() throws {
    let dimension = 32
    let count = 4000
    // Unstructured data: neighbours spread over many lists, so few probes cannot be enough.
    var values = TestData.gaussian(count * dimension, seed: 11)
    TestData.normaliseRows(&values, dimension: dimension)
    let ids = (0..<count).map { Int64($0) }
    let spec = try IndexSpec(parsing: "IVF256,SQ8,Refine")
    let index = try IndexBuilder.build(
      spec: spec, ids: ids, vectors: values, dimension: dimension, options: IndexBuilder.Options(flatThreshold: 100))
    let exact = TestData.exactLookup(values, dimension: dimension)
    let setting = try #require(
      ProbeCalibration.calibrate(
        index: index, ids: ids, vectors: values, dimension: dimension, baseRefineFactor: spec.refineFactor,
        exact: exact, target: 0.95, sampleSize: 100))
    #expect(setting.reachedTarget)
    #expect(setting.queries == 100)

    // The recall it reports is what a search with that setting gets on the sample it used,
    // and one step fewer probes (same refine factor) falls short of the target.
    var generator = SplitMix64(seed: 0x5eed)
    var rows = Array(0..<count)
    generator.shuffle(&rows)
    func recall(nprobe: Int, refine: Int) throws -> Double {
      var found = 0
      for row in rows.prefix(100) {
        let query = TestData.row(values, row, dimension: dimension)
        let truth = ProbeCalibration.exactNeighbours(of: row, ids: ids, vectors: values, dimension: dimension, k: 10)
        let answer = try query.withUnsafeBufferPointer { buffer in
          try index.search(
            query: buffer, k: 11, nprobe: nprobe, refineFactor: refine, exact: exact, workspace: SearchWorkspace())
        }
        let returned = Set(answer.map(\.id).filter { $0 != Int64(row) }.prefix(10))
        found += truth.filter(returned.contains).count
      }
      return Double(found) / 1000
    }
    #expect(abs(try recall(nprobe: setting.nprobe, refine: setting.refineFactor) - setting.recallAt10) < 1e-9)
    let smaller = try #require(ProbeCalibration.probeSteps.last { $0 < setting.nprobe }, "data this spread needs more than the fewest probes")
    #expect(try recall(nprobe: smaller, refine: setting.refineFactor) < 0.95)
  }

  @Test func flatIndexesNeedNoCalibration() throws {
    let values = TestData.clustered(count: 200, dimension: 8, clusters: 4, seed: 2)
    let ids = (0..<200).map { Int64($0) }
    let index = try IndexBuilder.build(spec: IndexSpec(parsing: "Flat"), ids: ids, vectors: values, dimension: 8)
    #expect(
      ProbeCalibration.calibrate(
        index: index, ids: ids, vectors: values, dimension: 8, baseRefineFactor: 1, exact: nil) == nil)
  }
}
