import Foundation
import Testing

@testable import VectorIndex

struct BenchmarkTests {
  @Test func benchmarkRunsEndToEndOnTexmexFiles() throws {
    let dimension = 16
    let base = TestData.clustered(count: 1_200, dimension: dimension, clusters: 10, seed: 51)
    let queries = TestData.clustered(count: 30, dimension: dimension, clusters: 10, seed: 52)
    let truth = (0..<30).flatMap { query in
      TestData.bruteForce(TestData.row(queries, query, dimension: dimension), base, dimension: dimension, k: 100).map {
        Int32($0)
      }
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "annbench-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let paths = ["base.fvecs", "query.fvecs", "gt.ivecs"].map { directory.appendingPathComponent($0).path }
    try TexmexFormat.write(TexmexMatrix(dimension: dimension, values: base), path: paths[0])
    try TexmexFormat.write(TexmexMatrix(dimension: dimension, values: queries), path: paths[1])
    try TexmexFormat.write(TexmexMatrix(dimension: 100, values: truth), path: paths[2])

    var configuration = ANNBenchmark.Configuration(
      basePath: paths[0], queryPath: paths[1], groundTruthPath: paths[2], spec: "PCA8,IVF8,SQ8,Refine(4)")
    configuration.nprobes = [1, 8]
    let rows = try ANNBenchmark.run(configuration)
    #expect(rows.map(\.nprobe) == [1, 8])
    #expect(rows[1].recallAt10 ?? 0 > 0.95)
    #expect((rows[1].recallAt10 ?? 0) >= (rows[0].recallAt10 ?? 1))
    #expect(rows[1].recallAt100 != nil && rows[1].queriesPerSecond > 0)
    let json = ANNBenchmark.json(rows)
    for key in [
      "spec", "nprobe", "build_s", "index_bytes", "recall_at_1", "recall_at_10", "recall_at_100", "qps", "p50_ms",
      "p99_ms",
    ] {
      #expect(json.contains("\"\(key)\":"))
    }
    #expect(throws: ANNBenchmark.Failure.self) {
      var broken = configuration
      broken.spec = "IVFX"
      _ = try ANNBenchmark.run(broken)
    }
  }

  @Test func recallUsesIntersectionOfTopR() {
    let truth = TexmexMatrix(dimension: 3, values: [Int32(1), 2, 3, 4, 5, 6])
    let found = [
      [Neighbor(id: 2, score: 1), Neighbor(id: 9, score: 0.5), Neighbor(id: 1, score: 0.1)],
      [Neighbor(id: 7, score: 1)],
    ]
    #expect(ANNBenchmark.recall(found, truth: truth, at: 1) == 0)
    #expect(abs((ANNBenchmark.recall(found, truth: truth, at: 3) ?? 0) - (2.0 / 3 + 0) / 2) < 1e-12)
    #expect(ANNBenchmark.recall(found, truth: truth, at: 10) == nil)
  }
}
