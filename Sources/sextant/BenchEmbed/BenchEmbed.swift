import ArgumentParser
import EmbeddingProviders
import Foundation
import NeuralInference

/// `sextant bench embed`: throughput of the local model at fixed input lengths, per thread
/// count and parallelism strategy, with peak memory.
struct BenchEmbed: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "embed",
    abstract: "Chunks/s and tokens/s of the local model at 64/128/256 tokens, 1 and 2 threads, and peak memory.",
    discussion: """
      Embeds --chunks generated texts of exactly each token length, --runs times per
      configuration after a warm-up, and reports medians (tokenization included). A run's CPU
      time beside its wall time shows whether it had its cores to itself. --write-texts saves
      the texts so scripts/onnx_bench.py can time ONNX Runtime on the very same inputs (and,
      with --swift-bench, interleave this command's runs with its own).
      """)

  @Option(name: .long, help: "Directory of the local model (default: $SEXTANT_MODEL_DIR, else the per-user cache).")
  var modelDir: String?
  @Option(name: .long, help: "Token lengths, comma-separated.") var lengths: String = "64,128,256"
  @Option(name: .long, help: "Thread counts, comma-separated.") var threads: String = "1,2"
  @Option(name: .long, help: "Parallelism with more than one thread: across (batches), inside (matrix products).")
  var parallelism: String = "across,inside"
  @Option(name: .long, help: "Texts per length.") var chunks: Int = 64
  @Option(name: .long, help: "Timed runs per configuration.") var runs: Int = 5
  @Option(name: .long, help: "Most tokens per packed batch.") var maxBatchTokens: Int = 1024
  @Option(name: .long, help: "Write the generated texts as JSON to this file.") var writeTexts: String?
  @Flag(name: .long, help: "Print one JSON object per configuration instead of text lines.") var json = false

  func run() throws {
    let lengthList = try integers(lengths, "--lengths")
    let threadList = try integers(threads, "--threads")
    let strategies: [InferenceOptions.Parallelism] = try parallelism.split(separator: ",").map {
      switch $0 {
      case "across": .acrossBatches
      case "inside": .insideMatrixProducts
      default: throw ValidationError("--parallelism takes across and/or inside, not \($0)")
      }
    }
    guard chunks > 0, runs > 0 else { throw ValidationError("--chunks and --runs must be positive") }
    let directory = modelDir.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? MiniLMEmbedder.defaultDirectory()
    let probe: MiniLMModel
    do {
      probe = try MiniLMModel(directory: directory, options: InferenceOptions(threads: 1))
    } catch {
      throw ValidationError("\(error.localizedDescription) (install it with scripts/install-model.sh)")
    }
    if !json { print(String(format: "model loaded, RSS peak %.1f MiB", BenchMeasurement.peakResidentMiB())) }
    var textsByLength: [Int: [String]] = [:]
    for length in lengthList {
      textsByLength[length] = BenchTexts.make(count: chunks, tokens: length, tokenizer: probe.tokenizer)
    }
    if let writeTexts {
      let payload = lengthList.map { ["tokens": $0, "texts": textsByLength[$0] ?? []] as [String: Any] }
      try JSONSerialization.data(withJSONObject: payload, options: [.prettyPrinted])
        .write(to: URL(fileURLWithPath: writeTexts))
      if !json { print("texts written to \(writeTexts)") }
    }
    var results: [[String: Any]] = []
    for length in lengthList {
      let texts = textsByLength[length] ?? []
      let tokenizeSeconds = BenchMeasurement.seconds { _ = texts.map(probe.tokenizer.encode) }
      if !json {
        print(String(format: "len=%d tokenize-only: %.0f chunks/s (single thread)", length, Double(texts.count) / tokenizeSeconds))
      }
      for threadCount in threadList {
        for strategy in strategies where threadCount > 1 || strategy == .acrossBatches {
          let model = try MiniLMModel(
            directory: directory,
            options: InferenceOptions(threads: threadCount, parallelism: strategy, maxBatchTokens: maxBatchTokens))
          _ = try model.embed(texts)  // warm-up: workspaces, page faults, BLAS buffers
          var samples: [Double] = []
          var cpuSamples: [Double] = []
          for _ in 0..<runs {
            let cpuBefore = BenchMeasurement.processCPUSeconds()
            samples.append(try BenchMeasurement.seconds { _ = try model.embed(texts) })
            cpuSamples.append(BenchMeasurement.processCPUSeconds() - cpuBefore)
          }
          let median = BenchMeasurement.median(samples)
          let name = strategy == .acrossBatches ? "across" : "inside"
          results.append([
            "tokens": length, "threads": threadCount, "parallelism": name,
            "chunks_per_s": Double(texts.count) / median, "tokens_per_s": Double(texts.count * length) / median,
            "median_s": median, "cpu_s": BenchMeasurement.median(cpuSamples), "runs_s": samples,
          ])
          if !json {
            print(
              String(
                format: "swift len=%d threads=%d parallelism=%@ chunks/s=%.1f tokens/s=%.0f median=%.4fs cpu=%.4fs runs=%@",
                length, threadCount, name, Double(texts.count) / median, Double(texts.count * length) / median, median,
                BenchMeasurement.median(cpuSamples), samples.map { String(format: "%.4f", $0) }.joined(separator: ",")))
          }
        }
      }
    }
    if json {
      try printJSON(["configurations": results, "peak_rss_mib": BenchMeasurement.peakResidentMiB(), "chunks": chunks, "runs": runs])
    } else {
      print(String(format: "peak RSS %.1f MiB", BenchMeasurement.peakResidentMiB()))
    }
  }

  private func integers(_ text: String, _ flag: String) throws -> [Int] {
    let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else {
      throw ValidationError("\(flag) takes positive integers separated by commas")
    }
    return values.compactMap { $0 }
  }
}
