import SymbolChunking
import Testing

/// CRLF files chunk exactly like LF files, and a missing final newline loses nothing.
@Suite struct LineEndingTests {
  static let swiftSource = """
    /// Counts things.
    struct Counter {
      var count = 0

      mutating func increment(by step: Int) {
        count += step
        precondition(count >= 0)
      }
    }

    func report(_ counter: Counter) {
      print(counter.count)
      print("done")
    }

    """

  static let pythonSource = """
    import sys


    def main(argv):
        total = 0
        for arg in argv:
            total += int(arg)
        return total


    raise SystemExit(main(sys.argv[1:]))

    """

  func check(
    path: String, source: String, expected: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let chunker = FileChunker()
    let lf = chunker.chunk(path: path, text: source)
    let crlfText = source.replacingOccurrences(of: "\n", with: "\r\n")
    let crlf = chunker.chunk(path: path, text: crlfText)
    #expect(lf.chunks.map(summary) == expected, sourceLocation: sourceLocation)
    #expect(crlf.chunks.map(summary) == expected, sourceLocation: sourceLocation)
    #expect(crlf.symbols.map(summary) == lf.symbols.map(summary), sourceLocation: sourceLocation)
    #expect(
      crlf.chunks.map { $0.text.replacingOccurrences(of: "\r\n", with: "\n") }
        == lf.chunks.map(\.text),
      sourceLocation: sourceLocation)
    for symbol in crlf.symbols {
      let end = symbol.span.bytes.upperBound
      let text = Array(crlfText.utf8)
      #expect(end == text.count || text[end] != UInt8(ascii: "\n"), sourceLocation: sourceLocation)
      #expect(
        end == 0 || text[end - 1] != UInt8(ascii: "\r"), "\(symbol.name) ends with \\r",
        sourceLocation: sourceLocation)
    }
    expectWellFormed(crlf, text: crlfText, path: path, sourceLocation: sourceLocation)
    // "\r\n" is one Character: drop its two bytes, not two Characters.
    let unterminated = String(decoding: crlfText.utf8.dropLast(2), as: UTF8.self)
    #expect(
      unterminated.hasSuffix("}") || unterminated.hasSuffix(")"), sourceLocation: sourceLocation)
    let last = chunker.chunk(path: path, text: unterminated)
    expectWellFormed(last, text: unterminated, path: path, sourceLocation: sourceLocation)
    #expect(last.chunks.map(summary) == expected, sourceLocation: sourceLocation)
    #expect(
      last.chunks.last?.span.bytes.upperBound == unterminated.utf8.count,
      sourceLocation: sourceLocation)
  }

  @Test func swiftSyntaxSpans() {
    check(
      path: "Counter.swift", source: Self.swiftSource,
      expected: [
        "struct Counter~0 L1-3", "method Counter.increment(by:)~0 L5-8",
        "function report(_:)~0 L11-14",
      ])
  }

  @Test func ctagsSpans() {
    check(
      path: "main.py", source: Self.pythonSource,
      expected: ["function main~0 L4-8", "window lines 11-11~0 L11-11"])
  }
}
