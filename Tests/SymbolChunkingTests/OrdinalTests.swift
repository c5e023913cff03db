import SymbolChunking
import Testing

/// Chunks that share a qualified name are told apart by ordinals numbered in file order.
@Suite struct OrdinalTests {
  func check(
    _ path: String, _ text: String, options: ChunkingOptions = .init(),
    expect expected: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let file = FileChunker(options: options).chunk(path: path, text: text)
    #expect(file.chunks.map(summary) == expected, sourceLocation: sourceLocation)
    expectWellFormed(file, text: text, path: path, options: options, sourceLocation: sourceLocation)
  }

  static func function(_ signature: String, bodyLines: Int) -> String {
    "func \(signature) {\n" + (1...bodyLines).map { "  _ = \($0)\n" }.joined() + "}\n"
  }

  @Test func overloadsWithTheSameLabelsGetIncreasingOrdinals() {
    check(
      "O.swift",
      Self.function("parse(_ text: String)", bodyLines: 3) + "\n"
        + Self.function("parse(_ data: [UInt8])", bodyLines: 3),
      expect: ["function parse(_:)~0 L1-5", "function parse(_:)~1 L7-11"])
  }

  @Test func overloadsWithDifferentLabelsHaveDifferentNames() {
    check(
      "O.swift",
      Self.function("parse(text: String)", bodyLines: 3) + "\n"
        + Self.function("parse(data: [UInt8])", bodyLines: 3),
      expect: ["function parse(text:)~0 L1-5", "function parse(data:)~0 L7-11"])
  }

  @Test func partsOfASplitDeclarationAndALaterOverloadShareTheSequence() {
    check(
      "O.swift",
      Self.function("run(_ a: Int)", bodyLines: 12) + "\n"
        + Self.function("run(_ b: String)", bodyLines: 3),
      options: .init(maxChunkLines: 10, windowOverlap: 2),
      expect: ["function run(_:)~0 L1-10", "function run(_:)~1 L9-14", "function run(_:)~2 L16-20"])
  }

  @Test func aTypeAndItsExtensionAreNumberedAsOneName() {
    check(
      "O.swift",
      """
      struct Box {
        var value = 0
        var count = 0
        var label = ""
      }

      /// Display support.
      extension Box: CustomStringConvertible {
        var description: String { label }
        var isEmpty: Bool { count == 0 }
      }

      """,
      expect: ["struct Box~0 L1-5", "namespace Box~1 L7-11"])
  }

  @Test func sameNameInDifferentContainersIsNotAnOverload() {
    check(
      "handlers.py",
      """
      class Reader:
          def handle(self, event):
              self.events.append(event)
              self.count += 1
              return self.count


      class Writer:
          def handle(self, event):
              self.pending.append(event)
              self.flush()
              return len(self.pending)

      """,
      expect: ["method Reader.handle~0 L2-5", "method Writer.handle~0 L9-12"])
  }
}
