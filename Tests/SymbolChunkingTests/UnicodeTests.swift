import SearchCore
import SymbolChunking
import Testing

/// Columns and byte ranges count UTF-8 bytes, whatever the characters before a name.
@Suite struct UnicodeTests {
  /// `path`'s text and, for each expected symbol, its name and the 0-based line and UTF-8
  /// column where the name starts.
  func check(
    _ path: String, _ text: String, names expected: [(String, Int, Int)],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let file = FileChunker().chunk(path: path, text: text)
    expectWellFormed(file, text: text, path: path, sourceLocation: sourceLocation)
    let bytes = Array(text.utf8)
    for (name, line, column) in expected {
      let symbol = file.symbols.first { $0.name == name }
      #expect(symbol != nil, "no symbol \(name)", sourceLocation: sourceLocation)
      guard let symbol else { continue }
      #expect(
        symbol.nameSpan.start == TextPosition(line: line, column: column), "\(name)",
        sourceLocation: sourceLocation)
      let spelled = String(decoding: bytes[symbol.nameSpan.bytes], as: UTF8.self)
      #expect(
        spelled == name.split(separator: "(").first.map(String.init), sourceLocation: sourceLocation
      )
    }
  }

  @Test func swiftNamesAfterMultiByteCharacters() {
    check(
      "Größe.swift",
      """
      /// Maße in Zentimetern: ±0,5 cm 📏
      struct Maß { let wert: Double }
      let café = "☕️"; let naïve = Maß(wert: 1)
      func größe(von maß: Maß) -> Double { maß.wert }

      """,
      names: [
        ("Maß", 1, 7), ("wert", 1, 18), ("café", 2, 4), ("naïve", 2, 26), ("größe(von:)", 3, 5),
      ])
  }

  @Test func ctagsNamesAfterMultiByteCharacters() {
    check(
      "ünïcode.py",
      """
      # Übersicht: ½ · ⅓
      class Ünïcode:
          def naïve(self, größe="😀"): return größe


      def 計算(x): return x * 2

      """,
      names: [("Ünïcode", 1, 6), ("naïve", 2, 8), ("計算", 5, 4)])
  }

  @Test func chunkTextKeepsEveryCharacterIntact() throws {
    let text = """
      def greet(name):
          \"\"\"Greets in many scripts: Grüße, привет, 你好, مرحبا, 👋🏽.\"\"\"
          message = f"👋🏽 {name}"
          print(message)
          return message

      """
    let file = FileChunker().chunk(path: "greet.py", text: text)
    expectWellFormed(file, text: text, path: "greet.py")
    let chunk = try #require(file.chunks.first)
    #expect(chunk.text == text.dropLast().description + "\n")
    #expect(chunk.span.bytes == 0..<text.utf8.count)
  }
}
