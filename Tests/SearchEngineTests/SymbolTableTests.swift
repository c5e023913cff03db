import Foundation
import MetadataStore
import SearchCore
import Testing

@testable import SearchEngine

/// The two-layer symbol view answers as one full snapshot of the same symbols would.
struct SymbolTableTests {
  private static let words = ["upload", "retry", "parse", "config", "file", "queue", "send", "merge", "render", "token"]

  private static func symbol(_ name: String, line: Int, kind: SymbolKind = .function) -> Symbol {
    let span = TextSpan(start: .init(line: line, column: 0), end: .init(line: line + 3, column: 0), bytes: 0..<10)
    return Symbol(name: name, kind: kind, container: nil, signature: nil, span: span, nameSpan: span)
  }

  private static func symbols(seed: UInt64, count: Int) -> [Symbol] {
    var state = seed
    return (0..<count).map { index in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let first = words[Int(state >> 33) % words.count]
      let second = words[Int(state >> 45) % words.count]
      let kinds: [SymbolKind] = [.function, .variable, .namespace, .class]
      return symbol(first + second.capitalized + String(index % 3), line: index * 4, kind: kinds[Int(state >> 50) % kinds.count])
    }
  }

  /// Every match (a limit above all counts), as a multiset of (path, name, score).
  private static func matches(_ hits: [(path: String, symbol: Symbol, score: Int)]) -> [String] {
    hits.map { "\($0.path)|\($0.symbol.name)|\($0.score)" }.sorted()
  }

  @Test func theLayeredViewMatchesAFullSnapshotThroughEdits() {
    var stored: [StoredSymbol] = []
    for file in 0..<300 {
      for symbol in Self.symbols(seed: UInt64(file), count: 6) { stored.append(StoredSymbol(path: "f\(file).swift", symbol: symbol)) }
    }
    var table = SymbolTable(symbols: stored)
    _ = table.currentView()
    let queries = ["upl", "rtr", "parseConfig", "qs", "token", "mergeRender1", "fil", ""]
    for round in 0..<40 {
      // Files replaced, emptied, overlaid and restored; past the threshold, a new base is installed.
      let file = "f\((round * 37) % 300).swift"
      switch round % 4 {
      case 0: table.replace([(file, Self.symbols(seed: 1000 + UInt64(round), count: 4))])
      case 1: table.replace([(file, [])])
      case 2: table.setOverlay(path: file, symbols: Self.symbols(seed: 2000 + UInt64(round), count: 2))
      default: table.removeOverlay(path: "f\(((round - 1) * 37) % 300).swift")
      }
      if round % 10 == 9, table.wantsNewBase || round == 19 {
        let input = table.fullInput()
        table.install(base: SymbolSnapshot(byPath: input.files), asOf: input.asOf)
      }
      let view = table.currentView()
      let full = SymbolSnapshot(byPath: table.fullInput().files)
      for query in queries {
        #expect(
          Self.matches(view.search(query, limit: 10_000)) == Self.matches(full.search(query, limit: 10_000)),
          "round \(round), query \(query)")
        // The first page in order, as one snapshot of everything ranks it (ties between
        // files of equal names aside: those compare as equal here).
        for limit in [1, 5, 20] {
          let page = view.search(query, limit: limit).map { "\($0.score)|\($0.symbol.name)|\($0.symbol.kind)" }
          let expected = full.search(query, limit: limit).map { "\($0.score)|\($0.symbol.name)|\($0.symbol.kind)" }
          #expect(page == expected, "round \(round), query \(query), limit \(limit)")
        }
      }
      #expect(view.allSymbols.count == full.symbols.count)
    }
  }

  @Test func anOlderBaseNeverReplacesANewerOne() {
    var table = SymbolTable(symbols: [StoredSymbol(path: "a.swift", symbol: Self.symbol("alpha", line: 0))])
    _ = table.currentView()
    let older = table.fullInput()
    table.replace([("a.swift", [Self.symbol("beta", line: 0)])])
    let newer = table.fullInput()
    table.install(base: SymbolSnapshot(byPath: newer.files), asOf: newer.asOf)
    table.install(base: SymbolSnapshot(byPath: older.files), asOf: older.asOf)
    #expect(table.currentView().search("beta", limit: 5).map(\.symbol.name) == ["beta"])
    #expect(table.currentView().search("alpha", limit: 5).isEmpty)
  }
}
