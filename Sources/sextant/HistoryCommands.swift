import ArgumentParser
import Foundation
import SearchEngine

/// `sextant history PATH SYMBOL`: the versions of a symbol's embedding.
struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "The versions of a symbol's embedding: when each was replaced, its cosine to the current one, its git commit.",
    discussion: """
      PATH is the workspace folder (the symbol is looked up in every file) or a file inside \
      it. SYMBOL is a name or Container.name. A version is kept each time the saved text of \
      the symbol changed (unsaved editor text never makes one); a renamed or moved symbol \
      keeps its versions, shown under the identity it had. The commit is the newest one whose \
      copy of the file holds exactly that version (git work trees only).
      """)

  @Argument(help: "The workspace folder, or a file inside it.") var path: String
  @Argument(help: "The symbol: name or Container.name.") var symbol: String
  @Flag(name: .long, help: "Print the versions as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    let (workspace, file) = try resolveWorkspace(path, indexOptions)
    let engine = try openIndexed(workspace.path, indexOptions)
    defer { engine.shutdown() }
    let histories = try engine.history(ofSymbol: symbol, inFile: file)
    if json {
      try printJSON(histories.map(Self.json))
      return
    }
    guard !histories.isEmpty else {
      throw ValidationError("no symbol named \(symbol) is indexed in \(file ?? workspace.path)")
    }
    for history in histories {
      let chunk = history.chunk
      print(
        "\(chunk.id.path):\(chunk.span.start.line + 1)\t\(chunk.kind?.name ?? "chunk")\t\(chunk.id.container.map { "\($0)." } ?? "")\(chunk.id.name)\t\(history.versions.count) version\(history.versions.count == 1 ? "" : "s")"
      )
      for version in history.versions {
        let when = version.replacedAt.map { "replaced \(HistoryTime.format($0))" } ?? (version.pending ? "current (vector pending)" : "current")
        let revision = version.revision.map { "  \($0.commit.prefix(10)) \(HistoryTime.format($0.time))" } ?? ""
        let number = "v\(version.version)".padding(toLength: 5, withPad: " ", startingAt: 0)
        print(
          "  \(number)\(when.padding(toLength: 30, withPad: " ", startingAt: 0))"
            + String(format: "cos %.4f  ", version.similarity) + version.identity + revision)
      }
    }
  }

  static func json(_ history: ChunkHistory) -> [String: Any] {
    [
      "path": history.chunk.id.path, "line": history.chunk.span.start.line + 1, "name": history.chunk.id.name,
      "container": history.chunk.id.container as Any, "kind": history.chunk.kind?.name as Any,
      "versions": history.versions.map { version -> [String: Any] in
        [
          "version": version.version, "identity": version.identity,
          "fingerprint": String(format: "%016llx", version.fingerprint),
          "replaced_at": version.replacedAt.map(HistoryTime.format) as Any, "similarity": version.similarity,
          "revision": version.revision.map { ["commit": $0.commit, "time": HistoryTime.format($0.time)] } as Any,
          "pending": version.pending,
        ]
      },
    ]
  }

}

/// `sextant drift PATH`: the symbols whose meaning moved most.
struct Drift: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "The symbols whose embedding moved most since a time, a number of versions, or a git revision.",
    discussion: """
      Drift is 1 − cosine between a symbol's current vector and the one it had then: since \
      --since (the version current at that time: an ISO 8601 date or time, or an age such \
      as 12h, 7d, 2w), since --revision (the commit time of a git revision), or --versions \
      N back (default 1: the last change). Only symbols whose saved text changed since then \
      are listed.
      """)

  @Argument(help: "The workspace folder.") var path: String
  @Option(name: .long, help: "An ISO 8601 date or time, or an age (30m, 12h, 7d, 2w).") var since: String?
  @Option(name: .long, help: "A git revision (commit, tag, branch, HEAD~3 …).") var revision: String?
  @Option(name: .long, help: "How many versions back.") var versions: Int?
  @Option(name: .long, help: "The most results.") var limit = 20
  @Flag(name: .long, help: "Print results as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    guard [since != nil, revision != nil, versions != nil].filter({ $0 }).count <= 1 else {
      throw ValidationError("give at most one of --since, --revision and --versions")
    }
    let limit = try validated { try RequestValidation.limit(self.limit, default: 20) }
    let engine = try openIndexed(path, indexOptions)
    defer { engine.shutdown() }
    let baseline: DriftBaseline
    if let since {
      baseline = .since(try Self.parseTime(since))
    } else if let revision {
      baseline = .since(try engine.revisionTime(revision))
    } else {
      guard (versions ?? 1) > 0 else { throw ValidationError("--versions must be positive") }
      baseline = .versions(versions ?? 1)
    }
    let moved = try engine.drift(since: baseline, limit: limit)
    if json {
      try printJSON(
        moved.map { item -> [String: Any] in
          [
            "path": item.chunk.id.path, "line": item.chunk.span.start.line + 1, "name": item.chunk.id.name,
            "container": item.chunk.id.container as Any, "kind": item.chunk.kind?.name as Any, "drift": item.drift,
            "baseline_version": item.baseline.version, "versions_back": item.versionsBack,
            "baseline_replaced_at": item.baseline.replacedAt.map(HistoryTime.format) as Any,
          ]
        })
      return
    }
    if moved.isEmpty { printError("no symbol's saved text changed since then") }
    for item in moved {
      print(
        String(
          format: "%.4f  %@:%d\t%@%@\t(%d version%@ back)", item.drift, item.chunk.id.path as NSString,
          item.chunk.span.start.line + 1, (item.chunk.id.container.map { "\($0)." } ?? "") as NSString,
          item.chunk.id.name as NSString, item.versionsBack, (item.versionsBack == 1 ? "" : "s") as NSString))
    }
  }

  /// An ISO 8601 date or date-time, or an age before now (`30m`, `12h`, `7d`, `2w`).
  static func parseTime(_ text: String) throws -> Date {
    if let date = HistoryTime.parse(text) { return date }
    throw ValidationError("cannot read the time \(text): give an ISO 8601 date (2026-11-30), a time (2026-11-30T12:00:00Z) or an age (12h, 7d)")
  }
}

/// The workspace folder and, when `path` is a file, that file: the nearest folder above it
/// with an index (in the default place), else its git work tree, else its directory.
func resolveWorkspace(_ path: String, _ options: IndexOptions) throws -> (URL, String?) {
  let url = URL(fileURLWithPath: path).standardizedFileURL
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
    throw ValidationError("\(path) does not exist")
  }
  if isDirectory.boolValue { return (url, nil) }
  var directory = url.deletingLastPathComponent()
  while directory.path != "/" {
    let index = IndexLocation.defaultDirectory(for: directory)
    if options.indexDir == nil,
      FileManager.default.fileExists(atPath: index.appendingPathComponent("catalog.sqlite").path)
    {
      return (directory, url.path)
    }
    if FileManager.default.fileExists(atPath: directory.appendingPathComponent(".git").path) {
      return (directory, url.path)
    }
    directory = directory.deletingLastPathComponent()
  }
  return (url.deletingLastPathComponent(), url.path)
}
