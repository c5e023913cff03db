/// Keeps the `limit` best-ranked candidates seen so far: a binary heap with the worst kept
/// candidate at the root, so each new candidate costs one comparison when it does not
/// qualify and O(log limit) when it does.
///
/// Ranking: higher score, then shorter name, then name by UTF-8 bytes, then lower index.
/// Short queries tie thousands of names on score and length, so each entry carries the
/// first eight bytes of its name as an integer and names are compared as strings only when
/// those are equal too.
struct RankedTopK {
  struct Entry {
    var score: Int
    /// The name's length in scalars.
    var length: Int32
    var index: Int32
    /// The name's first eight UTF-8 bytes, big-endian, zero-padded: integer order is byte
    /// order.
    var nameKey: UInt64
  }

  private(set) var entries: [Entry] = []
  let limit: Int
  /// Whether the first index's name sorts after the second's, for entries whose score,
  /// length and name key are all equal.
  private let nameSortsAfter: (Int32, Int32) -> Bool

  init(limit: Int, nameSortsAfter: @escaping (Int32, Int32) -> Bool) {
    self.limit = limit
    self.nameSortsAfter = nameSortsAfter
    entries.reserveCapacity(max(0, limit))
  }

  /// The lowest score still kept once the list is full (`Int.min` before): a candidate
  /// scoring below it cannot get in.
  var floor: Int { entries.count >= limit && limit > 0 ? entries[0].score : Int.min }

  mutating func offer(_ entry: Entry) {
    guard limit > 0 else { return }
    if entries.count < limit {
      entries.append(entry)
      siftUp(entries.count - 1)
    } else if ranksBelow(entries[0], entry) {
      entries[0] = entry
      siftDown(0)
    }
  }

  /// The kept entries, best first.
  func ranked() -> [Entry] {
    entries.sorted { ranksBelow($1, $0) }
  }

  /// Whether `a` ranks below `b`.
  @inline(__always)
  private func ranksBelow(_ a: Entry, _ b: Entry) -> Bool {
    if a.score != b.score { return a.score < b.score }
    if a.length != b.length { return a.length > b.length }
    if a.nameKey != b.nameKey { return a.nameKey > b.nameKey }
    if a.index == b.index { return false }
    return nameSortsAfter(a.index, b.index)
  }

  private mutating func siftUp(_ start: Int) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard ranksBelow(entries[child], entries[parent]) else { return }
      entries.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func siftDown(_ start: Int) {
    var parent = start
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var lowest = parent
      if left < entries.count && ranksBelow(entries[left], entries[lowest]) { lowest = left }
      if right < entries.count && ranksBelow(entries[right], entries[lowest]) { lowest = right }
      if lowest == parent { return }
      entries.swapAt(parent, lowest)
      parent = lowest
    }
  }
}
