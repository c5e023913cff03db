/// Splits identifiers into the words a person would type: `getHTTPResponseCode` →
/// `get http response code`, `parse_config` → `parse config`.
///
/// The catalog indexes these words beside the raw text so a lexical query for "response code"
/// finds `getHTTPResponseCode`, which FTS5's tokenizer alone would keep as one token.
package enum IdentifierSplitter {
  /// The words of every identifier in `text` that splits into more than one word, lower-cased,
  /// each distinct word once, in first-seen order.
  package static func words(in text: String) -> [String] {
    var seen = Set<String>()
    var result: [String] = []
    forEachIdentifier(in: text) { token in
      guard token.count > 2 else { return }
      let parts = split(identifier: token)
      guard parts.count > 1 else { return }
      for part in parts where part.count > 1 && seen.insert(part).inserted {
        result.append(part)
      }
    }
    return result
  }

  /// Calls `body` with each run of letters, digits and underscores in `text`.
  package static func forEachIdentifier(in text: String, _ body: (String.UnicodeScalarView) -> Void) {
    var token = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isIdentifierPart(scalar) {
        token.append(scalar)
      } else if !token.isEmpty {
        body(token)
        token = String.UnicodeScalarView()
      }
    }
    if !token.isEmpty { body(token) }
  }

  /// Splits one identifier at underscores, lower→upper changes, and the end of an acronym.
  package static func split(identifier: some Collection<Unicode.Scalar>) -> [String] {
    let scalars = Array(identifier)
    var parts: [String] = []
    var current = String.UnicodeScalarView()
    func flush() {
      if !current.isEmpty { parts.append(String(current).lowercased()) }
      current = String.UnicodeScalarView()
    }
    for (index, scalar) in scalars.enumerated() {
      if scalar == "_" || scalar == "$" {
        flush()
        continue
      }
      if let previous = index > 0 ? scalars[index - 1] : nil, !current.isEmpty {
        let isUpper = isUppercase(scalar)
        let previousIsUpper = isUppercase(previous)
        let nextIsLower = index + 1 < scalars.count && isLowercase(scalars[index + 1])
        let isDigit = isNumeric(scalar)
        let previousIsDigit = isNumeric(previous)
        if (isUpper && !previousIsUpper) || (isUpper && previousIsUpper && nextIsLower)
          || (isDigit != previousIsDigit)
        {
          flush()
        }
      }
      current.append(scalar)
    }
    flush()
    return parts
  }

  // Unicode property lookups are slow and run for every character of every chunk an edit
  // re-indexes; ASCII, nearly all of source code, is answered by ranges with the same result.

  static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      let value = scalar.value
      return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
        || value == 0x5F
    }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? (0x41...0x5A).contains(scalar.value) : scalar.properties.isUppercase
  }

  static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? (0x61...0x7A).contains(scalar.value) : scalar.properties.isLowercase
  }

  static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType != nil
  }
}
