import ArgumentParser
import Foundation
import MetadataStore
import SearchCore
import SearchEngine

/// `sextant bench cache PATH`: how fast the result cache answers, and how much of it survives
/// a one-function edit.
struct BenchCache: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cache",
    abstract: "Result-cache latency and the share of cached answers that survive one-function edits.",
    discussion: """
      Queries are drawn (fixed seed) from the workspace's symbol names, split into words \
      ("retryFailedUpload" asks "retry failed upload"). Each is asked once (computed, the \
      baseline) and again (from the cache). Then, per trial, the cache is warmed with every \
      query, one function drawn at random gets a comment line inserted (as editor text, the \
      file on disk is untouched), and the entries kept and dropped are counted; every kept \
      answer is compared with a fresh search, and the function is restored.
      """)

  @Argument(help: "An indexed workspace (with a model, for hybrid queries).") var path: String
  @Option(name: .long, help: "How many queries.") var queries = 200
  @Option(name: .long, help: "How many one-function edits.") var edits = 20
  @Option(name: .long, help: "Results per query.") var limit = 10
  @Option(name: .long, help: "Ranking of the queries.") var mode: String = SearchMode.hybrid.rawValue
  @Option(name: .long, help: "Seed for drawing queries and functions.") var seed: UInt64 = 42
  @Flag(name: .long, help: "Print the figures as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    let searchMode = try validated { try RequestValidation.mode(mode, default: .hybrid) }
    let engine = try openIndexed(path, indexOptions, needsModel: searchMode != .lexical)
    defer { engine.shutdown() }
    let symbols = engine.allSymbols()
    guard !symbols.isEmpty else { throw ValidationError("the index of \(path) has no symbols") }
    var generator = SeededGenerator(seed: seed)
    let texts = (0..<queries).map { _ -> String in
      let name = symbols[Int(generator.next() % UInt64(symbols.count))].symbol.name
      return IdentifierSplitter.split(identifier: name.unicodeScalars).joined(separator: " ")
    }
    let requests = texts.map { SearchRequest(text: $0, limit: limit, mode: searchMode) }
    func timed(_ request: SearchRequest) throws -> ([CodeMatch], Double) {
      let start = ContinuousClock.now
      let hits = try engine.search(request.text, limit: request.limit, mode: request.mode)
      return (hits, (ContinuousClock.now - start).seconds * 1e6)
    }
    var computed: [Double] = []
    var cached: [Double] = []
    for request in requests { computed.append(try timed(request).1) }
    for request in requests { cached.append(try timed(request).1) }

    let functions = symbols.filter { [.function, .method].contains($0.symbol.kind) && $0.symbol.span.end.line > $0.symbol.span.start.line + 1 }
    guard !functions.isEmpty else { throw ValidationError("no multi-line functions to edit") }
    var keptFractions: [Double] = []
    var stale = 0
    var keptTotal = 0
    for _ in 0..<edits {
      for request in requests { _ = try engine.search(request.text, limit: request.limit, mode: request.mode) }
      let target = functions[Int(generator.next() % UInt64(functions.count))]
      let file = target.root.appendingPathComponent(target.path).path
      let original = try String(contentsOfFile: file, encoding: .utf8)
      var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let line = min(target.symbol.span.start.line + 1, lines.count)
      let comment = ["py", "rb", "sh", "pl", "r"].contains((target.path as NSString).pathExtension.lowercased()) ? "#" : "//"
      lines.insert("\(comment) revisit the handling here", at: line)
      let before = engine.resultCache.currentStatistics
      try engine.updateFile(absolutePath: file, text: lines.joined(separator: "\n"))
      let after = engine.resultCache.currentStatistics
      let kept = after.keptAfterEdits - before.keptAfterEdits
      let dropped = after.invalidatedByEdits - before.invalidatedByEdits
      keptFractions.append(kept + dropped == 0 ? 1 : Double(kept) / Double(kept + dropped))
      // Every kept answer must equal a fresh one.
      let answers = try requests.map { try engine.search($0.text, limit: $0.limit, mode: $0.mode) }
      engine.resultCache.removeAll()
      for (request, answer) in zip(requests, answers) {
        let fresh = try engine.search(request.text, limit: request.limit, mode: request.mode)
        if fresh.map(\.chunk.id) != answer.map(\.chunk.id) { stale += 1 }
      }
      keptTotal += kept
      try engine.updateFile(absolutePath: file, text: original)
      engine.resultCache.removeAll()
    }
    let keptMedian = percentile(keptFractions, 0.5)
    let keptMean = keptFractions.reduce(0, +) / Double(max(keptFractions.count, 1))
    let report: [String: Any] = [
      "queries": queries, "mode": mode, "limit": limit, "chunks": try engine.status().reduce(0) { $0 + $1.statistics.chunks },
      "computed_p50_us": percentile(computed, 0.5), "cached_p50_us": percentile(cached, 0.5),
      "cached_p99_us": percentile(cached, 0.99), "cached_to_computed_p50": percentile(cached, 0.5) / max(percentile(computed, 0.5), 1e-9),
      "edits": edits, "kept_fraction_median": keptMedian, "kept_fraction_mean": keptMean,
      "kept_answers_checked": keptTotal, "answers_differing_from_fresh": stale,
    ]
    if json {
      try printJSON(report)
      return
    }
    print("queries:           \(queries) (\(mode), limit \(limit)) over \(report["chunks"] ?? 0) chunks")
    print(String(format: "computed p50:      %.1f µs (baseline, same run)", percentile(computed, 0.5)))
    print(String(format: "cached p50/p99:    %.1f / %.1f µs", percentile(cached, 0.5), percentile(cached, 0.99)))
    print(String(format: "kept after an edit: median %.1f%%, mean %.1f%% of cached answers (%d edits)", keptMedian * 100, keptMean * 100, edits))
    print("answers after edits differing from a fresh search: \(stale) of \(queries * edits)")
  }
}
