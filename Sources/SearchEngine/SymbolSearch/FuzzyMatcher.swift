/// Matches one query against symbol names the way editors' symbol pickers do: a prefix
/// first, then word-start ("camel hump") matches, then any subsequence; see ``FuzzyScorer``
/// for the ranking.
///
/// Matching is case-insensitive with a bonus for exact case. Whitespace in the query is
/// ignored; every other character, `.` and `_` included, must appear in the name. The
/// caller decides what a "name" is: pass bare names and `Foo.bar` matches nothing, pass
/// container-qualified names (`Symbol.qualifiedName`) and it matches `Foo.bar` first, while
/// `bar` still finds `Foo.bar` as a word match because `.` starts a new word.
package struct FuzzyMatcher: Sendable {
  private let query: MatchText
  private let mask: UInt64

  package init(query: String) {
    self.query = MatchText(query: query)
    self.mask = CharacterMask.of(self.query.folded)
  }

  /// Whether the query has no characters left once whitespace is dropped; such a query
  /// matches every name with score 0.
  package var isEmpty: Bool { query.count == 0 }

  /// How well `candidate` matches: `nil` for no match, higher is better. Scores are
  /// comparable between candidates for the same query only.
  package func score(_ candidate: String) -> Int? {
    if isEmpty { return 0 }
    let name = MatchText(candidate)
    guard name.count >= query.count, CharacterMask.of(name.folded) & mask == mask else {
      return nil
    }
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * query.count) { scratch in
      query.folded.withUnsafeBufferPointer { queryFolded in
        query.flags.withUnsafeBufferPointer { queryFlags in
          name.folded.withUnsafeBufferPointer { nameFolded in
            name.flags.withUnsafeBufferPointer { nameFlags in
              FuzzyScorer.score(
                query: queryFolded, queryFlags: queryFlags, name: nameFolded,
                nameFlags: nameFlags, scratch: scratch)
            }
          }
        }
      }
    }
  }
}
