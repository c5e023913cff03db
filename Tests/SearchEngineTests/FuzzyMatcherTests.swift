import Testing

@testable import SearchEngine

/// How `FuzzyMatcher` orders names for a query: each line lists names from best to worst
/// (every one must match, each strictly better than the next) and names that must not match.
@Suite struct FuzzyMatcherTests {
  @Test func tiers() {
    check("parse", ranked: ["parse", "Parse", "parser", "fastParse", "sparse"])
    check("Foo", ranked: ["Foo", "foo", "FooBar", "fooBar", "myFoo", "xfoo"])
    check("utf8", ranked: ["utf8", "UTF8", "utf8Decode", "decodeUTF8"])
  }

  @Test func wordStartMatches() {
    check(
      "gNV",
      ranked: ["getNextValue", "getNextValueOrDefault", "xGetNextValue", "ignoreNilValues"])
    check("hrc", ranked: ["hrCount", "getHTTPResponseCode", "hierarchy"])
    check("p_c", ranked: ["p_config", "parse_config", "parse_compact_config", "map_cache"])
    check("cv", ranked: ["cv", "currentValue", "recvCurrentValue", "recv"])
    check("read", ranked: ["readLine", "channelRead", "rangeEndAddressData", "thread"])
    check(
      "chRead",
      ranked: ["channelRead", "channelReadComplete", "channel_pipeline_handler_Resume_And_Did"])
  }

  @Test func caseAndUnicode() {
    check("über", ranked: ["über", "Über", "ÜBER", "überAll", "großÜber"], unmatched: ["uber"])
    check("日本", ranked: ["日本", "日本語", "にっぽん日本"])
    check("É", ranked: ["É", "é", "Éclair"], unmatched: ["E"])
  }

  @Test func queryShapes() {
    check("get value", ranked: ["getValue", "get_value"])
    check(
      "Foo.bar", ranked: ["Foo.bar", "Foo.Bar", "Foo.barBaz", "MyFoo.bar"],
      unmatched: ["bar", "Foobar"])
    check("bar", ranked: ["bar", "Foo.bar"])
    check("getNextValue", unmatched: ["get", "getValue"])
    check("abc", unmatched: ["acb", "ab", ""])
    check(String(repeating: "a", count: 256), unmatched: [String(repeating: "a", count: 300)])
  }

  @Test func emptyQueryMatchesEverything() {
    for query in ["", "   ", "\t"] {
      let matcher = FuzzyMatcher(query: query)
      #expect(matcher.isEmpty)
      #expect(matcher.score("anything") == 0)
      #expect(matcher.score("") == 0)
    }
  }

  /// Checks that every name in `ranked` matches `query` and scores strictly above the next
  /// one, and that no name in `unmatched` matches.
  private func check(
    _ query: String, ranked: [String] = [], unmatched: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let matcher = FuzzyMatcher(query: query)
    let scores = ranked.map { matcher.score($0) }
    for (name, score) in zip(ranked, scores) {
      #expect(score != nil, "\(query) should match \(name)", sourceLocation: sourceLocation)
    }
    for index in ranked.indices.dropLast() {
      if let better = scores[index], let worse = scores[index + 1] {
        #expect(
          better > worse, "\(query): \(ranked[index]) should outrank \(ranked[index + 1])",
          sourceLocation: sourceLocation)
      }
    }
    for name in unmatched {
      #expect(
        matcher.score(name) == nil, "\(query) should not match \(name)",
        sourceLocation: sourceLocation)
    }
  }
}
