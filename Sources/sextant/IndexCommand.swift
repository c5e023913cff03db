import ArgumentParser
import Foundation
import EmbeddingProviders
import SearchEngine

/// `sextant index PATH`: build or update the index of a workspace.
struct Index: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Index a workspace (only what changed since the last run is read again).")

  @Argument(help: "The workspace folder.")
  var path: String

  @OptionGroup var indexOptions: IndexOptions

  @Flag(name: .long, help: "Print the summary as JSON on stdout.")
  var json = false

  @Flag(name: [.short, .long], help: "No progress on stderr.")
  var quiet = false

  func run() throws {
    let root = try workspaceURL(path)
    let engine = SearchEngine(configuration: try indexOptions.configuration(root: root))
    defer { engine.shutdown() }
    try engine.open(folders: [root])
    if !engine.isCtagsAvailable {
      printError("warning: universal-ctags not found; files other than Swift are indexed as line windows")
    }
    let bar = ProgressBar(quiet: quiet || json)
    if let provider = engine.provider, !(quiet || json) {
      provider.onStateChange { state in
        if case .paused(let reason, _, _) = state {
          printError("\nsextant: the embedding provider is not answering (\(reason)); waiting for it (up to providerMaxPauseSeconds)")
        }
      }
    }
    let summaries: [IndexSummary]
    do {
      summaries = try engine.indexAll(progress: bar.update)
    } catch {
      bar.finish()
      saveProviderReport(engine, print: true)
      throw error
    }
    let report = saveProviderReport(engine, print: !json)
    for summary in summaries {
      if json {
        var object = summary.jsonObject
        if let report { object["provider"] = try jsonObject(report) }
        try printJSON(object)
      } else {
        print(summary.humanReadable)
      }
    }
  }

  /// This run's provider figures, added to the total kept beside each folder's index (what
  /// `sextant status` shows), and printed on stderr.
  @discardableResult
  private func saveProviderReport(_ engine: SearchEngine, print: Bool) -> ProviderReport? {
    guard let report = engine.providerReport() else { return nil }
    for folder in (try? engine.status()) ?? [] {
      do {
        try report.save(adding: URL(fileURLWithPath: folder.indexDirectory, isDirectory: true))
      } catch {
        printError("warning: could not save the provider statistics in \(folder.indexDirectory): \(error.localizedDescription)")
      }
    }
    if print { for line in report.lines { printError("  " + line) } }
    return report
  }
}

extension IndexSummary {
  var jsonObject: [String: Any] {
    [
      "root": root, "index_dir": indexDirectory, "files_seen": filesSeen,
      "files_unchanged_stat": filesUnchangedByStat, "files_unchanged_hash": filesUnchangedByHash,
      "files_indexed": filesIndexed, "files_removed": filesRemoved, "files_failed": filesFailed,
      "chunks_written": chunksWritten, "symbols_written": symbolsWritten, "skipped": skipped,
      "used_git": usedGit, "walk_reason": walkReason as Any, "seconds": seconds, "failures": failures,
      "chunks_embedded": chunksEmbedded, "embedding_cache_hits": embeddingCacheHits,
      "embedding_model": embeddingModel as Any,
    ]
  }

  var humanReadable: String {
    var lines = [
      "indexed \(root)",
      "  index:     \(indexDirectory)",
      "  files:     \(filesSeen) seen (\(usedGit ? "git ls-files" : walkReason.map { "directory walk: \($0)" } ?? "directory walk")), \(filesIndexed) indexed, "
        + "\(filesUnchangedByStat + filesUnchangedByHash) unchanged, \(filesRemoved) removed, \(filesFailed) failed",
      "  chunks:    \(chunksWritten) written, \(symbolsWritten) symbols",
      "  vectors:   "
        + (embeddingModel.map { "\(chunksEmbedded) embedded, \(embeddingCacheHits) from the cache (\($0))" }
          ?? "none (no model)"),
    ]
    let skips = skipped.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
    lines.append("  skipped:   " + (skips.isEmpty ? "none" : skips.joined(separator: ", ")))
    lines.append(String(format: "  time:      %.2f s", seconds))
    for failure in failures { lines.append("  failed:    \(failure)") }
    return lines.joined(separator: "\n")
  }
}
