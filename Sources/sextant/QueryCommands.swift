import ArgumentParser
import Foundation
import SearchCore
import SearchEngine

/// `sextant symbols PATH QUERY`: fuzzy symbol lookup, as `workspace/symbol` answers it.
struct Symbols: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find symbols by fuzzy name in an indexed workspace.",
    discussion: """
      A name, or part of it, is matched fuzzily (prefixes, camelCase humps, subsequences; \
      `Outer.name` narrows by container). A phrase of several words ("parse config file") \
      also finds the declarations it describes by meaning, fused with the name matches by \
      reciprocal rank, with symbols named by the words themselves (parse_config_file) on top.
      """)

  @Argument(help: "The workspace folder.") var path: String
  @Argument(help: "A name or part of it, or a phrase of several words.") var query: String
  @Option(name: .long, help: "The most results.") var limit: Int = 20
  @Flag(name: .long, help: "Print results as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    // A name needs no model; a phrase does, for its semantic half.
    let engine = try openIndexed(path, indexOptions, needsModel: SearchEngine.isPhrase(query))
    defer { engine.shutdown() }
    let hits = engine.workspaceSymbols(matching: query, limit: limit)
    if json {
      try printJSON(
        hits.map { hit -> [String: Any] in
          [
            "name": hit.symbol.name, "kind": hit.symbol.kind.name, "container": hit.symbol.container as Any,
            "path": hit.path, "line": hit.symbol.nameSpan.start.line + 1,
            "column": hit.symbol.nameSpan.start.column + 1, "end_line": hit.symbol.span.end.line + 1,
            "signature": hit.symbol.signature as Any, "score": hit.score,
          ]
        })
      return
    }
    for hit in hits {
      let qualified = hit.symbol.qualifiedName
      print("\(hit.path):\(hit.symbol.nameSpan.start.line + 1):\(hit.symbol.nameSpan.start.column + 1)\t\(hit.symbol.kind.name)\t\(qualified)")
    }
  }
}

/// `sextant search PATH QUERY`: ranked chunks.
struct Search: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Search an indexed workspace; prints ranked chunks.",
    discussion: """
      With --queries FILE (one query per line, `-` for standard input) every query is answered \
      in one call, the queries that need embedding in one model batch, and each answer is \
      printed as one line of JSON: {"query": …, "results": [...]}.
      """)

  @Argument(help: "The workspace folder.") var path: String
  @Argument(help: "What to look for, in words or identifiers.") var query: String?
  @Option(name: .long, help: "The most results.") var limit: Int = 10
  @Option(
    name: .long,
    help: "Ranking: \(SearchMode.allCases.map(\.rawValue).joined(separator: ", ")) (default: hybrid with a model, else lexical).")
  var mode: String?
  @Option(name: .customLong("path"), help: "Only files matching this git-style glob (repeatable): *.swift, Sources/**.")
  var paths: [String] = []
  @Option(name: .customLong("language"), help: "Only chunks in this language (repeatable): Swift, Python, …")
  var languages: [String] = []
  @Option(name: .customLong("kind"), help: "Only symbols of this kind (repeatable): function, method, class, struct, …")
  var kinds: [String] = []
  @Option(name: .long, help: "Answer every query in this file (one per line; - for stdin) as JSON lines.")
  var queries: String?
  @Flag(name: .long, help: "Print results as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    let (limit, filters) = try validated {
      (
        try RequestValidation.limit(self.limit, default: 10),
        try RequestValidation.filters(paths: paths, languages: languages, kinds: kinds)
      )
    }
    let texts: [String]
    if let queries {
      let contents = queries == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : try String(contentsOfFile: queries, encoding: .utf8)
      texts = contents.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
    } else if let query {
      texts = [query]
    } else {
      throw ValidationError("give a QUERY or --queries FILE")
    }
    let engine = try openIndexed(path, indexOptions)
    defer { engine.shutdown() }
    let requests = try validated {
      let searchMode = try RequestValidation.mode(mode, default: engine.defaultSearchMode)
      return try texts.map { SearchRequest(text: try RequestValidation.query($0), limit: limit, mode: searchMode, filters: filters) }
    }
    let answers = try engine.search(batch: requests)
    if queries != nil {
      for (text, hits) in zip(texts, answers) {
        print(try jsonLine(["query": text, "results": hits.map(Self.jsonObject)]))
      }
      return
    }
    let hits = answers.first ?? []
    if json {
      try printJSON(hits.map(Self.jsonObject))
      return
    }
    Self.printHits(hits)
  }

  /// Ranked hits as lines a person reads: rank, place, identity, scores, a short snippet.
  static func printHits(_ hits: [CodeMatch]) {
    for (rank, hit) in hits.enumerated() {
      let span = hit.chunk.span
      var parts = [String(format: "score %.2f", hit.score)]
      if let similarity = hit.similarity { parts.append(String(format: "cosine %.2f", similarity)) }
      if let keyword = hit.keywordScore { parts.append(String(format: "bm25 %.1f", keyword)) }
      print(
        "\(String(format: "%2d", rank + 1)). \(hit.chunk.id.path):\(span.start.line + 1)-\(span.end.line + 1)  "
          + "\(hit.chunk.id.description)  (\(parts.joined(separator: ", ")))")
      for line in hit.snippet(maxLines: 3).split(separator: "\n", omittingEmptySubsequences: false) {
        print("      \(line)")
      }
    }
  }

  static func jsonObject(_ hit: CodeMatch) -> [String: Any] {
    [
      "path": hit.chunk.id.path, "id": hit.chunk.id.description, "name": hit.chunk.id.name,
      "kind": hit.chunk.kind?.name as Any, "container": hit.chunk.id.container as Any,
      "language": hit.chunk.language as Any,
      "start_line": hit.chunk.span.start.line + 1, "end_line": hit.chunk.span.end.line + 1,
      "score": hit.score, "snippet": hit.snippet(), "similarity": hit.similarity as Any,
      "keyword_score": hit.keywordScore as Any,
    ]
  }
}

func openIndexed(_ path: String, _ options: IndexOptions, needsModel: Bool = true) throws -> SearchEngine {
  let root = try workspaceURL(path)
  let engine = SearchEngine(configuration: try options.configuration(root: root, needsModel: needsModel))
  try engine.open(folders: [root])
  if let status = try engine.status().first, status.statistics.files == 0 {
    printError("note: the index of \(root.path) is empty; run `sextant index \(path)` first")
  }
  return engine
}
