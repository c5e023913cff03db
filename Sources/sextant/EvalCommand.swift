import ArgumentParser
import Foundation
import SearchEngine

/// `sextant eval PATH`: how well search finds code in this workspace, measured.
struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure search quality on a workspace: MRR@10, recall@1 and recall@10 per mode and ranking.",
    discussion: """
      Without --queries the evaluation is built from the workspace itself, as CodeSearchNet \
      was: each documented function or method (tests, dunder methods, bodies under 3 lines, \
      TODO/deprecation notes, sentences outside 4-40 words or found twice left out) gives a \
      query, the first sentence of its documentation in plain words; the answer is the \
      function. A seeded sample is searched in a copy of the workspace in which only the \
      sampled doc comments are blanked, indexed beside it (kept under --work-dir between runs, \
      seeded with the workspace's own cached embeddings).

      With --queries FILE (JSON lines {"query": "...", "path": "relative/file", "line": N}, \
      optional "end_line") the workspace's own index answers them.

      A hit is right when its chunk overlaps the answer's lines and at least half of the \
      chunk is the answer (any chunk holding a one-line answer). Latency is per search, with \
      the query's embedding computed beforehand.
      """)

  @Argument(help: "The workspace folder.") var path: String
  @Option(name: .long, help: "How many generated queries to sample.") var sample: Int = 500
  @Option(name: .long, help: "Seed of the sample.") var seed: UInt64 = 1
  @Option(name: .long, help: "Your own queries as JSON lines {query, path, line} instead of generated ones.")
  var queries: String?
  @Option(name: .long, help: "Where the doc-stripped copy and its index are kept (default: the per-user cache).")
  var workDir: String?
  @Option(
    name: .customLong("ranking"),
    help: ArgumentHelp(
      "A ranking to score (repeatable): a name (\(RankingOptions.all.map(\.name).joined(separator: ", "))), optionally followed by changes, e.g. rrf,k=30,tests=0.5 (default: \(RankingOptions.standard.name)).",
      discussion: "Keys: fusion=rrf|blend, k, semantic, lexical, identifier=SEMANTIC:LEXICAL|none, tests, prose, fields=NAME:CONTAINER:PATH:IDENTIFIERS:TEXT, stopwords=on|off, fill=on|off, names."))
  var rankings: [String] = []
  @Option(name: .customLong("mode"), help: "Only these modes (repeatable): lexical, semantic, hybrid.")
  var modes: [String] = []
  @Option(name: .long, help: "Write the evaluation's queries as JSON lines to this file.")
  var saveQueries: String?
  @Option(name: .long, help: "Write each query's outcome as JSON lines to this file: the rank of its answer per mode and ranking, and what came first instead.")
  var details: String?
  @Flag(name: .long, help: "Print the report as JSON.") var json = false
  @Flag(name: [.short, .long], help: "No progress on stderr.") var quiet = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    let root = try workspaceURL(path)
    var options = WorkspaceEvaluation.Options()
    guard sample > 0 else { throw ValidationError("--sample must be positive") }
    options.sampleSize = sample
    options.seed = seed
    options.workDirectory = workDir.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
    if let queries {
      let text = queries == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : try String(contentsOfFile: queries, encoding: .utf8)
      do {
        options.userQueries = try EvaluationQuery.parseLines(text)
      } catch {
        throw ValidationError("\(queries): \(error)")
      }
      guard options.userQueries?.isEmpty == false else { throw ValidationError("\(queries) holds no query") }
    }
    if !rankings.isEmpty {
      options.rankings = try rankings.map { text in
        do {
          return try RankingOptions.parse(text)
        } catch {
          throw ValidationError("--ranking \(text): \(error)")
        }
      }
    }
    if !modes.isEmpty {
      options.modes = try modes.map { name in try validated { try RequestValidation.mode(name, default: .hybrid) } }
    }
    let configuration = try indexOptions.configuration(
      root: root, needsModel: try indexOptions.modelChoice(root: root) != .none)
    let bar = ProgressBar(quiet: quiet)
    let report: WorkspaceEvaluation.Report
    do {
      report = try WorkspaceEvaluation.run(
        workspace: root, configuration: configuration, options: options, progress: bar.update,
        log: { message in
          if !quiet { printError("eval: \(message)") }
        })
    } catch {
      bar.finish()
      throw error
    }
    bar.finish()
    if let saveQueries {
      try writeJSONLines(
        report.queries.map { query -> [String: Any] in
          [
            "query": query.query, "path": query.path, "line": query.firstLine + 1, "end_line": query.lastLine + 1,
            "symbol": query.symbol as Any,
          ]
        }, toFile: saveQueries)
    }
    if let details {
      let records = report.queries.enumerated().map { position, query -> [String: Any] in
        var outcomes: [String: Any] = [:]
        for score in report.scores where position < score.ranks.count {
          outcomes["\(score.mode) \(score.ranking)"] = [
            "rank": score.ranks[position] as Any, "first": score.firstHits[position] as Any,
          ]
        }
        return [
          "query": query.query, "path": query.path, "line": query.firstLine + 1, "symbol": query.symbol as Any,
          "outcomes": outcomes,
        ]
      }
      try writeJSONLines(records, toFile: details)
    }
    if json {
      try printJSON([
        "workspace": report.workspace, "searched": report.searched, "index_dir": report.indexDirectory,
        "documented": report.documented as Any, "rejected": report.rejected, "queries": report.queries.count,
        "embeddings_imported": report.embeddingsImported,
        "index_seconds": report.index?.seconds as Any, "chunks_embedded": report.index?.chunksEmbedded as Any,
        "results": try jsonObject(report.scores),
      ])
      return
    }
    print("evaluated \(report.workspace)")
    if let documented = report.documented {
      print("  queries:   \(report.queries.count) sampled of \(documented) documented functions (left out: \(WorkspaceEvaluation.describe(report.rejected)))")
      print("  searched:  \(report.searched) (doc comments of the sampled functions blanked)")
    } else {
      print("  queries:   \(report.queries.count) from \(queries ?? "")")
    }
    print("  index:     \(report.indexDirectory)")
    print("")
    let width = max(20, report.scores.map(\.ranking.count).max() ?? 0)
    print("  mode      " + "ranking".padding(toLength: width, withPad: " ", startingAt: 0) + "  MRR@10   R@1    R@10   p50 ms  p99 ms")
    for score in report.scores {
      let figures = String(
        format: "%6.3f  %5.3f  %5.3f  %6.2f  %6.2f", score.mrrAt10, score.recallAt1, score.recallAt10,
        score.p50Milliseconds, score.p99Milliseconds)
      print("  " + score.mode.padding(toLength: 9, withPad: " ", startingAt: 0) + " "
        + score.ranking.padding(toLength: width, withPad: " ", startingAt: 0) + " " + figures)
    }
  }
}
