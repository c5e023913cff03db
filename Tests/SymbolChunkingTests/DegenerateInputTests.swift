import Foundation
import SearchCore
import Testing

@testable import SymbolChunking

/// Inputs at the edges: empty, blank, huge, one enormous line, binary, and ctags reporting
/// lines that do not exist.
@Suite struct DegenerateInputTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var label: String
    var path: String
    var text: String
    var testDescription: String { label }
  }

  static let emptyCases: [Case] = [
    Case(label: "empty Swift", path: "Empty.swift", text: ""),
    Case(label: "empty Python", path: "empty.py", text: ""),
    Case(label: "empty text", path: "empty.txt", text: ""),
    Case(label: "blank Python", path: "blank.py", text: "\n\n   \n\t\n"),
    Case(label: "blank Swift", path: "Blank.swift", text: "\r\n\r\n"),
    Case(label: "imports only", path: "imports.py", text: "import os\nimport sys\n"),
  ]

  @Test(arguments: emptyCases)
  func nothingToIndexMeansNoChunks(_ testCase: Case) {
    let file = FileChunker().chunk(path: testCase.path, text: testCase.text)
    #expect(file.chunks.isEmpty)
    #expect(file.symbols.isEmpty)
    #expect(file.warnings.isEmpty)
    #expect(file.chunker == .lineWindows)
  }

  @Test func oneMegabyteFileIsChunkedWhole() {
    let function = { (index: Int) in
      "def handler_\(index)(request, retries=3):\n"
        + (1...12).map { "    value_\($0) = request.get(\"field_\($0)\", \(index))\n" }.joined()
        + "    return value_1\n\n\n"
    }
    var text = ""
    var index = 0
    while text.utf8.count < 1_000_000 {
      text += function(index)
      index += 1
    }
    let start = ContinuousClock.now
    let file = FileChunker().chunk(path: "big/generated.py", text: text)
    // Generous for a debug build on a slow machine; a quadratic step would take minutes.
    #expect(ContinuousClock.now - start < .seconds(30))
    expectWellFormed(file, text: text, path: "big/generated.py")
    #expect(file.chunker == .ctags)
    #expect(file.symbols.count == index)
    #expect(file.chunks.count == index)
    #expect(file.chunks.last?.name == "handler_\(index - 1)")
  }

  @Test(arguments: ["minified.js", "blob.txt", "Data.swift"])
  func oneHundredKilobyteLineIsCutIntoBoundedParts(path: String) {
    let line = (0..<11_000).map { "v\($0 % 97)=\($0);" }.joined(separator: " ")
    let text = path.hasSuffix(".swift") ? "let data = \"\(line)\"\n" : line + "\n"
    #expect(text.utf8.count > 100_000)
    let options = ChunkingOptions()
    let file = FileChunker(options: options).chunk(path: path, text: text)
    expectWellFormed(file, text: text, path: path, options: options)
    #expect(file.chunks.count >= text.utf8.count / options.maxChunkBytes)
    #expect(file.chunks.map(\.text).joined() == text, "parts must tile the line")
  }

  @Test func binaryLookingTextIsWindowedSafely() {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let text = String(decoding: bytes, as: UTF8.self)
    for path in ["blob.bin", "blob.c", "Blob.swift"] {
      let file = FileChunker().chunk(path: path, text: text)
      expectWellFormed(file, text: text, path: path)
      #expect(!file.chunks.isEmpty, "\(path)")
    }
  }

  @Test func unclosedBracketsCannotMakeEndFindingQuadratic() {
    // Every declaration opens a bracket it never closes, on one 100 kB line: without a budget
    // each of the 2 000 scans would read on to the end of the line.
    let count = 2_000
    let text = (0..<count).map { "var v\($0) = {(\(String(repeating: "x", count: 40)) " }.joined()
    let source = SourceText(text)
    let syntax = LanguageSyntax.forLanguage("JavaScript")
    let builder = CtagsSymbolBuilder(
      source: source, lines: LineClassification(source: source, syntax: syntax), syntax: syntax,
      language: "JavaScript")
    let records = (0..<count).map {
      CtagsRecord(type: "tag", name: "v\($0)", line: 1, kind: "variable")
    }
    let start = ContinuousClock.now
    let symbols = builder.symbols(from: records)
    #expect(ContinuousClock.now - start < .seconds(20))
    #expect(symbols.count == count)
    #expect(symbols.allSatisfy { $0.span.start.line == 0 && $0.span.end.line == 0 })
  }

  /// Every prefix of a real file is broken code somewhere; none may yield a malformed chunk.
  @Test(arguments: FixtureSnapshotTests.fixtures)
  func truncatedFilesStayWellFormed(name: String) throws {
    let url = try #require(
      Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    let text = try String(contentsOf: url, encoding: .utf8)
    let chunker = FileChunker()
    defer { chunker.shutdown() }
    var cut = text.startIndex
    while cut < text.endIndex {
      let prefix = String(text[..<cut])
      let file = chunker.chunk(path: name, text: prefix)
      expectWellFormed(file, text: prefix, path: name)
      #expect(file.warnings.isEmpty)
      cut = text.index(cut, offsetBy: 61, limitedBy: text.endIndex) ?? text.endIndex
    }
  }

  @Test(arguments: [
    ChunkingOptions(
      maxChunkLines: 0, maxChunkBytes: 0, minChunkLines: 0, windowLines: 0, windowOverlap: 0,
      ctagsTimeoutSeconds: 0),
    ChunkingOptions(
      maxChunkLines: -5, maxChunkBytes: -1, minChunkLines: -3, windowLines: -1,
      windowOverlap: -4, ctagsTimeoutSeconds: -.infinity),
    ChunkingOptions(
      maxChunkLines: .max, maxChunkBytes: .max, minChunkLines: .max, windowLines: .max,
      windowOverlap: .max, ctagsTimeoutSeconds: .infinity),
    ChunkingOptions(windowLines: 3, windowOverlap: 3, ctagsTimeoutSeconds: .nan),
  ])
  func absurdOptionsDegradeInsteadOfFailing(options: ChunkingOptions) throws {
    let chunker = FileChunker(options: options)
    defer { chunker.shutdown() }
    for name in ["RateLimiter.swift", "inventory.py", "notes.txt"] {
      let url = try #require(
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
      let text = try String(contentsOf: url, encoding: .utf8)
      let file = chunker.chunk(path: name, text: text)
      #expect(!file.chunks.isEmpty)
      #expect(file.warnings.isEmpty)
      for chunk in file.chunks {
        #expect(Array(chunk.text.utf8) == Array(Array(text.utf8)[chunk.span.bytes]))
      }
    }
  }

  @Test func ctagsLinesOutsideTheFileAreClamped() throws {
    let text = "first line\nsecond line\nthird line\n"
    let source = SourceText(text)
    let syntax = LanguageSyntax.forLanguage("C")
    let builder = CtagsSymbolBuilder(
      source: source, lines: LineClassification(source: source, syntax: syntax), syntax: syntax,
      language: "C")
    let records = [
      CtagsRecord(type: "tag", name: "second", line: 2, end: 1, kind: "function"),
      CtagsRecord(type: "tag", name: "beyond", line: 40, end: 90, kind: "function"),
      CtagsRecord(type: "tag", name: "third", line: 3, end: 900, kind: "variable"),
      CtagsRecord(type: "tag", name: "zero", line: 0, kind: "variable"),
      CtagsRecord(type: "completed"),
    ]
    let symbols = builder.symbols(from: records)
    #expect(
      symbols.map(summary) == [
        "variable zero L1-1", "function second L2-2", "function beyond L3-3", "variable third L3-3",
      ])
    for symbol in symbols {
      #expect(symbol.span.bytes.upperBound <= text.utf8.count)
      #expect(symbol.span.bytes.lowerBound <= symbol.span.bytes.upperBound)
    }
    #expect(
      symbols.first { $0.name == "second" }?.nameSpan.start == TextPosition(line: 1, column: 0))
  }
}
