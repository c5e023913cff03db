import ArgumentParser
import Foundation
import SearchCore
import SearchEngine

/// `sextant similar FILE:LINE[:COLUMN]` or `sextant similar --text "…"`: similar code.
struct Similar: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find code similar to a declaration (FILE:LINE[:COLUMN]) or to a text (--text).",
    discussion: """
      With FILE:LINE (1-based; a column is accepted and not needed), the innermost indexed \
      declaration holding that line is compared by its stored vector (no model call when it \
      is unchanged); it and the chunks overlapping it are left out of the answer. With \
      --text, the text is embedded and compared. The workspace is the one holding FILE (the \
      nearest folder above it with an index, else its git work tree), or --workspace, or the \
      current directory.
      """)

  @Argument(help: "FILE:LINE[:COLUMN] of a declaration (1-based).") var target: String?
  @Option(name: .long, help: "Find code similar to this text instead.") var text: String?
  @Option(name: .long, help: "The workspace folder (default: found from FILE, else the current directory).")
  var workspace: String?
  @Option(name: .long, help: "The most results.") var limit = 10
  @Option(name: .long, help: "Only results with at least this cosine.") var minScore: Double?
  @Option(name: .customLong("path"), help: "Only files matching this git-style glob (repeatable).") var paths: [String] = []
  @Option(name: .customLong("language"), help: "Only chunks in this language (repeatable).") var languages: [String] = []
  @Option(name: .customLong("kind"), help: "Only symbols of this kind (repeatable).") var kinds: [String] = []
  @Flag(name: .long, help: "Print results as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    guard (target == nil) != (text == nil) else { throw ValidationError("give either FILE:LINE or --text") }
    let (limit, minScore, filters) = try validated {
      (
        try RequestValidation.limit(self.limit, default: 10),
        try RequestValidation.similarityFloor(self.minScore),
        try RequestValidation.filters(paths: paths, languages: languages, kinds: kinds)
      )
    }
    let goal: SimilarTarget
    let folder: URL
    if let target {
      let (file, line) = try Self.parse(target)
      let (found, absolute) = try resolveWorkspace(file, indexOptions)
      folder = workspace.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? found
      goal = .declaration(absolutePath: absolute ?? URL(fileURLWithPath: file).standardizedFileURL.path, line: line - 1)
    } else {
      folder = URL(fileURLWithPath: workspace ?? FileManager.default.currentDirectoryPath).standardizedFileURL
      goal = .text(text ?? "")
    }
    let engine = try openIndexed(folder.path, indexOptions)
    defer { engine.shutdown() }
    let hits: [CodeMatch]
    do {
      hits = try engine.similar(to: goal, limit: limit, filters: filters, minScore: minScore)
    } catch let error as SimilarTargetError {
      throw ValidationError(error.description)
    }
    if json {
      try printJSON(hits.map(Search.jsonObject))
    } else {
      Search.printHits(hits)
    }
  }

  /// `FILE:LINE` or `FILE:LINE:COLUMN` (a path may itself hold colons: numbers are read from the end).
  static func parse(_ target: String) throws -> (file: String, line: Int) {
    var parts = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    if parts.count >= 3, Int(parts[parts.count - 1]) != nil, Int(parts[parts.count - 2]) != nil { parts.removeLast() }
    guard parts.count >= 2, let line = Int(parts[parts.count - 1]), line >= 1 else {
      throw ValidationError("\(target) is not FILE:LINE[:COLUMN] with a line from 1")
    }
    return (parts.dropLast().joined(separator: ":"), line)
  }
}
