import Foundation

/// BERT uncased normalization, in the order `BertNormalizer` applies it: clean the text,
/// isolate CJK ideographs, decompose (NFD) and drop non-spacing marks, then lower-case.
///
/// Works on Unicode scalars rather than `Character`s: the reference tokenizer counts and
/// slices code points, and grapheme clusters (an emoji with a skin-tone modifier, a letter with
/// a combining accent) would merge what it keeps apart.
enum BertNormalizer {
  /// Returns the normalized scalars of `text`.
  static func normalize(_ text: Substring.UnicodeScalarView) -> [Unicode.Scalar] {
    var cleaned = String.UnicodeScalarView()
    var isASCII = true
    for scalar in text {
      if BertCharacterClass.isRemovedByCleaning(scalar) { continue }
      if BertCharacterClass.isWhitespace(scalar) {
        cleaned.append(" ")
      } else if BertCharacterClass.isCJKIdeograph(scalar) {
        cleaned.append(" ")
        cleaned.append(scalar)
        cleaned.append(" ")
        isASCII = false
      } else {
        cleaned.append(scalar)
        isASCII = isASCII && scalar.isASCII
      }
    }
    var result: [Unicode.Scalar] = []
    result.reserveCapacity(cleaned.count)
    if isASCII {
      // ASCII is already in NFD and has no marks; only case folding remains.
      for scalar in cleaned { result.append(asciiLowercased(scalar)) }
      return result
    }
    let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
    for scalar in decomposed.unicodeScalars {
      if scalar.isASCII {
        result.append(asciiLowercased(scalar))
        continue
      }
      if BertCharacterClass.isNonspacingMark(scalar) { continue }
      // Full per-scalar mapping, as the reference does per character (no final-sigma context).
      result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
    }
    return result
  }

  @inline(__always)
  private static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value) | 0x20) : scalar
  }
}
