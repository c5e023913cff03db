import Foundation
import NeuralInference

// minilm-bench: throughput of the pure-Swift MiniLM forward pass at fixed input lengths, per
// thread count and parallelism strategy. See BenchOptions.usage.

func log(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

let options: BenchOptions
do {
  options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
  log(error.description)
  exit(2)
}

do {
  let probe = try MiniLMModel(
    directory: options.modelDirectory, options: InferenceOptions(threads: 1))
  print(String(format: "model loaded, RSS peak %.1f MiB", BenchMeasurement.peakResidentMiB()))
  var textsByLength: [Int: [String]] = [:]
  for length in options.lengths {
    textsByLength[length] = BenchTexts.make(
      count: options.chunks, tokens: length, tokenizer: probe.tokenizer)
  }
  if let output = options.textsOutput {
    let payload = options.lengths.map {
      ["tokens": $0, "texts": textsByLength[$0] ?? []] as [String: Any]
    }
    try JSONSerialization.data(withJSONObject: payload, options: [.prettyPrinted])
      .write(to: output)
    print("texts written to \(output.path)")
  }

  for length in options.lengths {
    let texts = textsByLength[length] ?? []
    let tokenizeSeconds = BenchMeasurement.seconds { _ = texts.map(probe.tokenizer.encode) }
    print(
      String(
        format: "len=%d tokenize-only: %.0f chunks/s (single thread)", length,
        Double(texts.count) / tokenizeSeconds))
    for threads in options.threads {
      for parallelism in options.parallelisms where threads > 1 || parallelism == .acrossBatches {
        let model = try MiniLMModel(
          directory: options.modelDirectory,
          options: InferenceOptions(
            threads: threads, parallelism: parallelism, maxBatchTokens: options.maxBatchTokens))
        _ = try model.embed(texts)  // warm-up: workspaces, page faults, BLAS buffers
        var samples: [Double] = []
        var cpuSamples: [Double] = []
        for _ in 0..<options.runs {
          let cpuBefore = BenchMeasurement.processCPUSeconds()
          samples.append(try BenchMeasurement.seconds { _ = try model.embed(texts) })
          cpuSamples.append(BenchMeasurement.processCPUSeconds() - cpuBefore)
        }
        let median = BenchMeasurement.median(samples)
        let name = parallelism == .acrossBatches ? "across" : "inside"
        print(
          String(
            format:
              "swift len=%d threads=%d parallelism=%@ chunks/s=%.1f tokens/s=%.0f median=%.4fs cpu=%.4fs runs=%@",
            length, threads, name, Double(texts.count) / median,
            Double(texts.count * length) / median, median, BenchMeasurement.median(cpuSamples),
            samples.map { String(format: "%.4f", $0) }.joined(separator: ",")))
      }
    }
  }
  print(String(format: "peak RSS %.1f MiB", BenchMeasurement.peakResidentMiB()))
} catch {
  log("minilm-bench: \(error.localizedDescription)")
  exit(1)
}
