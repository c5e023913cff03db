import EmbeddingProviders
import Foundation
import SymbolChunking
import Testing

@testable import SearchEngine

/// The history measurement on a small repository with a known history.
@Suite(.enabled(if: ScanTestTree.gitAvailable)) struct HistoryMeasurementTests {
  @Test func everyChangedChunkVersionIsKeptAndLosslessOnesComeBackExactly() throws {
    let tree = try ScanTestTree(["notes.txt": "notes\n"])
    let identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    try tree.git(["init", "-q"])
    // Four commits: the function's body changes three times, a second function once, a
    // third file never holds code the chunker splits.
    let bodies = ["items.sort()", "items.reverse()", "items.clear()", "items.append(1)"]
    for (number, body) in bodies.enumerated() {
      var text = "def tidy_items(items):\n    \(body)\n    return items\n"
      if number >= 2 { text += "\ndef count_items(items):\n    total = len(items)\n    return total + \(number)\n" }
      try tree.add("tidy.py", .text(text))
      try tree.git(["add", "-A"])
      try tree.git(identity + ["commit", "-qm", "step \(number)"])
    }
    let chunker = FileChunker()
    defer { chunker.shutdown() }
    var options = HistoryMeasurement.Options()
    options.keyframeInterval = 2
    let report = try HistoryMeasurement.run(
      root: tree.root, embedder: HashingEmbedder(dimension: 64), chunker: chunker, options: options)
    #expect(report.commits == 4)
    // tidy_items: 4 texts → 3 earlier versions; count_items: 2 texts → 1.
    #expect(report.chunksWithHistory == 2)
    #expect(report.versions == 4)
    #expect(report.losslessExact == report.versions)
    // Version 1 of tidy_items is a keyframe (interval 2); the other three are deltas.
    #expect(report.deltas == 3)
    #expect(report.rawBytes == 4 * 64 * 4)
    #expect(report.compactErrorMax < 1e-3)
  }
}
