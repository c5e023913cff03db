import Testing

@testable import SearchEngine

/// Ranked search over an index: result order, tie-breaks, limits, and agreement with
/// scoring every name one by one.
@Suite struct SymbolNameIndexTests {
  static let symbols = [
    "getNextValue", "getValue", "GetValue", "get_value", "nextValue", "setValue", "value",
    "getHTTPResponseCode", "HTTPResponse", "parse_config", "ParseConfig", "parseConfiguration",
    "ConfigParser", "channelRead", "channelReadComplete", "ChannelHandler", "readLine", "reader",
    "thread", "Foo.bar", "Foo.baz", "bar", "über", "Über", "日本語",
  ]

  @Test func ranking() {
    check(SymbolNameIndexTests.symbols, "gNV", limit: 3, ["getNextValue"])
    // `get_value` matches `value` in exact case; the three others tie and go by name.
    check(
      SymbolNameIndexTests.symbols, "value", limit: 5,
      ["value", "get_value", "GetValue", "getValue", "setValue"])
    check(SymbolNameIndexTests.symbols, "hrc", limit: 1, ["getHTTPResponseCode"])
    check(SymbolNameIndexTests.symbols, "p_c", limit: 1, ["parse_config"])
    // Exact case at both word starts first; `ParseConfig` matches neither in case.
    check(
      SymbolNameIndexTests.symbols, "pc", limit: 3,
      ["parse_config", "parseConfiguration", "ParseConfig"])
    check(
      SymbolNameIndexTests.symbols, "read", limit: 5,
      ["reader", "readLine", "channelRead", "channelReadComplete", "thread"])
    check(SymbolNameIndexTests.symbols, "Foo.", limit: 5, ["Foo.bar", "Foo.baz"])
    check(SymbolNameIndexTests.symbols, "über", limit: 5, ["über", "Über"])
    check(SymbolNameIndexTests.symbols, "zzz", limit: 5, [])
  }

  @Test func tieBreaks() {
    // Equal scores: shorter name first, then name by bytes, then position in the input.
    check(
      ["getValueB", "getValueA", "getValue", "getValueA"], "getValue", limit: 4,
      indices: [2, 1, 3, 0])
    check(["abcd", "abc_", "ab"], "ab", limit: 3, indices: [2, 1, 0])
    // An empty query ties every name, so the same order applies to all of them.
    check(["bb", "a", "ccc", "ab", "a"], "", limit: 4, indices: [1, 4, 3, 0])
    check(["bb", "a"], "  ", limit: 10, indices: [1, 0])
  }

  @Test func limits() {
    check(SymbolNameIndexTests.symbols, "value", limit: 0, [])
    check([], "value", limit: 5, [])
    check(["value"], "value", limit: 100, ["value"])
    check(["a"], String(repeating: "a", count: 256), limit: 5, [])
  }

  /// The index (with its shortcuts and pruning) must return exactly what scoring every name
  /// with `FuzzyMatcher` and sorting would.
  @Test func agreesWithScoringEveryName() {
    var generator = SplitMix(seed: 7)
    let words = [
      "get", "set", "value", "next", "http", "read", "write", "channel", "buffer", "x", "io",
    ]
    var names: [String] = []
    for _ in 0..<3000 {
      var name = ""
      for part in 0..<(1 + generator.next() % 4) {
        let word = words[generator.next() % words.count]
        let style = generator.next() % 3
        name += part == 0 ? word : style == 0 ? "_" + word : style == 1 ? word.capitalized : word
      }
      names.append(name)
    }
    let index = SymbolNameIndex(names: names)
    for query in ["g", "gv", "getV", "rw", "chBuf", "x_io", "httpread", "ee", "V", "zz", "get_"] {
      for limit in [1, 7, 50] {
        let matcher = FuzzyMatcher(query: query)
        let expected = names.indices.compactMap { i in matcher.score(names[i]).map { (i, $0) } }
          .sorted { a, b in
            if a.1 != b.1 { return a.1 > b.1 }
            let lengthA = names[a.0].unicodeScalars.count
            let lengthB = names[a.0 == b.0 ? a.0 : b.0].unicodeScalars.count
            if lengthA != lengthB { return lengthA < lengthB }
            if names[a.0] != names[b.0] {
              return names[a.0].utf8.lexicographicallyPrecedes(names[b.0].utf8)
            }
            return a.0 < b.0
          }
          .prefix(limit)
        let found = index.search(query, limit: limit)
        #expect(found.map(\.index) == expected.map(\.0), "\(query) limit \(limit)")
        #expect(found.map(\.score) == expected.map(\.1), "\(query) limit \(limit)")
      }
    }
  }

  /// Searches `names` and compares the names (or the indices) of the results in order.
  private func check(
    _ names: [String], _ query: String, limit: Int, _ expected: [String]? = nil,
    indices expectedIndices: [Int]? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let results = SymbolNameIndex(names: names).search(query, limit: limit)
    if let expected {
      #expect(
        results.map { names[$0.index] } == expected, "\(query)", sourceLocation: sourceLocation)
    }
    if let expectedIndices {
      #expect(results.map(\.index) == expectedIndices, "\(query)", sourceLocation: sourceLocation)
    }
    let scores = results.map(\.score)
    #expect(scores == scores.sorted(by: >), "\(query)", sourceLocation: sourceLocation)
  }
}

/// A small deterministic generator, so generated name lists are the same on every run.
private struct SplitMix {
  var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
  }
}
