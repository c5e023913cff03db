import ArgumentParser
import Foundation
import SearchEngine
import SymbolChunking

/// `sextant bench history PATH`: what keeping every chunk's earlier embeddings costs, on the
/// repository's own git history.
struct BenchHistory: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "Bytes per stored embedding version (lossless XOR, compact int8) on a repository's git history.",
    discussion: """
      Walks the last --commits commits on the first-parent line of PATH (a git work tree), \
      chunks every changed file as it was at each commit, embeds each chunk's successive texts \
      with the model, and keeps the earlier versions as the index's history would (a keyframe \
      every --keyframe-interval versions, the newest --retention kept). Reports bytes per kept \
      version for the lossless and compact encodings against raw fp32 and against each version \
      compressed alone (byte-shuffled zstd), checks that every lossless version is rebuilt bit \
      for bit, and gives the compact encoding's cosine error.
      """)

  @Argument(help: "A git work tree.") var path: String
  @Option(name: .long, help: "How many commits to walk back.") var commits: Int = 200
  @Option(name: .long, help: "A whole version every this many.") var keyframeInterval: Int = 8
  @Option(name: .long, help: "Versions kept per chunk.") var retention: Int = 32
  @Option(name: .long, help: "Embedding model: local or hashing.") var model: ModelChoice = .local
  @Option(name: .long, help: "Directory of the local model (default: $SEXTANT_MODEL_DIR, else the per-user cache).")
  var modelDir: String?
  @Flag(name: .long, help: "Print the report as JSON.") var json = false

  func run() throws {
    let root = try workspaceURL(path)
    guard commits >= 2, keyframeInterval >= 1, retention >= 1 else {
      throw ValidationError("--commits must be at least 2, --keyframe-interval and --retention at least 1")
    }
    guard let embedder = try model.makeEmbedder(directory: modelDir.map { URL(fileURLWithPath: $0, isDirectory: true) })
    else { throw ValidationError("bench history needs a model: --model local or hashing") }
    var options = HistoryMeasurement.Options()
    options.commits = commits
    options.keyframeInterval = keyframeInterval
    options.retention = retention
    let chunker = FileChunker()
    defer { chunker.shutdown() }
    let report = try HistoryMeasurement.run(
      root: root, embedder: embedder, chunker: chunker, options: options,
      progress: { message in if !json { FileHandle.standardError.write(Data((message + "\n").utf8)) } })
    let versions = Double(max(1, report.versions))
    let deltas = Double(max(1, report.deltas))
    let perVersion = [
      "raw": Double(report.rawBytes) / versions, "alone": Double(report.aloneBytes) / versions,
      "lossless": Double(report.losslessBytes) / versions, "compact": Double(report.compactBytes) / versions,
      "lossless_delta": Double(report.losslessDeltaBytes) / deltas,
      "compact_delta": Double(report.compactDeltaBytes) / deltas,
    ]
    if json {
      try printJSON([
        "path": root.path, "model": embedder.identity.id, "commits": report.commits,
        "file_versions": report.fileVersions, "chunks_with_history": report.chunksWithHistory,
        "versions": report.versions, "deltas": report.deltas, "texts_embedded": report.textsEmbedded,
        "keyframe_interval": keyframeInterval, "retention": retention, "bytes_per_version": perVersion,
        "lossless_exact": report.losslessExact, "compact_cosine_error_median": report.compactErrorMedian,
        "compact_cosine_error_max": report.compactErrorMax, "seconds": report.seconds,
      ])
      return
    }
    func line(_ name: String, _ key: String) -> String {
      let bytes = perVersion[key] ?? 0
      let label = name.padding(toLength: 11, withPad: " ", startingAt: 0)
      return "  \(label)"
        + String(
          format: "%7.1f bytes/version  %5.1f%% of raw  %5.1f%% of alone", bytes,
          100 * bytes / max(1, perVersion["raw"] ?? 1), 100 * bytes / max(1, perVersion["alone"] ?? 1))
    }
    print("history of \(root.path) (\(embedder.identity.id))")
    print(
      "  \(report.commits) commits, \(report.fileVersions) file versions, \(report.chunksWithHistory) chunks changed, "
        + "\(report.versions) earlier versions kept (keyframe every \(keyframeInterval), newest \(retention))")
    print(line("raw fp32", "raw"))
    print(line("alone", "alone"))  // each version byte-shuffled and zstd-compressed by itself
    print(line("lossless", "lossless"))
    print(line("compact", "compact"))
    print("  of which \(report.deltas) deltas (the rest keyframes, stored alike in both):")
    print(line("  lossless", "lossless_delta"))
    print(line("  compact", "compact_delta"))
    print("  lossless: \(report.losslessExact) of \(report.versions) versions rebuilt bit for bit")
    print(
      String(
        format: "  compact:  1 - cosine median %.2e, max %.2e", report.compactErrorMedian, report.compactErrorMax))
    print(String(format: "  time:     %.1f s (%d texts embedded)", report.seconds, report.textsEmbedded))
  }
}
