import Foundation

/// Turns a function's documentation into the query a person would type: its first sentence, in
/// plain words.
///
/// Follows what CodeSearchNet did with docstrings: only the summary is kept (parameter lists,
/// examples and later paragraphs are not what people search with), markup is reduced to its
/// words (`:func:`parse``, `{@link Parser}`, `` `x` ``, `[text](url)`, `<code>`), and a leading
/// repetition of the function's own name (Go and Rust docs start "Parse reads …") is dropped
/// so the query cannot match the name trivially.
enum QuerySentence {
  /// The query for documentation `text` of a function named `name`, or `nil` when the first
  /// sentence is not a usable query (see ``rejection(of:)``).
  static func make(from text: String, name: String) -> String? {
    let query = droppingLeadingName(summary(of: text), name: name)
    return rejection(of: query) == nil ? query : nil
  }

  /// The first sentence of the documentation's summary paragraph, in plain words.
  static func summary(of text: String) -> String {
    firstSentence(of: plainWords(summaryParagraph(of: text)))
  }

  /// Why a query is not used, or `nil`: too short or long (4–40 words), a note rather than a
  /// description (TODO, FIXME, deprecation), or not prose (no letters).
  static func rejection(of query: String) -> String? {
    let words = query.split(whereSeparator: \.isWhitespace)
    if words.count < 4 { return "fewer than 4 words" }
    if words.count > 40 { return "more than 40 words" }
    let lowered = query.lowercased()
    for note in ["todo", "fixme", "xxx", "deprecated", "hack"]
    where lowered.split(whereSeparator: { !$0.isLetter }).contains(Substring(note)) {
      return "a \(note) note"
    }
    if lowered.hasPrefix("see ") || lowered.hasPrefix("copied from") || lowered.hasPrefix("this is a copy") {
      return "a reference, not a description"
    }
    return nil
  }

  /// The first paragraph, stopping at the first line that starts a field list or a section
  /// (`@param`, `:param`, `Args:`, `- Parameter`, `Returns:`, `# Examples`, `>>>`).
  static func summaryParagraph(of text: String) -> String {
    var kept: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty {
        if kept.isEmpty { continue }
        break
      }
      if sectionStarts.contains(where: { trimmed.lowercased().hasPrefix($0) }) { break }
      kept.append(Substring(trimmed))
    }
    return kept.joined(separator: " ")
  }

  private static let sectionStarts = [
    "@", ":param", ":return", ":raise", ":type", ":rtype", "args:", "arguments:", "parameters:", "returns:",
    "return:", "raises:", "yields:", "example:", "examples:", "note:", "- parameter", "- parameters:",
    "- returns:", "- throws:", "# ", ">>>", "```", "..",
  ]

  /// Markup reduced to its words.
  static func plainWords(_ text: String) -> String {
    var result = text
    // Sphinx roles: :func:`~pkg.mod.name` → name; :class:`Foo` → Foo.
    result = replacing(#":[a-zA-Z:]+:`~?([^`]*?)`"#, in: result) { groups in
      let target = groups[1]
      let visible = target.split(separator: "<").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? target
      return visible.split(separator: ".").last.map(String.init) ?? visible
    }
    // Javadoc inline tags: {@link Foo#bar label} → label, {@code x} → x.
    result = replacing(#"\{@[a-zA-Z]+\s+([^}]*)\}"#, in: result) { groups in
      let parts = groups[1].split(separator: " ", maxSplits: 1)
      let shown = parts.count > 1 ? String(parts[1]) : String(parts.first ?? "")
      return shown.replacingOccurrences(of: "#", with: ".")
    }
    // Markdown links [text](url) and reference links [`Foo`] / [Foo][bar].
    result = replacing(#"\[([^\]]+)\]\([^)]*\)"#, in: result) { $0[1] }
    result = replacing(#"\[([^\]]+)\](\[[^\]]*\])?"#, in: result) { $0[1] }
    // HTML tags.
    result = replacing(#"</?[a-zA-Z][^>]*>"#, in: result) { _ in "" }
    // Emphasis and code marks.
    for mark in ["``", "`", "**", "__"] { result = result.replacingOccurrences(of: mark, with: "") }
    return result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// Up to the first full stop followed by a space (or the end), not counting stops inside
  /// common abbreviations (`e.g.`, `i.e.`, `etc.`, `vs.`) or between characters of a name.
  static func firstSentence(of text: String) -> String {
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "." || character == "!" || character == "?" {
        let atEnd = index + 1 == characters.count
        let followedBySpace = !atEnd && characters[index + 1].isWhitespace
        if atEnd || followedBySpace {
          let before = String(characters[..<index])
          let lastWord = before.split(whereSeparator: \.isWhitespace).last.map { $0.lowercased() } ?? ""
          if character != "." || !abbreviations.contains(lastWord) {
            return before.trimmingCharacters(in: .whitespaces)
          }
        }
      }
      index += 1
    }
    return text.trimmingCharacters(in: .whitespaces)
  }

  private static let abbreviations: Set<String> = ["e.g", "i.e", "etc", "vs", "eg", "ie", "cf", "resp", "approx", "no"]

  /// Without a first word that is the function's own name ("Parse reads …" → "reads …").
  static func droppingLeadingName(_ sentence: String, name: String) -> String {
    guard !name.isEmpty else { return sentence }
    let words = sentence.split(separator: " ", maxSplits: 1)
    guard let first = words.first else { return sentence }
    let stripped = first.trimmingCharacters(in: CharacterSet(charactersIn: "`'\"*:,()"))
    let bare = stripped.hasSuffix("()") ? String(stripped.dropLast(2)) : stripped
    guard bare == name || bare.lowercased() == name.lowercased() || bare.hasSuffix("." + name) else { return sentence }
    return words.count > 1 ? String(words[1]) : ""
  }

  private static func replacing(_ pattern: String, in text: String, with transform: ([String]) -> String) -> String {
    guard let expression = try? NSRegularExpression(pattern: pattern) else { return text }
    let source = text as NSString
    var result = ""
    var last = 0
    for match in expression.matches(in: text, range: NSRange(location: 0, length: source.length)) {
      result += source.substring(with: NSRange(location: last, length: match.range.location - last))
      let groups = (0..<match.numberOfRanges).map { index -> String in
        let range = match.range(at: index)
        return range.location == NSNotFound ? "" : source.substring(with: range)
      }
      result += transform(groups)
      last = match.range.location + match.range.length
    }
    result += source.substring(from: last)
    return result
  }
}
