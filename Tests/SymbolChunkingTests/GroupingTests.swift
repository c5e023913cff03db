import SymbolChunking
import Testing

/// Which declarations become chunks of their own and which stay in their container's chunk.
@Suite struct GroupingTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var label: String
    var source: String
    var expected: [String]
    var testDescription: String { label }
  }

  static let cases: [Case] = [
    Case(
      label: "a type with only small members is one chunk",
      source: """
        struct Point {
          var x = 0
          var y = 0
          func sum() -> Int { x + y }
        }

        """,
      expected: ["struct Point~0 L1-5"]),
    Case(
      label: "a large member is cut out; the runs around it stay with the type",
      source: """
        final class Cache {
          var hits = 0

          func lookup(_ key: String) -> Int? {
            hits += 1
            return nil
          }

          var misses = 0
          var ratio = 0.5
        }

        """,
      expected: ["class Cache~0 L1-2", "method Cache.lookup(_:)~0 L4-7", "class Cache~1 L9-11"]),
    Case(
      label: "a bare declaration line is dropped when every member has its own chunk",
      source: """
        extension Cache {
          func clear() {
            hits = 0
            misses = 0
          }
        }

        """,
      expected: ["method Cache.clear()~0 L2-5"]),
    Case(
      label: "a documented header is kept even when every member has its own chunk",
      source: """
        /// Caching for lookups.
        extension Cache {
          func clear() {
            hits = 0
            misses = 0
          }
        }

        """,
      expected: ["namespace Cache~0 L1-2", "method Cache.clear()~0 L3-6"]),
    Case(
      label: "nested types chunk with their dotted container; even a tiny run stays",
      source: """
        enum Outer {
          struct Inner {
            var a = 1
            var b = 2
          }
          case one
        }

        """,
      expected: ["struct Outer.Inner~0 L2-5", "enum Outer~0 L6-7"]),
    Case(
      label: "declarations nested in a function stay in the function's chunk",
      source: """
        func outer() -> Int {
          func inner() -> Int {
            let a = 1
            let b = 2
            return a + b
          }
          return inner()
        }

        """,
      expected: ["function outer()~0 L1-8"]),
    Case(
      label: "small top-level declarations fall into a window, large ones are chunks",
      source: """
        let limit = 10
        func tiny() -> Int { limit }

        func large() -> Int {
          var total = 0
          total += limit
          return total
        }

        """,
      expected: ["window lines 1-2~0 L1-2", "function large()~0 L4-8"]),
    Case(
      label: "doc comments and attributes directly above join the chunk, separated ones do not",
      source: """
        // MARK: - Stepping

        /// Advances the counter.
        @discardableResult
        func step() -> Int {
          counter += 1
          return counter
        }

        """,
      expected: ["function step()~0 L3-8"]),
  ]

  @Test(arguments: cases)
  func check(_ testCase: Case) {
    let path = "Sources/Grouping.swift"
    let file = FileChunker().chunk(path: path, text: testCase.source)
    #expect(file.chunks.map(summary) == testCase.expected)
    expectWellFormed(file, text: testCase.source, path: path)
  }

  @Test func smallMembersRemainSymbols() {
    let file = FileChunker().chunk(path: "P.swift", text: Self.cases[0].source)
    #expect(
      file.symbols.map(summary) == [
        "struct Point L1-5", "property Point.x L2-2", "property Point.y L3-3",
        "method Point.sum() L4-4",
      ])
  }
}
