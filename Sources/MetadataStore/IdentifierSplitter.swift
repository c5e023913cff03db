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
      if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" {
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
        let isUpper = scalar.properties.isUppercase
        let previousIsUpper = previous.properties.isUppercase
        let nextIsLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
        let isDigit = scalar.properties.numericType != nil
        let previousIsDigit = previous.properties.numericType != nil
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
}
