/// Git's glob matcher (`wildmatch` with `WM_PATHNAME`), ported byte for byte so that ignore
/// files mean exactly what they mean to git.
///
/// `*` and `?` never match `/`; `**` matches across directories only as a whole path
/// component (`**/x`, `x/**`, `x/**/y`), otherwise it is a plain `*`; `[...]` classes accept
/// ranges, `!`/`^` negation and POSIX `[:name:]` classes, and never match `/`; `\` quotes the
/// next character. Matching is case-sensitive, as git's is on Linux.
enum Wildmatch {
  /// Whether `text` matches `pattern` from `patternStart` on.
  ///
  /// `patternStart` matters for one quirk that git has and this port keeps: a `**` counts as
  /// starting a path component when it begins the matched part of the pattern, which is how
  /// git treats the rest of a pattern after its literal prefix has been compared separately.
  static func matches(
    _ pattern: UnsafeBufferPointer<UInt8>, from patternStart: Int = 0,
    text: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    match(pattern, patternStart, text, 0) == .match
  }

  private enum Outcome { case match, noMatch, abortAll, abortToStarStar }

  private static let star = UInt8(ascii: "*")
  private static let slash = UInt8(ascii: "/")
  private static let backslash = UInt8(ascii: "\\")
  private static let question = UInt8(ascii: "?")
  private static let open = UInt8(ascii: "[")
  private static let close = UInt8(ascii: "]")
  private static let colon = UInt8(ascii: ":")
  private static let dash = UInt8(ascii: "-")

  /// The byte at `index`, or 0 past the end: git's C strings end in NUL and paths never
  /// contain one, so the port can test for 0 exactly where git does.
  @inline(__always)
  private static func byte(_ buffer: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt8 {
    index < buffer.count ? buffer[index] : 0
  }

  private static func isGlobSpecial(_ c: UInt8) -> Bool {
    c == star || c == question || c == open || c == backslash
  }

  private static func match(
    _ pat: UnsafeBufferPointer<UInt8>, _ patternStart: Int, _ text: UnsafeBufferPointer<UInt8>,
    _ textStart: Int
  ) -> Outcome {
    var p = patternStart
    var t = textStart
    while p < pat.count {
      var pCh = pat[p]
      var tCh = byte(text, t)
      if tCh == 0 && pCh != star { return .abortAll }
      switch pCh {
      case backslash:
        p += 1
        pCh = byte(pat, p)
        if tCh != pCh { return .noMatch }
      case question:
        if tCh == slash { return .noMatch }
      case star:
        var matchSlash = false
        p += 1
        if byte(pat, p) == star {
          let before = p - 2
          while byte(pat, p) == star { p += 1 }
          let next = byte(pat, p)
          let startsComponent = before < patternStart || pat[before] == slash
          let endsComponent =
            next == 0 || next == slash || (next == backslash && byte(pat, p + 1) == slash)
          if startsComponent && endsComponent {
            // `x/**/y` also matches `x/y`: first try letting `**/` match nothing.
            if next == slash && match(pat, p + 1, text, t) == .match { return .match }
            matchSlash = true
          }
        }
        let next = byte(pat, p)
        if next == 0 {
          // A trailing `**` matches everything; a trailing `*` only the rest of a component.
          if !matchSlash && (t..<text.count).contains(where: { text[$0] == slash }) {
            return .noMatch
          }
          return .match
        }
        if !matchSlash && next == slash {
          // A lone `*` followed by `/` consumes exactly the rest of this component.
          guard let nextSlash = (t..<text.count).first(where: { text[$0] == slash }) else {
            return .noMatch
          }
          t = nextSlash
          break
        }
        while true {
          if tCh == 0 { break }
          let literal = byte(pat, p)
          if !isGlobSpecial(literal) {
            // Skip ahead to the next occurrence of the literal that follows the star.
            while t < text.count && (matchSlash || text[t] != slash) {
              if text[t] == literal { break }
              t += 1
            }
            tCh = byte(text, t)
            if tCh != literal { return .noMatch }
          }
          let outcome = match(pat, p, text, t)
          if outcome != .noMatch {
            if !matchSlash || outcome != .abortToStarStar { return outcome }
          } else if !matchSlash && tCh == slash {
            return .abortToStarStar
          }
          t += 1
          tCh = byte(text, t)
        }
        return .abortAll
      case open:
        guard let end = matchClass(pat, &p, tCh) else { return .abortAll }
        if !end || tCh == slash { return .noMatch }
      default:
        if tCh != pCh { return .noMatch }
      }
      p += 1
      t += 1
    }
    return t < text.count ? .noMatch : .match
  }

  /// Matches `tCh` against the bracket expression starting at `p` (the `[`), leaving `p` on
  /// its closing `]`. Returns whether it matched, or `nil` for a malformed expression, which
  /// makes git abort the whole match.
  private static func matchClass(
    _ pat: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ tCh: UInt8
  ) -> Bool? {
    p += 1
    var pCh = byte(pat, p)
    if pCh == UInt8(ascii: "^") { pCh = UInt8(ascii: "!") }
    let negated = pCh == UInt8(ascii: "!")
    if negated {
      p += 1
      pCh = byte(pat, p)
    }
    var previous: UInt8 = 0
    var matched = false
    repeat {
      if pCh == 0 { return nil }
      if pCh == backslash {
        p += 1
        pCh = byte(pat, p)
        if pCh == 0 { return nil }
        if tCh == pCh { matched = true }
      } else if pCh == dash && previous != 0 && byte(pat, p + 1) != 0
        && byte(pat, p + 1) != close
      {
        p += 1
        pCh = byte(pat, p)
        if pCh == backslash {
          p += 1
          pCh = byte(pat, p)
          if pCh == 0 { return nil }
        }
        if tCh <= pCh && tCh >= previous { matched = true }
        pCh = 0
      } else if pCh == open && byte(pat, p + 1) == colon {
        p += 2
        let nameStart = p
        while byte(pat, p) != 0 && byte(pat, p) != close { p += 1 }
        if byte(pat, p) == 0 { return nil }
        let nameLength = p - nameStart - 1
        if nameLength < 0 || pat[p - 1] != colon {
          // No `:]`: the `[` was an ordinary member of the set.
          p = nameStart - 2
          pCh = open
          if tCh == open { matched = true }
        } else {
          let name = String(decoding: pat[nameStart..<(nameStart + nameLength)], as: UTF8.self)
          guard let inClass = characterClass(name, contains: tCh) else { return nil }
          if inClass { matched = true }
          pCh = 0
        }
      } else if tCh == pCh {
        matched = true
      }
      previous = pCh
      p += 1
      pCh = byte(pat, p)
    } while pCh != close
    return matched != negated
  }

  /// POSIX character classes over ASCII, as git's `sane_ctype` defines them; `nil` for an
  /// unknown class name.
  private static func characterClass(_ name: String, contains c: UInt8) -> Bool? {
    let isUpper = c >= 0x41 && c <= 0x5A
    let isLower = c >= 0x61 && c <= 0x7A
    let isDigit = c >= 0x30 && c <= 0x39
    let isAlpha = isUpper || isLower
    let isSpace = c == 0x20 || (c >= 0x09 && c <= 0x0D)
    let isPrint = c >= 0x20 && c < 0x7F
    switch name {
    case "alnum": return isAlpha || isDigit
    case "alpha": return isAlpha
    case "blank": return c == 0x20 || c == 0x09
    case "cntrl": return c < 0x20 || c == 0x7F
    case "digit": return isDigit
    case "graph": return isPrint && c != 0x20
    case "lower": return isLower
    case "print": return isPrint
    case "punct": return isPrint && c != 0x20 && !isAlpha && !isDigit
    case "space": return isSpace
    case "upper": return isUpper
    case "xdigit":
      return isDigit || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    default: return nil
    }
  }
}
