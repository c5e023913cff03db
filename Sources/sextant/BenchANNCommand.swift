import ArgumentParser
import Foundation
import VectorIndex

/// `sextant bench ann`: build an index from a spec string over TEXMEX files and sweep nprobe.
struct BenchANN: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ann",
    abstract: "Build time, bytes, recall@1/10/100, queries/s and p50/p99 latency of a nearest-neighbour index.",
    discussion: """
      Reads the standard TEXMEX formats (--base and --query .fvecs, --gt .ivecs with the true \
      neighbours by inner product, as `sextant export` writes them for an index's own vectors), \
      builds the index SPEC describes ("Flat", "Flat,SQ8", "IVF1024,PQ48,Refine", \
      "PCA128,IVF1024,SQ8,Refine(10)", …) and answers every query single-threaded, one at a \
      time, for each nprobe. recall@R is |returned top R ∩ true top R| / R. --json prints one \
      object per setting with spec, nprobe, build_s, index_bytes, recall_at_1, recall_at_10, \
      recall_at_100, qps, p50_ms, p99_ms and resident memory. scripts/ann_compare.py runs FAISS \
      and hnswlib on the same files in the same run.
      """)

  @Option(name: .long, help: "Base vectors (.fvecs).") var base: String
  @Option(name: .long, help: "Query vectors (.fvecs).") var query: String
  @Option(name: .long, help: "True neighbours of each query (.ivecs).") var gt: String
  @Option(name: .long, help: "Index spec string.") var spec: String = "Flat"
  @Option(name: .long, help: "Comma-separated nprobe values to sweep.") var nprobe: String = "1,2,4,8,16,32"
  @Option(name: .long, help: "Neighbours per query.") var k: Int = 10
  @Option(name: .long, help: "Rescore k × this many candidates (default: the spec's).") var refine: Int?
  @Option(name: .long, help: "Below this many vectors a flat scan is used whatever the spec (0: always the spec).")
  var flatThreshold: Int = 0
  @Option(name: .long, help: "Answer only the first N queries.") var queries: Int?
  @Option(name: .customLong("repeat"), help: "Repeat each sweep N times and keep the median.") var repetitions: Int = 1
  @Flag(name: .long, help: "Skip recall@100 (faster).") var noRecall100 = false
  @Flag(name: .long, help: "Print one JSON object per setting.") var json = false

  func run() throws {
    var configuration = ANNBenchmark.Configuration(basePath: base, queryPath: query, groundTruthPath: gt, spec: spec)
    let probes = nprobe.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !probes.isEmpty, probes.allSatisfy({ $0 > 0 }) else { throw ValidationError("--nprobe takes positive integers, e.g. 1,2,4") }
    guard k > 0, repetitions > 0, flatThreshold >= 0, (refine ?? 1) > 0, (queries ?? 1) > 0 else {
      throw ValidationError("--k, --repeat, --refine and --queries must be positive")
    }
    configuration.nprobes = probes
    configuration.k = k
    configuration.refineFactor = refine
    configuration.flatThreshold = flatThreshold
    configuration.queryLimit = queries
    configuration.repetitions = repetitions
    configuration.measuresRecallAt100 = !noRecall100
    let measurements: [ANNBenchmark.Measurement]
    do {
      measurements = try ANNBenchmark.run(configuration) { line in if !json { printError(line) } }
    } catch {
      throw ValidationError("\(error)")
    }
    if json {
      print(ANNBenchmark.json(measurements))
    } else {
      for measurement in measurements { print(measurement.summaryLine) }
    }
  }
}
