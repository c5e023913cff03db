import SymbolChunking
import Testing

/// Declarations and windows larger than the limits are cut into overlapping parts.
@Suite struct SplittingTests {
  /// A Swift function `f()` of `lines` lines in total, each body line `width` bytes long.
  static func function(lines: Int, width: Int = 14) -> String {
    let body = (1...max(1, lines - 2)).map { index in
      let statement = "  _ = \(index)"
      return statement + String(repeating: " ", count: max(0, width - 1 - statement.utf8.count))
        + "\n"
    }
    return "func f() {\n" + body.joined() + "}\n"
  }

  func check(
    _ text: String, path: String = "Sources/F.swift", options: ChunkingOptions,
    expect expected: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let file = FileChunker(options: options).chunk(path: path, text: text)
    #expect(file.chunks.map(summary) == expected, sourceLocation: sourceLocation)
    expectWellFormed(file, text: text, path: path, options: options, sourceLocation: sourceLocation)
  }

  @Test func declarationAtTheLineLimitStaysWhole() {
    check(
      Self.function(lines: 10), options: .init(maxChunkLines: 10, windowOverlap: 2),
      expect: ["function f()~0 L1-10"])
  }

  @Test func oneLineOverTheLimitMakesTwoOverlappingParts() {
    check(
      Self.function(lines: 11), options: .init(maxChunkLines: 10, windowOverlap: 2),
      expect: ["function f()~0 L1-10", "function f()~1 L9-11"])
  }

  @Test func longDeclarationPartsOverlapByTheConfiguredLines() {
    check(
      Self.function(lines: 25), options: .init(maxChunkLines: 10, windowOverlap: 3),
      expect: [
        "function f()~0 L1-10", "function f()~1 L8-17", "function f()~2 L15-24",
        "function f()~3 L22-25",
      ])
  }

  @Test func byteLimitSplitsDeclarationsWithFewLines() {
    // 8 body lines of 100 bytes between `func f() {` (11 bytes) and `}` (2 bytes): at most
    // 4 body lines fit in 450 bytes.
    check(
      Self.function(lines: 10, width: 100),
      options: .init(maxChunkLines: 80, maxChunkBytes: 450, windowOverlap: 1),
      expect: ["function f()~0 L1-5", "function f()~1 L5-8", "function f()~2 L8-10"])
  }

  @Test func cutsPreferABlankLineNearTheEndOfAPart() {
    var lines = Self.function(lines: 20).split(separator: "\n", omittingEmptySubsequences: false)
    lines[8] = ""  // line 9 is blank: within the last quarter of a 10-line part
    check(
      lines.joined(separator: "\n"), options: .init(maxChunkLines: 10, windowOverlap: 0),
      expect: ["function f()~0 L1-8", "function f()~1 L10-19", "function f()~2 L20-20"])
  }

  @Test func windowsOverlapLikeDeclarationParts() {
    check(
      numberedLines(100), path: "notes.txt",
      options: .init(windowLines: 40, windowOverlap: 8),
      expect: [
        "window lines 1-40~0 L1-40", "window lines 33-72~0 L33-72", "window lines 65-100~0 L65-100",
      ])
  }

  @Test func overlongLineIsCutAtWhitespaceWithoutOverlap() throws {
    let words = (1...200).map { "word\($0)" }.joined(separator: " ")
    let options = ChunkingOptions(maxChunkBytes: 256)
    let file = FileChunker(options: options).chunk(path: "long.txt", text: words + "\n")
    expectWellFormed(file, text: words + "\n", path: "long.txt", options: options)
    #expect(file.chunks.count > 1)
    #expect(file.chunks.map(\.text).joined() == words + "\n", "parts must tile the line exactly")
    #expect(file.chunks.map(\.ordinal) == Array(0..<file.chunks.count))
    #expect(file.chunks.allSatisfy { $0.name == "lines 1-1" })
    for chunk in file.chunks.dropLast() {
      #expect(chunk.text.hasSuffix(" "), "cut inside a word: \(chunk.text.suffix(12))")
    }
  }

  @Test(arguments: [101, 102, 103])
  func overlongLineOfMultiByteCharactersIsNeverCutInsideOne(limit: Int) {
    let text = String(repeating: "é€😀", count: 300)
    let options = ChunkingOptions(maxChunkBytes: limit)
    let file = FileChunker(options: options).chunk(path: "wide.txt", text: text)
    expectWellFormed(file, text: text, path: "wide.txt", options: options)
    #expect(file.chunks.map(\.text).joined() == text)
  }

  @Test func containerRunsAreSplitLikeDeclarations() {
    let members = (1...30).map { "  var p\($0) = \($0)\n" }.joined()
    check(
      "struct S {\n" + members + "}\n", options: .init(maxChunkLines: 12, windowOverlap: 2),
      expect: ["struct S~0 L1-12", "struct S~1 L11-22", "struct S~2 L21-32"])
  }
}
