/// A name or query prepared for fuzzy matching: case-folded Unicode scalars plus, per
/// scalar, what the original looked like (its case, whether it starts a word).
///
/// Matching works on scalars, not UTF-8 bytes, so `é` is one character that can match `É`,
/// and on scalars, not grapheme clusters, because identifiers rarely hold combining marks
/// and clusters would cost an allocation per character.
struct MatchText: Sendable {
  /// Case-folded scalar values.
  var folded: [UInt32]
  /// ``MatchFlags`` per scalar.
  var flags: [UInt8]

  init(_ text: String) {
    var folded: [UInt32] = []
    var flags: [UInt8] = []
    var classes: [CharacterClass] = []
    MatchText.append(text, folded: &folded, flags: &flags, classes: &classes)
    self.folded = folded
    self.flags = flags
  }

  /// Appends the folded scalars and flags of `text` to flat buffers, as an index stores
  /// many names without an array per name. `classes` is scratch space reused across calls.
  static func append(
    _ text: String, folded: inout [UInt32], flags: inout [UInt8],
    classes: inout [CharacterClass]
  ) {
    classes.removeAll(keepingCapacity: true)
    for scalar in text.unicodeScalars {
      let characterClass = CharacterClass(scalar)
      folded.append(fold(scalar, characterClass))
      classes.append(characterClass)
    }
    appendFlags(for: classes, to: &flags)
  }

  /// A query: whitespace is dropped, so `get value` looks for `getvalue`.
  init(query: String) {
    var kept = String.UnicodeScalarView()
    kept.append(contentsOf: query.unicodeScalars.filter { !$0.properties.isWhitespace })
    self.init(String(kept))
  }

  var count: Int { folded.count }

  /// The folded characters as bytes, or `nil` if any is not ASCII.
  var asciiBytes: [UInt8]? {
    folded.allSatisfy { $0 < 0x80 } ? folded.map { UInt8(truncatingIfNeeded: $0) } : nil
  }

  /// What a name's folded character is stored as in the byte copy of an index: itself when
  /// ASCII, otherwise a byte that no ASCII query character equals.
  static func narrow(_ folded: UInt32) -> UInt8 {
    folded < 0x80 ? UInt8(truncatingIfNeeded: folded) : 0xFF
  }

  /// Lower-cases ASCII with a bit operation and anything else through Unicode's mapping
  /// when that mapping is a single scalar (it is for nearly all letters; the rest keep their
  /// own value and match only themselves).
  static func fold(_ scalar: Unicode.Scalar, _ characterClass: CharacterClass) -> UInt32 {
    let value = scalar.value
    if value < 0x80 {
      return characterClass == .upper ? value | 0x20 : value
    }
    guard characterClass == .upper else { return value }
    let lower = scalar.properties.lowercaseMapping.unicodeScalars
    guard let first = lower.first, lower.count == 1 else { return value }
    return first.value
  }

  /// Marks word starts the way camelCase and snake_case names read: the first character,
  /// the character after a separator, an upper-case letter after a lower-case letter or a
  /// digit, the last upper-case letter of an acronym when a lower-case letter follows it
  /// (`HTTPResponse` → `R`), and the first digit of a number. Separators are flagged too:
  /// a separator typed in the query may match them like a word start.
  static func appendFlags(for classes: [CharacterClass], to flags: inout [UInt8]) {
    for (index, current) in classes.enumerated() {
      let previous = index > 0 ? classes[index - 1] : nil
      let next = index + 1 < classes.count ? classes[index + 1] : nil
      var value: UInt8 =
        switch current {
        case .upper: MatchFlags.upper
        case .separator: MatchFlags.separator
        case .lower, .digit: 0
        }
      let startsWord: Bool =
        switch current {
        case .separator: true
        case .upper:
          previous == nil || previous == .separator || previous == .lower || previous == .digit
            || (previous == .upper && next == .lower)
        case .lower: previous == nil || previous == .separator
        case .digit: previous != .digit
        }
      if startsWord { value |= MatchFlags.wordStart }
      flags.append(value)
    }
  }
}

/// Bits of ``MatchText/flags``.
enum MatchFlags {
  /// The character begins a word (or is a separator between words).
  static let wordStart: UInt8 = 1
  /// The original character is upper-case.
  static let upper: UInt8 = 2
  /// The character separates words (`_`, `.`, `-`, …).
  static let separator: UInt8 = 4
}

/// How a character takes part in word boundaries.
enum CharacterClass: Sendable, Hashable {
  case upper
  /// Lower-case letters, and letters without case (CJK, for example).
  case lower
  case digit
  /// Everything else: `_`, `-`, `.`, `:`, `$`, spaces, symbols.
  case separator

  init(_ scalar: Unicode.Scalar) {
    let value = scalar.value
    if value < 0x80 {
      switch value {
      case 0x41...0x5A: self = .upper
      case 0x61...0x7A: self = .lower
      case 0x30...0x39: self = .digit
      default: self = .separator
      }
      return
    }
    let properties = scalar.properties
    if properties.isUppercase {
      self = .upper
    } else if properties.isAlphabetic {
      self = .lower
    } else if properties.numericType != nil {
      self = .digit
    } else {
      self = .separator
    }
  }
}
