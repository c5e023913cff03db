/// A 64-bit set of the characters a text contains: if a query's set is not a subset of a
/// name's, the name cannot contain the query as a subsequence, which rules out most names
/// with one `AND` before any real matching.
///
/// Letters and digits get a bit each; everything else shares the remaining 28 bits by
/// value, so two rare characters may collide, which only lets a few more names through to
/// the exact check.
enum CharacterMask {
  static func bit(_ folded: UInt32) -> UInt64 {
    switch folded {
    case 0x61...0x7A: 1 << UInt64(folded - 0x61)
    case 0x30...0x39: 1 << UInt64(26 + folded - 0x30)
    default: 1 << UInt64(36 + folded % 28)
    }
  }

  static func of<Scalars: Sequence<UInt32>>(_ folded: Scalars) -> UInt64 {
    folded.reduce(0) { $0 | bit($1) }
  }
}
