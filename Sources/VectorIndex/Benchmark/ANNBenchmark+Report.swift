import Foundation

extension ANNBenchmark.Measurement {
  /// One human-readable line per setting.
  package var summaryLine: String {
    func percent(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "  -  " }
    return String(
      format:
        "%@ nprobe=%-4d refine=%-3d R@1=%@ R@10=%@ R@100=%@ qps=%8.0f p50=%.3fms p99=%.3fms cpu=%.1fus index=%.1fMB (%.3f of raw)",
      spec, nprobe, refineFactor, percent(recallAt1), percent(recallAt10), percent(recallAt100), queriesPerSecond,
      p50Milliseconds, p99Milliseconds, cpuMicrosecondsPerQuery, Double(indexBytes) / 1_048_576,
      Double(indexBytes) / Double(max(rawBytes, 1)))
  }

  /// The JSON object `ann_compare.py` reads; keys are fixed, numbers plain, missing values null.
  package var jsonObject: String {
    func number(_ value: Double?) -> String {
      guard let value, value.isFinite else { return "null" }
      return String(format: "%.6g", value)
    }
    func memory(_ prefix: String, _ value: ResidentMemory?) -> String {
      guard let value else { return "\"\(prefix)_rss_kb\": null, \"\(prefix)_rss_anon_kb\": null" }
      return "\"\(prefix)_rss_kb\": \(value.residentKiB), \"\(prefix)_rss_anon_kb\": \(value.anonymousKiB)"
    }
    let escapedSpec = spec.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    let fields = [
      "\"spec\": \"\(escapedSpec)\"",
      "\"nprobe\": \(nprobe)",
      "\"refine\": \(refineFactor)",
      "\"k\": \(k)",
      "\"n\": \(baseCount)",
      "\"dimension\": \(dimension)",
      "\"build_s\": \(number(buildSeconds))",
      "\"index_bytes\": \(indexBytes)",
      "\"raw_bytes\": \(rawBytes)",
      "\"recall_at_1\": \(number(recallAt1))",
      "\"recall_at_10\": \(number(recallAt10))",
      "\"recall_at_100\": \(number(recallAt100))",
      "\"qps\": \(number(queriesPerSecond))",
      "\"p50_ms\": \(number(p50Milliseconds))",
      "\"p99_ms\": \(number(p99Milliseconds))",
      "\"cpu_us_per_query\": \(number(cpuMicrosecondsPerQuery))",
      memory("before_load", memoryBeforeLoad),
      memory("after_build", memoryAfterBuild),
      memory("after_query", memoryAfterQueries),
      "\"peak_rss_kb\": \(memoryAfterQueries.map { String($0.peakKiB) } ?? "null")",
    ]
    return "{" + fields.joined(separator: ", ") + "}"
  }
}

extension ANNBenchmark {
  /// A JSON array of one object per measured setting.
  package static func json(_ measurements: [Measurement]) -> String {
    "[\n" + measurements.map { "  " + $0.jsonObject }.joined(separator: ",\n") + "\n]"
  }
}
