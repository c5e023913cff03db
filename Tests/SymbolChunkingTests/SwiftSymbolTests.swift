import SearchCore
import SymbolChunking
import Testing

/// swift-syntax declarations: kinds, Swift-style names, containers and signatures.
@Suite struct SwiftSymbolTests {
  func check(
    _ source: String, expect expected: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let file = FileChunker().chunk(path: "S.swift", text: source)
    let rendered = file.symbols.map { symbol in
      "\(summary(symbol))" + (symbol.signature.map { " | \($0)" } ?? "")
    }
    #expect(rendered == expected, sourceLocation: sourceLocation)
    expectWellFormed(file, text: source, path: "S.swift", sourceLocation: sourceLocation)
  }

  @Test func functionsInitializersAndSubscripts() {
    check(
      """
      struct Grid<Element> {
        init(width: Int, height: Int) {}
        init?(_ rows: [[Element]]) { nil }
        deinit {}
        subscript(x: Int, y: Int) -> Element? { nil }
        subscript(row r: Int) -> [Element] { [] }
        @inlinable
        public mutating func fill(
          with value: Element,   // every cell
          where predicate: (Element) -> Bool
        ) async throws -> Int { 0 }
        static func == (lhs: Grid, rhs: Grid) -> Bool { true }
      }
      func free(_ a: Int, _: String, label b: Int) {}

      """,
      expect: [
        "struct Grid L1-13 | struct Grid<Element>",
        "constructor Grid.init(width:height:) L2-2 | init(width: Int, height: Int)",
        "constructor Grid.init(_:) L3-3 | init?(_ rows: [[Element]])",
        "constructor Grid.deinit L4-4 | deinit",
        "method Grid.subscript(_:_:) L5-5 | subscript(x: Int, y: Int) -> Element?",
        "method Grid.subscript(row:) L6-6 | subscript(row r: Int) -> [Element]",
        "method Grid.fill(with:where:) L7-11 | public mutating func fill(with value: Element, where predicate: (Element) -> Bool) async throws -> Int",
        "operator Grid.==(_:_:) L12-12 | static func == (lhs: Grid, rhs: Grid) -> Bool",
        "function free(_:_:label:) L14-14 | func free(_ a: Int, _: String, label b: Int)",
      ])
  }

  @Test func propertiesVariablesAndEnumCases() {
    check(
      """
      let answer = 42
      var (low, high): (Int, Int) = (0, 9)
      enum Token {
        case word(String), number(Int)
        case end
        static let separators: Set<Character> = [" "]
        var isEnd: Bool {
          if case .end = self { return true }
          return false
        }
      }

      """,
      expect: [
        "constant answer L1-1 | let answer",
        "variable low L2-2 | var (low, high): (Int, Int)",
        "variable high L2-2 | var (low, high): (Int, Int)",
        "enum Token L3-11 | enum Token",
        "enumMember Token.word L4-4 | case word(String)",
        "enumMember Token.number L4-4 | case number(Int)",
        "enumMember Token.end L5-5 | case end",
        "property Token.separators L6-6 | static let separators: Set<Character>",
        "property Token.isEnd L7-10 | var isEnd: Bool",
      ])
  }

  @Test func typesExtensionsAndIfConfig() {
    check(
      """
      protocol Store: Sendable {
        associatedtype Key: Hashable
        typealias Pairs = [(Key, Int)]
        func load() async -> Pairs
      }
      actor Memory {}
      class Node {}
      extension Outer.Inner where T: Equatable {
        #if DEBUG
        func dump() {}
        #endif
      }
      infix operator <~>: ComparisonPrecedence
      precedencegroup Pipe { associativity: left }
      @freestanding(expression) macro stringify<T>(_ value: T) -> (T, String) = #externalMacro(module: "M", type: "S")
      func local() {
        func nested() {}
        let inside = 1
      }

      """,
      expect: [
        "interface Store L1-5 | protocol Store: Sendable",
        "typeParameter Store.Key L2-2 | associatedtype Key: Hashable",
        "typeParameter Store.Pairs L3-3 | typealias Pairs = [(Key, Int)]",
        "method Store.load() L4-4 | func load() async -> Pairs",
        "class Memory L6-6 | actor Memory",
        "class Node L7-7 | class Node",
        "namespace Outer.Inner L8-12 | extension Outer.Inner where T: Equatable",
        "method Outer.Inner.dump() L10-10 | func dump()",
        "operator <~> L13-13 | infix operator <~>: ComparisonPrecedence",
        "operator Pipe L14-14 | precedencegroup Pipe",
        "function stringify(_:) L15-15 | macro stringify<T>(_ value: T) -> (T, String)",
        "function local() L16-19 | func local()",
      ])
  }

  @Test func brokenSourceStillYieldsWhatParses() {
    let source = "struct Half {\n  var a = 1\n  func f( {\n}\nfunc after() {}\n"
    let file = FileChunker().chunk(path: "Broken.swift", text: source)
    expectWellFormed(file, text: source, path: "Broken.swift")
    #expect(file.symbols.contains { $0.name == "Half" })
    #expect(file.symbols.contains { $0.name == "a" && $0.container == "Half" })
  }
}
