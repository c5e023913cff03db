import ArgumentParser
import Foundation
import SearchEngine

/// `sextant status PATH`: what the index of a workspace holds.
struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Show what the index of a workspace holds.")

  @Argument(help: "The workspace folder.") var path: String
  @Flag(name: .long, help: "Print as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    let engine = SearchEngine(configuration: try indexOptions.configuration())
    defer { engine.shutdown() }
    try engine.open(folders: [try workspaceURL(path)])
    for folder in try engine.status() {
      let statistics = folder.statistics
      let lastIndexed = folder.lastIndexed.map { ISO8601DateFormatter().string(from: $0) }
      if json {
        try printJSON([
          "root": folder.root, "index_dir": folder.indexDirectory, "files": statistics.files,
          "chunks": statistics.chunks, "symbols": statistics.symbols, "source_bytes": statistics.sourceBytes,
          "index_bytes": folder.indexBytes, "last_indexed": lastIndexed as Any,
          "files_by_chunker": statistics.filesByChunker, "files_by_language": statistics.filesByLanguage,
          "ctags_available": folder.ctagsAvailable,
        ])
        continue
      }
      print("workspace:   \(folder.root)")
      print("index:       \(folder.indexDirectory) (\(folder.indexBytes) bytes)")
      print("last index:  \(lastIndexed ?? "never")")
      print("files:       \(statistics.files) (\(statistics.sourceBytes) bytes of source)")
      print("chunks:      \(statistics.chunks)")
      print("symbols:     \(statistics.symbols)")
      let chunkers = statistics.filesByChunker.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      print("chunkers:    \(chunkers.joined(separator: ", "))")
      let languages = statistics.filesByLanguage.sorted { $0.value > $1.value }.prefix(12).map { "\($0.key) \($0.value)" }
      print("languages:   \(languages.joined(separator: ", "))")
      print("ctags:       \(folder.ctagsAvailable ? "available" : "not found (non-Swift files use line windows)")")
      print("vectors:     " + (engine.configuration.embedder.map { "\($0.identity.id), \(String(format: "%.1f", ((try? engine.vectorCoverage()) ?? 0) * 100))% of chunks" } ?? "no model"))
    }
  }
}
