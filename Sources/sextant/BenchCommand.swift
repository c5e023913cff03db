import ArgumentParser
import Foundation
import Synchronization
import SearchEngine

/// `sextant bench …`: measured figures, run on purpose (never as timed tests).
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure the engine on a real index and report medians and percentiles.",
    subcommands: [BenchSymbols.self, BenchEmbed.self, BenchStorage.self, BenchCache.self, BenchANN.self, BenchHistory.self, BenchIncremental.self, BenchSimilar.self])
}

/// `sextant bench symbols PATH`: `workspace/symbol` latency over a workspace's real symbols.
struct BenchSymbols: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "symbols",
    abstract: "Latency of fuzzy symbol queries (p50/p95/p99) against the index of PATH.",
    discussion: """
      Queries are drawn (with a fixed seed) from the indexed names themselves: 3-letter prefixes, \
      camelCase hump initials, scattered subsequences and whole lower-cased names, so every run \
      on the same index asks the same questions. As a baseline measured in the same run, each \
      query is also answered by a plain case-insensitive substring scan over all names \
      (pre-lowered UTF-8 bytes, stopping at the limit): the cheapest scan that finds anything. \
      The first query's time, which builds the in-memory name index, is reported apart.

      With --during-index, the same queries are then asked again and again while a full \
      re-index of the workspace runs in the same process (every file read, chunked and \
      committed again, as after a change of chunking rules; vectors are kept): the latency a \
      user sees while a bulk run is going, against the idle figures of the same run.
      """)

  @Argument(help: "An indexed workspace (run `sextant index PATH` first).") var path: String
  @Option(name: .long, help: "How many queries to time.") var queries: Int = 2000
  @Option(name: .long, help: "Results per query (as workspace/symbol's default).") var limit: Int = 100
  @Option(name: .long, help: "Seed for drawing queries.") var seed: UInt64 = 42
  @Flag(name: .long, help: "Also time the queries while a full re-index runs.") var duringIndex = false
  @Flag(name: .long, help: "Print the figures as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    guard queries > 0 else { throw ValidationError("--queries must be positive") }
    let engine = try openIndexed(path, indexOptions, needsModel: false)
    defer { engine.shutdown() }
    // The first query builds the in-memory name index from the catalog's symbols.
    let buildStart = ContinuousClock.now
    _ = engine.symbols(matching: "warm", limit: limit)
    let buildSeconds = (ContinuousClock.now - buildStart).seconds
    let names = engine.allSymbolNames()
    guard !names.isEmpty else { throw ValidationError("the index of \(path) has no symbols") }

    var generator = SeededGenerator(seed: seed)
    let drawn = (0..<queries).map { index in BenchQueries.make(from: names[Int(generator.next() % UInt64(names.count))], style: index % 4) }

    var fuzzy: [Double] = []
    var resultCounts = 0
    for query in drawn {
      let start = ContinuousClock.now
      resultCounts += engine.workspaceSymbols(matching: query, limit: limit).count
      fuzzy.append((ContinuousClock.now - start).seconds * 1000)
    }
    let lowered = names.map { Array($0.lowercased().utf8) }
    var baseline: [Double] = []
    var baselineHits = 0
    for query in drawn {
      let start = ContinuousClock.now
      baselineHits += BenchQueries.substringMatches(Array(query.lowercased().utf8), in: lowered, limit: limit)
      baseline.append((ContinuousClock.now - start).seconds * 1000)
    }
    let during = duringIndex ? try Self.timeDuringIndex(engine: engine, queries: drawn, limit: limit) : nil
    var report: [String: Any] = [
      "symbols": names.count, "queries": queries, "limit": limit,
      "first_query_ms": buildSeconds * 1000,
      "p50_ms": percentile(fuzzy, 0.5), "p95_ms": percentile(fuzzy, 0.95), "p99_ms": percentile(fuzzy, 0.99),
      "mean_results": Double(resultCounts) / Double(queries),
      "baseline_substring_p50_ms": percentile(baseline, 0.5),
      "baseline_substring_mean_results": Double(baselineHits) / Double(queries),
      "p50_ratio_to_baseline": percentile(fuzzy, 0.5) / max(percentile(baseline, 0.5), 1e-9),
    ]
    if let during {
      report["during_index_queries"] = during.latencies.count
      report["during_index_seconds"] = during.seconds
      report["during_index_p50_ms"] = percentile(during.latencies, 0.5)
      report["during_index_p99_ms"] = percentile(during.latencies, 0.99)
      report["during_index_max_ms"] = during.latencies.max() ?? 0
    }
    if json {
      try printJSON(report)
    } else {
      print("symbols:            \(names.count)")
      print("queries:            \(queries) (limit \(limit))")
      print(String(format: "first query:        %.1f ms (builds the name index)", buildSeconds * 1000))
      print(String(format: "fuzzy p50/p95/p99:  %.3f / %.3f / %.3f ms", percentile(fuzzy, 0.5), percentile(fuzzy, 0.95), percentile(fuzzy, 0.99)))
      print(String(format: "substring scan p50: %.3f ms (baseline, same run)", percentile(baseline, 0.5)))
      print(String(format: "ratio p50:          %.2f× the baseline", percentile(fuzzy, 0.5) / max(percentile(baseline, 0.5), 1e-9)))
      if let during {
        print(
          String(
            format: "during a re-index:  p50 %.3f ms, p99 %.3f ms, max %.1f ms over %d queries in %.1f s (p99 %.1f× idle)",
            percentile(during.latencies, 0.5), percentile(during.latencies, 0.99), during.latencies.max() ?? 0,
            during.latencies.count, during.seconds, percentile(during.latencies, 0.99) / max(percentile(fuzzy, 0.99), 1e-9)))
      }
    }
  }

  /// Asks `queries` in turn, over and over, while a full re-index runs on another thread.
  static func timeDuringIndex(engine: SearchEngine, queries: [String], limit: Int) throws -> (latencies: [Double], seconds: Double) {
    try engine.forgetFileStates()
    let done = Mutex<Result<Void, any Error>?>(nil)
    let started = ContinuousClock.now
    let thread = Thread {
      let outcome = Result { _ = try engine.indexAll() }
      done.withLock { $0 = outcome }
    }
    thread.start()
    var latencies: [Double] = []
    var position = 0
    while done.withLock({ $0 == nil }) {
      let query = queries[position % queries.count]
      position += 1
      let start = ContinuousClock.now
      _ = engine.workspaceSymbols(matching: query, limit: limit)
      latencies.append((ContinuousClock.now - start).seconds * 1000)
    }
    let seconds = (ContinuousClock.now - started).seconds
    if case .failure(let error) = done.withLock({ $0 }) { throw error }
    return (latencies, seconds)
  }
}

/// How benchmark queries are derived from real names.
enum BenchQueries {
  /// Counts names containing `needle` (bytes), up to `limit`: the baseline scan.
  static func substringMatches(_ needle: [UInt8], in names: [[UInt8]], limit: Int) -> Int {
    guard let first = needle.first else { return min(limit, names.count) }
    var found = 0
    for name in names where name.count >= needle.count {
      var start = 0
      while start + needle.count <= name.count {
        if name[start] == first && name[start..<start + needle.count].elementsEqual(needle) {
          found += 1
          break
        }
        start += 1
      }
      if found == limit { break }
    }
    return found
  }

  static func make(from name: String, style: Int) -> String {
    let characters = Array(name)
    switch style {
    case 0:
      return String(characters.prefix(3))
    case 1:
      let humps = characters.enumerated().filter { index, character in
        index == 0 || character.isUppercase || (index > 0 && characters[index - 1] == "_")
      }.map(\.element)
      return humps.count >= 2 ? String(humps.prefix(4)) : String(characters.prefix(2))
    case 2:
      return String(characters.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).prefix(5))
    default:
      return name.lowercased()
    }
  }
}

/// SplitMix64: a small deterministic generator so benchmark queries repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

func percentile(_ values: [Double], _ p: Double) -> Double {
  guard !values.isEmpty else { return 0 }
  let sorted = values.sorted()
  let rank = min(sorted.count - 1, max(0, Int((p * Double(sorted.count - 1)).rounded())))
  return sorted[rank]
}
