import ArgumentParser
import Foundation
import EmbeddingProviders
import SearchEngine

/// `sextant status PATH`: what the index of a workspace holds.
struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Show what the index of a workspace holds.")

  @Argument(help: "The workspace folder.") var path: String
  @Flag(name: .long, help: "Print as JSON.") var json = false
  @Flag(name: .long, help: "Also compare every stored vector with the embedding cache, bit for bit (exit status 1 on any difference).")
  var verify = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    let root = try workspaceURL(path)
    let engine = SearchEngine(configuration: try indexOptions.configuration(root: root))
    defer { engine.shutdown() }
    try engine.open(folders: [root])
    let verification = verify ? try engine.verifyVectors() : nil
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
          "vectors": try folder.vectors.map(jsonObject) as Any,
          "verification": try verification.map(jsonObject) as Any,
          "nearest_neighbours": try folder.nearestNeighbours.map(jsonObject) as Any,
          "provider": try ProviderReport.load(indexDirectory: URL(fileURLWithPath: folder.indexDirectory)).map(jsonObject) as Any,
          "text_leaves_machine": engine.textLeavesMachine,
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
      if engine.textLeavesMachine {
        if let report = ProviderReport.load(indexDirectory: URL(fileURLWithPath: folder.indexDirectory)) {
          for line in report.lines { print(line) }
          print("             (totals of every `sextant index` run on this index)")
        } else {
          print("provider:    \(engine.provider?.identity.id ?? "remote"): no calls recorded yet")
        }
      } else if engine.configuration.embedder != nil {
        print("redactions:  not needed: the local model's text never leaves this process")
      }
      print("vectors:     " + (engine.configuration.embedder.map { "\($0.identity.id), \(String(format: "%.1f", ((try? engine.vectorCoverage()) ?? 0) * 100))% of chunks" } ?? "no model"))
      if let store = folder.vectors {
        let codecs = store.bytesByCodec.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) bytes" }
        print("store:       \(store.liveVectors) live, \(store.deadVectors) dead in \(store.segments) segments (generation \(store.generation)); \(codecs.joined(separator: ", ")); \(store.fileBytes) bytes on disk")
        if store.historyVersions > 0 {
          print(
            "history:     \(store.historyVersions) earlier versions of \(store.historyChunks) chunks, \(store.historyFileBytes) bytes"
              + " (\(store.historyFileBytes / max(1, store.historyVersions)) per version)")
        }
        let cache = store.cache
        if let index = folder.nearestNeighbours {
          print("ann index:   \(index.kind) over \(index.vectors) vectors, \(index.memoryBytes) bytes in memory")
          if let probes = index.probes {
            print(
              "ann probes:  nprobe \(probes.nprobe), refine \(probes.refineFactor): recall@10 "
                + String(format: "%.3f", probes.recallAt10) + " on \(probes.queries) held-out vectors (target "
                + String(format: "%.2f", probes.target) + (probes.reachedTarget ? ", reached)" : ", NOT reached: the best setting tried)"))
          }
        }
        if let verification {
          print("verify:      \(verification.checked) vectors checked: \(verification.mismatched) differ from the embedding cache, \(verification.missing) missing, \(verification.orphaned) orphaned, \(verification.damaged) damaged")
        }
        print("cache:       L1 \(cache.l1Hits) hits / \(cache.l1Misses) misses, \(cache.l1Bytes) of \(cache.budgets.decodedBytes) bytes; L2 \(cache.l2Hits) / \(cache.l2Misses), \(cache.l2Bytes) of \(cache.budgets.compressedBytes) bytes; L3 \(cache.l3Reads) block reads")
      }
    }
    if let verification, !verification.isConsistent { throw ExitCode.failure }
  }
}
