import ArgumentParser
import Foundation
import SearchEngine
import VectorCodecs
import VectorStore

/// `sextant bench storage PATH`: codec sizes, tier read latencies and int8 recall on the real
/// vectors of an index.
struct BenchStorage: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "storage",
    abstract: "Bytes per vector per codec, L1/L2/L3 read latency, write throughput and int8 recall.",
    discussion: """
      Reads the vectors the index of PATH holds (index it with a model first) and writes them into a scratch store once per codec in \
      commits of 1,000 vectors. Sizes are the segment files on disk; the ratio is fp32's file \
      size over the codec's. Latencies are per read, in nanoseconds: L1 (decoded, working set \
      of 1,000 vectors), L2 (compressed blocks only), L3 warm (mapping resident) and L3 cold \
      (page cache dropped and the store reopened before each read). The baseline is copying a \
      vector out of a plain in-memory array, measured in the same run. Recall@10 compares an \
      int8 scan alone, and with its best 40 rescored exactly from the store, against exact fp32.
      """)

  @Argument(help: "An indexed workspace (run `sextant index PATH` with a model first).") var path: String
  @Option(name: .long, help: "Scratch directory for the measured stores (removed afterwards).") var scratch: String?
  @Option(name: .long, help: "Vectors per block.") var vectorsPerBlock = 16
  @Option(name: .long, help: "Timed reads per tier.") var samples = 20_000
  @Option(name: .long, help: "Timed cold reads (each drops the page cache and reopens the store).") var coldSamples = 200
  @Option(name: .long, help: "Use at most this many vectors.") var limit: Int?
  @Flag(name: .long, help: "Print the figures as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    let (dimension, all) = try loadVectors()
    let vectors = limit.map { Array(all.prefix($0 * dimension)) } ?? all
    guard dimension > 0, !vectors.isEmpty else { throw ValidationError("no vectors found to measure") }
    let directory = scratch ?? FileManager.default.temporaryDirectory.appendingPathComponent("sextant-bench-storage-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var benchmark = StorageBenchmark(vectors: vectors, dimension: dimension, directory: directory)
    benchmark.vectorsPerBlock = vectorsPerBlock
    benchmark.samples = samples
    benchmark.coldSamples = coldSamples
    let figures = try benchmark.run(progress: { if !json { printError($0) } })
    if json {
      try printJSON(try jsonObject(figures))
      return
    }
    print("vectors: \(figures.vectors) × \(figures.dimension) (\(figures.vectorsPerBlock) per block)")
    print(String(format: "array read (baseline): p50 %.0f ns, p99 %.0f ns", figures.arrayRead.p50, figures.arrayRead.p99))
    print("codec                  encoded B/vec  file B/vec  ratio  exact    write vec/s  L1 p50/p99 ns  L2 p50/p99 ns  L3 warm p50/p99 ns  L3 cold p50/p99 ns")
    for codec in figures.codecs {
      print(
        String(
          format: "%-22@ %13.1f  %10.1f  %5.3f  %-7@  %11.0f  %6.0f/%-7.0f %6.0f/%-7.0f %7.0f/%-9.0f   %7.0f/%-9.0f", codec.codec.padding(toLength: 22, withPad: " ", startingAt: 0),
          codec.encodedBytesPerVector[codec.codec] ?? 0, codec.fileBytesPerVector, codec.ratioToFP32, codec.bitExact ? "yes" : String(format: "%.1e", codec.maxAbsoluteError),
          codec.writeVectorsPerSecond, codec.l1Hit.p50, codec.l1Hit.p99, codec.l2Hit.p50, codec.l2Hit.p99, codec.l3Warm.p50,
          codec.l3Warm.p99, codec.l3Cold.p50, codec.l3Cold.p99))
    }
    let baseline = max(figures.arrayRead.p50, 1)
    for codec in figures.codecs {
      print(
        String(
          format: "%@ ratios to the array read (p50): L1 %.1f×, L2 %.1f×, L3 warm %.1f×", codec.codec.padding(toLength: 22, withPad: " ", startingAt: 0),
          codec.l1Hit.p50 / baseline, codec.l2Hit.p50 / baseline, codec.l3Warm.p50 / baseline))
    }
    print(
      String(
        format: "int8 recall@10 over %d queries: scan alone %.4f, rescored from fp32 %.4f", figures.recallQueries,
        figures.int8RecallAt10, figures.int8RescoredRecallAt10))
  }

  private func loadVectors() throws -> (Int, [Float]) {
    let engine = try openIndexed(path, indexOptions)
    defer { engine.shutdown() }
    return engine.storedVectors()
  }
}
