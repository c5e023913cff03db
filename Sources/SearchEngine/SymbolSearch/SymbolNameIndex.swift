/// The names of a catalog snapshot prepared once for many `workspace/symbol` queries.
///
/// Names are stored flat (all folded scalars in one array, one flags array, offsets per
/// name) with a ``CharacterMask`` each, so a query runs one tight loop: a mask test and a
/// length test reject most names, a greedy subsequence test most of the rest, and only real
/// matches are aligned by ``FuzzyScorer``; a bounded heap keeps the best `limit`. The
/// folded names are also kept as one byte per character: an ASCII query (nearly all of
/// them) streams through that copy, and the time of a search is mostly the memory it reads.
///
/// Names the query is a prefix of are scored in a first pass: they outrank every other
/// match, so when there are `limit` of them the second pass over all other names ends at
/// once.
package struct SymbolNameIndex: Sendable {
  private let names: [String]
  private let folded: [UInt32]
  /// ``folded`` narrowed to a byte per character by ``MatchText/narrow(_:)``.
  private let narrowed: [UInt8]
  private let flags: [UInt8]
  /// Name `i` occupies `starts[i]..<starts[i + 1]` of ``folded`` and ``flags``.
  private let starts: [Int32]
  private let masks: [UInt64]
  /// Each name's first folded scalar (0 for an empty name), kept apart from ``folded`` so
  /// the prefix test for names that cannot be prefix matches reads this small array only.
  private let leading: [UInt32]
  /// Each name's first eight UTF-8 bytes as a big-endian integer, for ``RankedTopK``.
  private let nameKeys: [UInt64]

  /// Prepares `names`; results refer to names by their position in this array.
  package init(names: [String]) {
    var folded: [UInt32] = []
    var flags: [UInt8] = []
    var starts: [Int32] = [0]
    var masks: [UInt64] = []
    var leading: [UInt32] = []
    var classes: [CharacterClass] = []
    let estimate = names.reduce(0) { $0 + $1.utf8.count }
    folded.reserveCapacity(estimate)
    flags.reserveCapacity(estimate)
    starts.reserveCapacity(names.count + 1)
    masks.reserveCapacity(names.count)
    leading.reserveCapacity(names.count)
    for name in names {
      let start = folded.count
      MatchText.append(name, folded: &folded, flags: &flags, classes: &classes)
      starts.append(Int32(truncatingIfNeeded: folded.count))
      masks.append(CharacterMask.of(folded[start...]))
      leading.append(start < folded.count ? folded[start] : 0)
    }
    self.names = names
    self.folded = folded
    self.narrowed = folded.map(MatchText.narrow)
    self.flags = flags
    self.starts = starts
    self.masks = masks
    self.leading = leading
    self.nameKeys = names.map(SymbolNameIndex.nameKey)
  }

  package var count: Int { names.count }

  /// The best `limit` matches for `query`, best first: by score, then shorter name, then
  /// name (by UTF-8 bytes), then index. An empty (or all-whitespace) query matches every
  /// name equally, so it returns the first `limit` names in that tie-break order.
  ///
  /// `hidden` (one flag per name) leaves names out inside the scan, so they never take a
  /// place among the `limit`.
  package func search(_ query: String, limit: Int, hidden: [Bool]? = nil) -> [(index: Int, score: Int)] {
    guard limit > 0, !names.isEmpty else { return [] }
    let prepared = MatchText(query: query)
    guard prepared.count <= FuzzyScorer.maxQueryLength else { return [] }
    let hidden = hidden.flatMap { $0.count == names.count ? $0 : nil }
    var top = RankedTopK(limit: min(limit, names.count), nameSortsAfter: nameSortsAfter)
    if prepared.count == 0 {
      for index in names.indices where !(hidden?[index] ?? false) {
        top.offer(entry(index, score: 0))
      }
    } else {
      collectMatches(prepared, hidden: hidden, into: &top)
    }
    return top.ranked().map { (index: Int($0.index), score: $0.score) }
  }

  private func collectMatches(_ query: MatchText, hidden: [Bool]?, into top: inout RankedTopK) {
    if let ascii = query.asciiBytes {
      narrowed.withUnsafeBufferPointer { names in
        ascii.withUnsafeBufferPointer { collectMatches($0, query.flags, in: names, hidden: hidden, into: &top) }
      }
    } else {
      folded.withUnsafeBufferPointer { names in
        query.folded.withUnsafeBufferPointer {
          collectMatches($0, query.flags, in: names, hidden: hidden, into: &top)
        }
      }
    }
  }

  /// Two passes over all names: first the names the query is a prefix of, which outrank all
  /// others, then the rest, skipped entirely once the kept matches all outrank them.
  private func collectMatches<Unit: FixedWidthInteger>(
    _ query: UnsafeBufferPointer<Unit>, _ queryFlags: [UInt8],
    in allNames: UnsafeBufferPointer<Unit>, hidden: [Bool]?, into top: inout RankedTopK
  ) {
    let queryMask = CharacterMask.of(query.lazy.map { UInt32($0) })
    let m = query.count
    let first = UInt32(query[0])
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * m) { scratch in
      queryFlags.withUnsafeBufferPointer { queryFlags in
        flags.withUnsafeBufferPointer { allFlags in
          for prefixPass in [true, false] {
            if !prefixPass && top.floor > FuzzyScorer.bestNonPrefixScore { break }
            for index in masks.indices where masks[index] & queryMask == queryMask && !(hidden?[index] ?? false) {
              let start = Int(starts[index])
              let end = Int(starts[index + 1])
              guard end - start >= m else { continue }
              let name = UnsafeBufferPointer(rebasing: allNames[start..<end])
              let isPrefix = leading[index] == first && name.starts(with: query)
              guard isPrefix == prefixPass else { continue }
              guard
                let score = FuzzyScorer.score(
                  query: query, queryFlags: queryFlags, name: name,
                  nameFlags: UnsafeBufferPointer(rebasing: allFlags[start..<end]),
                  scratch: scratch, floor: top.floor)
              else { continue }
              if score >= top.floor { top.offer(entry(index, score: score)) }
            }
          }
        }
      }
    }
  }

  private func entry(_ index: Int, score: Int) -> RankedTopK.Entry {
    RankedTopK.Entry(
      score: score, length: starts[index + 1] - starts[index], index: Int32(index),
      nameKey: nameKeys[index])
  }

  /// Whether name `a` sorts after name `b` by UTF-8 bytes, or, for equal names, comes later.
  private func nameSortsAfter(_ a: Int32, _ b: Int32) -> Bool {
    let nameA = names[Int(a)].utf8
    let nameB = names[Int(b)].utf8
    if nameA.elementsEqual(nameB) { return a > b }
    return nameB.lexicographicallyPrecedes(nameA)
  }

  private static func nameKey(_ name: String) -> UInt64 {
    var key: UInt64 = 0
    var shift: UInt64 = 56
    for byte in name.utf8.prefix(8) {
      key |= UInt64(byte) << shift
      shift &-= 8
    }
    return key
  }
}
