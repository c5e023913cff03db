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
      inserted after its first line, and three latencies are timed through the engine the \
      server uses (its debounce, reindexDelayMs, comes on top):

      first edit, lexical: from handing the editor text of a saved file to the engine (kept \
      in memory, the shared index untouched) until a lexical search for the word returns the \
      edited chunk (re-chunking the file and scoring included; the new chunks are embedded \
      after that answer, as the server does for symbol and lexical requests).

      next edit, lexical: the same for a second word in the same unsaved document (its \
      unchanged chunks are kept): what every keystroke after the first costs.

      next edit, semantic (with a model): a third word, until a semantic search for the \
      chunk's text returns it (embedding the changed chunk and the query included); and again \
      with a query asked before the edit, whose vector is then cached, so that only what the \
      edit costs is timed (an agent or a user repeating a search).

      saved: committing the edited file into the shared index (catalog, embedding of the \
      changed chunks, vector store with the replaced vector kept as history, nearest-neighbour \
      updates) until a lexical search for a third word returns the edited chunk: what a save \
      costs. The index is restored after each trial, untimed (the save and the restore each \
      add a version to the edited chunk's embedding history); the files on disk are never \
      written.
      """)

  @Argument(help: "An indexed workspace.") var path: String
  @Option(name: .long, help: "How many edits.") var edits = 50
  @Option(name: .long, help: "Seed for drawing functions.") var seed: UInt64 = 7
  @Flag(name: .long, help: "Print the figures as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  /// A number written in the letters a–j, one per decimal digit.
  static func letters(_ number: UInt64) -> String {
    String(String(number).unicodeScalars.map { Character(UnicodeScalar($0.value - 48 + 97)!) })
  }

  func run() throws {
    guard edits > 0 else { throw ValidationError("--edits must be positive") }
    let engine = try openIndexed(
      path, indexOptions, needsModel: try indexOptions.modelChoice(root: try workspaceURL(path)) != .none)
    defer { engine.shutdown() }
    let semantic = engine.configuration.embedder != nil
    let functions = engine.allSymbols().filter {
      [.function, .method].contains($0.symbol.kind) && $0.symbol.span.lastLine >= $0.symbol.span.start.line + 2
    }
    guard !functions.isEmpty else { throw ValidationError("the index of \(path) has no functions of three lines or more") }
    // The model loads on first use: not part of any edit.
    if semantic { _ = try engine.search("warm up the model", limit: 1, mode: .semantic) }
    var generator = SeededGenerator(seed: seed)
    // Words unique to this run: a text embedded by an earlier run would come from the cache.
    let run = Self.letters(UInt64(Date().timeIntervalSince1970 * 1000))
    var lexicalMilliseconds: [Double] = []
    var semanticMilliseconds: [Double] = []
    var repeatedQueryMilliseconds: [Double] = []
    var savedMilliseconds: [Double] = []
    var overlayMilliseconds: [Double] = []
    var firstMilliseconds: [Double] = []
    var semanticTakeMilliseconds: [Double] = []
    var misses: [String] = []
    for trial in 0..<edits {
      let target = functions[Int(generator.next() % UInt64(functions.count))]
      let file = target.root.appendingPathComponent(target.path).path
      let original = try String(contentsOfFile: file, encoding: .utf8)
      let comment = ["py", "rb", "sh", "pl", "r"].contains((target.path as NSString).pathExtension.lowercased()) ? "#" : "//"
      func edited(_ word: String) -> String {
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("\(comment) \(word) revisit the handling here", at: min(target.symbol.span.start.line + 1, lines.count))
        return lines.joined(separator: "\n")
      }
      func holds(_ hits: [CodeMatch], _ word: String) -> ChunkHitReference? {
        hits.first { $0.chunk.id.path == target.path && $0.chunk.text.contains(word) }.map { ChunkHitReference(hit: $0) }
      }
      defer { engine.dropEditorText(absolutePath: file) }

      // Letters only: digits would split the word into parts ("7", "x") that match everywhere.
      // The first edit of a saved file starts its overlay; the next one updates it.
      let firstWord = "sextantprobe" + run + "w" + Self.letters(UInt64(trial))
      var started = ContinuousClock.now
      try engine.setEditorText(absolutePath: file, text: edited(firstWord), embed: false)
      let first = try engine.search(firstWord, limit: 5, mode: .lexical)
      var elapsed = ContinuousClock.now - started
      guard holds(first, firstWord) != nil else {
        misses.append("\(target.path):\(target.symbol.name) (first edit)")
        continue
      }
      firstMilliseconds.append(elapsed.seconds * 1000)

      let lexicalWord = "sextantprobe" + run + "x" + Self.letters(UInt64(trial))
      started = ContinuousClock.now
      try engine.setEditorText(absolutePath: file, text: edited(lexicalWord), embed: false)
      let overlaid = ContinuousClock.now
      let lexical = try engine.search(lexicalWord, limit: 5, mode: .lexical)
      elapsed = ContinuousClock.now - started
      overlayMilliseconds.append((overlaid - started).seconds * 1000)
      guard let reference = holds(lexical, lexicalWord) else {
        misses.append("\(target.path):\(target.symbol.name) (next edit)")
        continue
      }
      lexicalMilliseconds.append(elapsed.seconds * 1000)
      guard semantic else { continue }

      let semanticWord = "sextantprobe" + run + "y" + Self.letters(UInt64(trial))
      let semanticText = edited(semanticWord)
      started = ContinuousClock.now
      try engine.setEditorText(absolutePath: file, text: semanticText)
      semanticTakeMilliseconds.append((ContinuousClock.now - started).seconds * 1000)
      let expected = reference.text.replacingOccurrences(of: lexicalWord, with: semanticWord)
      let found = try engine.search(expected, limit: 10, mode: .semantic)
      elapsed = ContinuousClock.now - started
      if holds(found, semanticWord) != nil { semanticMilliseconds.append(elapsed.seconds * 1000) } else { misses.append("\(target.path):\(target.symbol.name) (semantic)") }

      // The same with a query asked before the edit (an agent or a user repeating a search):
      // its vector is cached, so what is timed is what the edit itself costs.
      let repeatedWord = "sextantprobe" + run + "v" + Self.letters(UInt64(trial))
      let repeatedQuery = reference.text.replacingOccurrences(of: lexicalWord, with: repeatedWord)
      _ = try engine.search(repeatedQuery, limit: 10, mode: .semantic)
      started = ContinuousClock.now
      try engine.setEditorText(absolutePath: file, text: edited(repeatedWord))
      let repeated = try engine.search(repeatedQuery, limit: 10, mode: .semantic)
      elapsed = ContinuousClock.now - started
      if holds(repeated, repeatedWord) != nil { repeatedQueryMilliseconds.append(elapsed.seconds * 1000) } else { misses.append("\(target.path):\(target.symbol.name) (semantic, cached query)") }
      engine.dropEditorText(absolutePath: file)

      let savedWord = "sextantprobe" + run + "z" + Self.letters(UInt64(trial))
      started = ContinuousClock.now
      try engine.updateFile(absolutePath: file, text: edited(savedWord))
      // Embedding the changed chunks is part of the update; the word is then found by its text.
      let afterSave = try engine.search(savedWord, limit: 5, mode: .lexical)
      elapsed = ContinuousClock.now - started
      if holds(afterSave, savedWord) != nil { savedMilliseconds.append(elapsed.seconds * 1000) } else { misses.append("\(target.path):\(target.symbol.name) (saved)") }
      try engine.updateFile(absolutePath: file)
    }
    let chunks = try engine.status().reduce(0) { $0 + $1.statistics.chunks }
    let report: [String: Any] = [
      "path": path, "chunks": chunks, "edits": edits, "model": engine.configuration.embedder?.identity.id as Any,
      "lexical_p50_ms": percentile(lexicalMilliseconds, 0.5), "lexical_p99_ms": percentile(lexicalMilliseconds, 0.99),
      "lexical_overlay_p50_ms": percentile(overlayMilliseconds, 0.5),
      "semantic_overlay_p50_ms": semantic ? percentile(semanticTakeMilliseconds, 0.5) : NSNull(),
      "first_edit_p50_ms": percentile(firstMilliseconds, 0.5), "first_edit_p99_ms": percentile(firstMilliseconds, 0.99),
      "semantic_p50_ms": semantic ? percentile(semanticMilliseconds, 0.5) : NSNull(),
      "semantic_p99_ms": semantic ? percentile(semanticMilliseconds, 0.99) : NSNull(),
      "semantic_cached_query_p50_ms": semantic ? percentile(repeatedQueryMilliseconds, 0.5) : NSNull(),
      "semantic_cached_query_p99_ms": semantic ? percentile(repeatedQueryMilliseconds, 0.99) : NSNull(),
      "saved_p50_ms": semantic ? percentile(savedMilliseconds, 0.5) : NSNull(),
      "saved_p99_ms": semantic ? percentile(savedMilliseconds, 0.99) : NSNull(), "misses": misses,
    ]
    if json {
      try printJSON(report)
      return
    }
    print("edits:    \(edits) one-line edits inside functions, \(chunks) chunks indexed")
    print(
      String(
        format: "first edit, lexical: findable after p50 %.2f ms, p99 %.2f ms", percentile(firstMilliseconds, 0.5),
        percentile(firstMilliseconds, 0.99)))
    print(
      String(
        format: "next edit, lexical:  findable after p50 %.2f ms, p99 %.2f ms", percentile(lexicalMilliseconds, 0.5),
        percentile(lexicalMilliseconds, 0.99)))
    print(
      String(
        format: "                     of which taking the text: p50 %.2f ms, p99 %.2f ms",
        percentile(overlayMilliseconds, 0.5), percentile(overlayMilliseconds, 0.99)))
    if semantic {
      print(
        String(
          format: "next edit, semantic: findable after p50 %.2f ms, p99 %.2f ms (%@)",
          percentile(semanticMilliseconds, 0.5), percentile(semanticMilliseconds, 0.99),
          (engine.configuration.embedder?.identity.id ?? "") as NSString))
      print(
        String(
          format: "                     of which taking the text (the changed chunk embedded): p50 %.2f ms; the rest is the search, whose query (the chunk's text) is embedded too",
          percentile(semanticTakeMilliseconds, 0.5)))
      print(
        String(
          format: "next edit, semantic, query asked before the edit (its vector cached): p50 %.2f ms, p99 %.2f ms",
          percentile(repeatedQueryMilliseconds, 0.5), percentile(repeatedQueryMilliseconds, 0.99)))
      print(
        String(
          format: "saved:               in the shared index and findable after p50 %.2f ms, p99 %.2f ms",
          percentile(savedMilliseconds, 0.5), percentile(savedMilliseconds, 0.99)))
    }
    if !misses.isEmpty { print("not found: \(misses.joined(separator: ", "))") }
  }
}

/// What a trial needs of the chunk it edited: its text (to search for it by its own words).
private struct ChunkHitReference {
  var text: String
  init(hit: CodeMatch) { text = hit.chunk.text }
}
