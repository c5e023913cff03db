/// The scoring shared by ``FuzzyMatcher`` and ``SymbolNameIndex``: how well a prepared query
/// matches one prepared name.
///
/// A score orders matches first by tier, then by how many query characters landed in the
/// middle of a word ("strays"), then by a bonus that rewards word starts, runs of
/// consecutive characters, exact case and a match at the very first character, and
/// charges for every word passed over after the first match (so `chRead` prefers
/// `channelRead` to `channel_pipeline_handler_Resume…And…Did`):
///
/// 1. ``Tier/exact`` and ``Tier/exactIgnoringCase``: the whole name.
/// 2. ``Tier/prefix``: the name starts with the query (`getN` → `getNextValue`).
/// 3. ``Tier/words``: every query character starts a word or continues a run that began at
///    one (`gNV`, `getNV` → `getNextValue`; `hrc` → `getHTTPResponseCode`; `p_c` →
///    `parse_config`).
/// 4. ``Tier/scattered``: any other subsequence (`etxt` → `getNextValue`).
///
/// Below the prefix tiers the best alignment is found by dynamic programming over query ×
/// name positions, so a greedy left-most choice cannot hide a better one (`cv` in
/// `recvCurrentValue`). A prefix match is scored as that prefix, in time linear in the name:
/// prefix matches are the most common kind for short queries, and the tier already says
/// the name is what the user is typing.
enum FuzzyScorer {
  /// Match kinds, worst first; the raw value is the most significant part of a score.
  enum Tier: Int, Sendable {
    case scattered = 1, words, prefix, exactIgnoringCase, exact
  }

  /// Queries longer than this match nothing: no identifier is that long, and it bounds the
  /// stray count and the bonus that a score packs into 16 bits each.
  static let maxQueryLength = 255

  static let wordStartBonus: Int32 = 8
  /// Worth more than a word start, so a run (`read` in `channelRead`) beats a spread of
  /// initials (`r`ange`E`nd`A`ddress`D`ata) for a lower-case query.
  static let consecutiveBonus: Int32 = 10
  static let exactCaseBonus: Int32 = 2
  static let firstCharacterBonus: Int32 = 6
  static let skippedWordPenalty: Int32 = 2
  /// Far larger than any bonus or word-skipping charge a real alignment accumulates, so one
  /// stray outweighs them all and the stray count can be read back from the total.
  static let strayPenalty: Int32 = 1 << 20
  private static let unreachable: Int32 = -(1 << 30)

  /// The bonus is stored offset by this much in 16 bits, so charges can make it negative.
  private static let bonusOffset = 1 << 15

  /// Packs the parts of a score into one integer that compares in their priority order.
  static func compose(tier: Tier, strays: Int, bonus: Int) -> Int {
    let storedBonus = min(max(bonus + bonusOffset, 0), 0xFFFF)
    return tier.rawValue << 32 | (maxQueryLength - strays) << 16 | storedBonus
  }

  /// The highest score a name can get without the query being a prefix of it: matches
  /// below a full top-k list scoring higher need no alignment at all.
  static let bestNonPrefixScore = compose(tier: .words, strays: 0, bonus: 0xFFFF)

  /// The highest score a scattered match can get.
  static let bestScatteredScore = compose(tier: .scattered, strays: 0, bonus: 0xFFFF)

  /// Scores `name` against `query` (both folded, with their ``MatchFlags``); `nil` when the
  /// query is not a subsequence, or when the name cannot reach `floor` (a score that is
  /// useless to the caller). `scratch` holds at least two `Int32` per query character.
  ///
  /// Characters are compared as `Unit`s: full scalar values, or single bytes when the query
  /// is ASCII and names are stored with every non-ASCII character as a byte no ASCII
  /// character equals (a quarter of the memory to stream through).
  static func score<Unit: FixedWidthInteger>(
    query: UnsafeBufferPointer<Unit>, queryFlags: UnsafeBufferPointer<UInt8>,
    name: UnsafeBufferPointer<Unit>, nameFlags: UnsafeBufferPointer<UInt8>,
    scratch: UnsafeMutableBufferPointer<Int32>, floor: Int = Int.min
  ) -> Int? {
    let m = query.count
    let n = name.count
    guard m > 0, m <= n, m <= maxQueryLength, scratch.count >= 2 * m else { return nil }
    var isPrefix = true
    var caseMatches = true
    for j in 0..<m {
      if name[j] != query[j] {
        isPrefix = false
        break
      }
      if (nameFlags[j] ^ queryFlags[j]) & MatchFlags.upper != 0 { caseMatches = false }
    }
    if !isPrefix {
      if bestNonPrefixScore < floor { return nil }
      // Only a word match can still be useful, and a word match starts at a word start.
      if bestScatteredScore < floor
        && !zip(name, nameFlags).contains(where: {
          $0 == query[0] && $1 & MatchFlags.wordStart != 0
        })
      {
        return nil
      }
      var j = 0
      for i in 0..<n where name[i] == query[j] {
        j += 1
        if j == m { break }
      }
      if j < m { return nil }
    }
    let total =
      isPrefix
      ? prefixTotal(queryFlags, nameFlags, length: m)
      : align(query, queryFlags, name, nameFlags, scratch)
    guard total > unreachable / 2 else { return nil }
    // total = bonus - strays × strayPenalty with |bonus| < strayPenalty / 2.
    let half = Int(strayPenalty / 2)
    let strays = max(0, (half - Int(total)) / Int(strayPenalty))
    let bonus = Int(total) + strays * Int(strayPenalty)
    let tier: Tier =
      if isPrefix {
        m == n ? (caseMatches ? .exact : .exactIgnoringCase) : .prefix
      } else {
        strays == 0 ? .words : .scattered
      }
    return compose(tier: tier, strays: strays, bonus: bonus)
  }

  /// The total of the alignment that matches the query at the start of the name: the same
  /// bonuses and charges as ``align(_:_:_:_:_:)`` gives that alignment.
  private static func prefixTotal(
    _ queryFlags: UnsafeBufferPointer<UInt8>, _ nameFlags: UnsafeBufferPointer<UInt8>,
    length m: Int
  ) -> Int32 {
    var total: Int32 = wordStartBonus + firstCharacterBonus
    for j in 0..<m {
      let flags = nameFlags[j]
      if (flags ^ queryFlags[j]) & MatchFlags.upper == 0 { total += exactCaseBonus }
      if j > 0 {
        total += consecutiveBonus
        if flags & MatchFlags.wordStart != 0 { total += wordStartBonus }
      }
    }
    for flags in nameFlags[m...]
    where flags & MatchFlags.wordStart != 0 && flags & MatchFlags.separator == 0 {
      total -= skippedWordPenalty
    }
    return total
  }

  /// The best total over all alignments of the query as a subsequence of the name: bonuses
  /// minus ``strayPenalty`` per stray and ``skippedWordPenalty`` per word start passed over
  /// after the first match. Runs over name positions keeping, per query index, the best
  /// score ending exactly at the previous position and the best ending anywhere before it
  /// (charged for the word starts passed since); query indices go downwards so both still
  /// hold the previous position's values when read.
  private static func align<Unit: FixedWidthInteger>(
    _ query: UnsafeBufferPointer<Unit>, _ queryFlags: UnsafeBufferPointer<UInt8>,
    _ name: UnsafeBufferPointer<Unit>, _ nameFlags: UnsafeBufferPointer<UInt8>,
    _ scratch: UnsafeMutableBufferPointer<Int32>
  ) -> Int32 {
    let m = query.count
    let n = name.count
    let endingHere = UnsafeMutableBufferPointer(rebasing: scratch[0..<m])
    let bestSoFar = UnsafeMutableBufferPointer(rebasing: scratch[m..<(2 * m)])
    endingHere.update(repeating: unreachable)
    bestSoFar.update(repeating: unreachable)
    // Nothing can be matched before the first occurrence of the query's first character or
    // after the last occurrence of its last one; past that point every alignment only pays
    // for the word starts it passes, the same for all of them.
    guard let first = name.firstIndex(of: query[0]),
      let last = name.lastIndex(of: query[m - 1]), first <= last
    else { return unreachable }
    for i in first...last {
      let character = name[i]
      let flags = nameFlags[i]
      let startsWord = flags & MatchFlags.wordStart != 0
      let passing: Int32 =
        startsWord && flags & MatchFlags.separator == 0 ? skippedWordPenalty : 0
      let entry: Int32 = startsWord ? wordStartBonus : -strayPenalty
      let runBonus: Int32 = consecutiveBonus + (startsWord ? wordStartBonus : 0)
      // Query index j can only sit at name position i if j ≤ i and the rest still fits.
      let highest = min(m - 1, i)
      let lowest = max(0, m - (n - i))
      for j in stride(from: highest, through: lowest, by: -1) {
        var here = unreachable
        if character == query[j] {
          let caseBonus: Int32 =
            (flags ^ queryFlags[j]) & MatchFlags.upper == 0 ? exactCaseBonus : 0
          if j == 0 {
            here = entry + caseBonus + (i == 0 ? firstCharacterBonus : 0)
          } else {
            let run = endingHere[j - 1] &+ runBonus
            let jump = bestSoFar[j - 1] &+ entry
            here = max(run, jump) &+ caseBonus
            if here < unreachable / 2 { here = unreachable }
          }
        }
        endingHere[j] = here
        // Alignments that ended earlier pass over this word start unless they land here.
        bestSoFar[j] = max(bestSoFar[j] &- passing, here)
      }
    }
    var trailing: Int32 = 0
    for flags in nameFlags[(last + 1)...]
    where flags & MatchFlags.wordStart != 0 && flags & MatchFlags.separator == 0 {
      trailing += skippedWordPenalty
    }
    return bestSoFar[m - 1] &- trailing
  }
}
