import ArgumentParser
import Foundation
import SearchEngine

/// `sextant bench incremental PATH`: how long a one-line edit inside a function takes to
/// become findable, through the engine the server uses (the debounce excluded).
struct BenchIncremental: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "incremental",
    abstract: "Edit-to-searchable latency (p50/p99) of one-line edits inside functions of an indexed workspace.",
    discussion: """
      Per trial, a function drawn at random (fixed seed) gets a line holding a unique word \
      inserted after its first line, as editor text (the file on disk is untouched); the time \
      runs from handing that text to the engine until a search for the word returns the \
      edited chunk in lexical mode (re-chunking and the catalog commit included; the new \
      chunks are embedded after that answer, as the server does) and, with a model, until the \
      chunk's new vector is searchable (embedding the changed chunks, the vector store and \
      nearest-neighbour updates included). The file is then restored, untimed. The \
      server's debounce (reindexDelayMs) comes on top of these figures.
      """)

  @Argument(help: "An indexed workspace.") var path: String
  @Option(name: .long, help: "How many edits.") var edits = 50
  @Option(name: .long, help: "Seed for drawing functions.") var seed: UInt64 = 7
  @Flag(name: .long, help: "Print the figures as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    guard edits > 0 else { throw ValidationError("--edits must be positive") }
    let engine = try openIndexed(path, indexOptions, needsModel: indexOptions.model != .none)
    defer { engine.shutdown() }
    let semantic = engine.configuration.embedder != nil
    let functions = engine.allSymbols().filter {
      [.function, .method].contains($0.symbol.kind) && $0.symbol.span.lastLine >= $0.symbol.span.start.line + 2
    }
    guard !functions.isEmpty else { throw ValidationError("the index of \(path) has no functions of three lines or more") }
    // The model loads on first use: not part of any edit.
    if semantic { _ = try engine.search("warm up the model", limit: 1, mode: .semantic) }
    var generator = SeededGenerator(seed: seed)
    var lexicalMilliseconds: [Double] = []
    var semanticMilliseconds: [Double] = []
    var misses = 0
    for trial in 0..<edits {
      let target = functions[Int(generator.next() % UInt64(functions.count))]
      let file = target.root.appendingPathComponent(target.path).path
      let original = try String(contentsOfFile: file, encoding: .utf8)
      var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let word = "sextantprobe\(seed)x\(trial)"
      let comment = ["py", "rb", "sh", "pl", "r"].contains((target.path as NSString).pathExtension.lowercased()) ? "#" : "//"
      lines.insert("\(comment) \(word) revisit the handling here", at: min(target.symbol.span.start.line + 1, lines.count))
      let edited = lines.joined(separator: "\n")
      let started = ContinuousClock.now
      // As the server does for a lexical search: commit first, embed after answering.
      try engine.updateFile(absolutePath: file, text: edited, embedNow: false)
      let lexical = try engine.search(word, limit: 5, mode: .lexical)
      let lexicalDone = ContinuousClock.now
      guard lexical.contains(where: { $0.chunk.id.path == target.path && $0.chunk.text.contains(word) }) else {
        misses += 1
        try engine.updateFile(absolutePath: file, text: original)
        continue
      }
      lexicalMilliseconds.append((lexicalDone - started).seconds * 1000)
      if semantic {
        // The edited chunk's vector is in the index when a search for its own text finds it.
        guard let chunk = lexical.first(where: { $0.chunk.text.contains(word) })?.chunk else { continue }
        try engine.embedPendingChunks()
        let found = try engine.search(chunk.text, limit: 10, mode: .semantic)
          .contains { $0.chunk.id == chunk.id && $0.chunk.text.contains(word) }
        let semanticDone = ContinuousClock.now
        if found { semanticMilliseconds.append((semanticDone - started).seconds * 1000) } else { misses += 1 }
      }
      try engine.updateFile(absolutePath: file, text: original)
    }
    let chunks = try engine.status().reduce(0) { $0 + $1.statistics.chunks }
    let report: [String: Any] = [
      "path": path, "chunks": chunks, "edits": edits, "model": engine.configuration.embedder?.identity.id as Any,
      "lexical_p50_ms": percentile(lexicalMilliseconds, 0.5), "lexical_p99_ms": percentile(lexicalMilliseconds, 0.99),
      "semantic_p50_ms": semantic ? percentile(semanticMilliseconds, 0.5) : NSNull(),
      "semantic_p99_ms": semantic ? percentile(semanticMilliseconds, 0.99) : NSNull(), "misses": misses,
    ]
    if json {
      try printJSON(report)
      return
    }
    print("edits:    \(edits) one-line edits inside functions, \(chunks) chunks indexed")
    print(
      String(
        format: "lexical:  findable after p50 %.2f ms, p99 %.2f ms", percentile(lexicalMilliseconds, 0.5),
        percentile(lexicalMilliseconds, 0.99)))
    if semantic {
      print(
        String(
          format: "semantic: new vector searchable after p50 %.2f ms, p99 %.2f ms (%@)",
          percentile(semanticMilliseconds, 0.5), percentile(semanticMilliseconds, 0.99),
          (engine.configuration.embedder?.identity.id ?? "") as NSString))
    }
    if misses > 0 { print("misses:   \(misses) edits not found (a bug: each edited chunk must be findable)") }
  }
}
