import ArgumentParser
import Embedding
import Foundation
import SearchEngine

/// `sextant bench similar PATH`: find-similar latency on declarations of a real index.
struct BenchSimilar: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "similar",
    abstract: "Latency of find-similar on indexed declarations (p50/p95/p99), and the model calls it made.",
    discussion: """
      Targets are drawn (with a fixed seed) from the index's own declarations, so every run \
      on the same index asks the same questions. Each is answered as `sextant/findSimilar` \
      with a position answers it: the declaration is found, its stored vector read (a call \
      to the model is counted, and an unchanged declaration should need none) and the nearest \
      chunks returned. As a baseline measured in the same run, each declaration's name is \
      asked as a semantic search whose query vector is already cached: the same \
      nearest-neighbour search and catalog reads without the target lookup. The first \
      answer, which maps the index, is reported apart.
      """)

  @Argument(help: "An indexed workspace (run `sextant index PATH` first).") var path: String
  @Option(name: .long, help: "How many declarations to time.") var queries: Int = 500
  @Option(name: .long, help: "Results per query (as sextant/findSimilar's default).") var limit: Int = 20
  @Option(name: .long, help: "Seed for drawing declarations.") var seed: UInt64 = 42
  @Flag(name: .long, help: "Print the figures as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    guard queries > 0, limit > 0 else { throw ValidationError("--queries and --limit must be positive") }
    var configuration = try indexOptions.configuration(root: try workspaceURL(path))
    guard let model = configuration.embedder else { throw ValidationError("find-similar needs a model (--model)") }
    let counting = CountingEmbedder(model)
    configuration.embedder = counting
    let engine = SearchEngine(configuration: configuration)
    try engine.open(folders: [try workspaceURL(path)])
    defer { engine.shutdown() }
    let declarations = try engine.declarationTargets()
    guard !declarations.isEmpty else { throw ValidationError("the index of \(path) has no declarations") }
    let chunkCount = try engine.status().reduce(0) { $0 + $1.statistics.chunks }

    var generator = SeededGenerator(seed: seed)
    let drawn = (0..<queries).map { _ in declarations[Int(generator.next() % UInt64(declarations.count))] }
    let firstStart = ContinuousClock.now
    _ = try engine.similar(to: .declaration(absolutePath: drawn[0].absolutePath, line: drawn[0].line), limit: limit)
    let firstMilliseconds = (ContinuousClock.now - firstStart).seconds * 1000
    let callsBefore = counting.texts
    var latencies: [Double] = []
    var answered = 0
    for target in drawn {
      let start = ContinuousClock.now
      let hits = try engine.similar(to: .declaration(absolutePath: target.absolutePath, line: target.line), limit: limit)
      latencies.append((ContinuousClock.now - start).seconds * 1000)
      if !hits.isEmpty { answered += 1 }
    }
    let modelTexts = counting.texts - callsBefore

    // Baseline: the same nearest-neighbour search and joins for a query vector already cached.
    // At most 200 distinct texts, so that all stay in the query-vector cache (256).
    var distinct: [String] = []
    for target in drawn where distinct.count < 200 {
      let name = URL(fileURLWithPath: target.absolutePath).deletingPathExtension().lastPathComponent
      if !distinct.contains(name) { distinct.append(name) }
    }
    let names = (0..<queries).map { distinct[$0 % distinct.count] }
    for name in distinct { _ = try engine.search(name, limit: limit, mode: .semantic) }
    let baselineCallsBefore = counting.texts
    var baseline: [Double] = []
    for name in names {
      engine.resultCache.removeAll()
      let start = ContinuousClock.now
      _ = try engine.search(name, limit: limit, mode: .semantic)
      baseline.append((ContinuousClock.now - start).seconds * 1000)
    }
    guard counting.texts == baselineCallsBefore else {
      throw ValidationError("the baseline called the model: its query vectors were not all cached")
    }
    let p50 = percentile(latencies, 0.5)
    let report: [String: Any] = [
      "chunks": chunkCount, "declarations": declarations.count, "queries": queries, "limit": limit,
      "first_query_ms": firstMilliseconds, "p50_ms": p50, "p95_ms": percentile(latencies, 0.95),
      "p99_ms": percentile(latencies, 0.99), "answered": answered, "model_texts": modelTexts,
      "baseline_semantic_search_p50_ms": percentile(baseline, 0.5),
      "p50_ratio_to_baseline": p50 / max(percentile(baseline, 0.5), 1e-9),
    ]
    if json {
      try printJSON(report)
      return
    }
    print("chunks:             \(chunkCount) (\(declarations.count) declarations)")
    print("queries:            \(queries) (limit \(limit)), \(answered) with results")
    print(String(format: "first query:        %.1f ms", firstMilliseconds))
    print(
      String(
        format: "findSimilar p50/p95/p99: %.3f / %.3f / %.3f ms", p50, percentile(latencies, 0.95),
        percentile(latencies, 0.99)))
    print("model calls:        \(modelTexts) texts embedded for \(queries) declarations")
    print(String(format: "semantic search p50: %.3f ms (baseline, cached query vector, same run)", percentile(baseline, 0.5)))
    print(String(format: "ratio p50:          %.2f× the baseline", p50 / max(percentile(baseline, 0.5), 1e-9)))
  }
}
