/// The character classes of BERT's basic tokenization, defined the way the model's
/// `tokenizer.json` (HuggingFace `BertNormalizer` and `BertPreTokenizer`) defines them, because
/// the embedding is only meaningful for the token ids the model was trained and evaluated with.
///
/// These are deliberately not Python `BertTokenizer`'s definitions (it treats only Cc/Cf as
/// control characters), and not today's Unicode either: the reference classifies "other",
/// non-spacing marks and punctuation with Unicode 8.0 tables (its `unicode_categories`
/// dependency), so a mark or punctuation sign added since is an ordinary letter there, and
/// unassigned code points are kept, not removed. Whitespace and case mapping use current data,
/// as the reference does. The exhaustive code-point probe in the tests pins all of this.
enum BertCharacterClass {
  /// Characters that text cleaning drops: NUL, U+FFFD and the "Other" categories control,
  /// format, surrogate and private use, except tab, line feed and carriage return, which
  /// count as whitespace instead.
  @inline(__always)
  static func isRemovedByCleaning(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: return false
    case 0x00, 0xFFFD: return true
    case 0x20..<0x7F: return false
    default: break
    }
    switch referenceCategory(scalar) {
    case .control, .format, .surrogate, .privateUse: return true
    default: return false
    }
  }

  /// Unicode `White_Space`, plus tab, line feed and carriage return.
  @inline(__always)
  static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D, 0x20: return true
    case 0x21..<0x7F: return false
    default: return scalar.properties.isWhitespace
    }
  }

  /// Marks that accent stripping removes after canonical decomposition.
  @inline(__always)
  static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x80 && referenceCategory(scalar) == .nonspacingMark
  }

  /// Every ASCII symbol (`!`–`/`, `:`–`@`, `[`–`` ` ``, `{`–`~`) plus the Unicode punctuation
  /// categories (Pc, Pd, Ps, Pe, Pi, Pf, Po). ASCII symbols such as `$`, `+`, `<` and `^` are
  /// Sm/Sc/Sk in Unicode, yet BERT splits them like punctuation, which matters a lot for code.
  @inline(__always)
  static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
    case 0..<0x80: return false
    default: break
    }
    switch referenceCategory(scalar) {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation:
      return true
    default:
      return false
    }
  }

  /// The CJK ideograph blocks BERT isolates as single-character words, exactly the
  /// reference's list (which skips U+2B820–U+2B91F). Kana and hangul are not in it, so
  /// Japanese kana runs and Korean stay whole words.
  @inline(__always)
  static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
      0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
      return true
    default:
      return false
    }
  }

  /// The general category as of Unicode 8.0, or nil for a code point unassigned then: the
  /// current category of anything assigned by 8.0, except the few whose category changed
  /// since.
  @inline(__always)
  static func referenceCategory(_ scalar: Unicode.Scalar) -> Unicode.GeneralCategory? {
    switch scalar.value {
    case 0x1885, 0x1886: return .otherLetter  // Mongolian Ali Gali Baluda, Mn since 9.0
    case 0xA9BD: return .spacingMark  // Javanese Keret, Mn since 12.0
    case 0x1734, 0x1171E: return .nonspacingMark  // Mc since 14.0
    case 0x166D, 0x111C9: return .otherPunctuation  // So and Mn since 12.0 and 11.0
    default: break
    }
    guard let age = scalar.properties.age, age.major < 8 || (age.major == 8 && age.minor == 0)
    else { return nil }
    return scalar.properties.generalCategory
  }
}
