import SearchCore

/// A function or method together with the documentation written for it.
package struct DocumentedDeclaration: Sendable, Hashable {
  package var symbol: Symbol
  /// Zero-based lines the documentation occupies: comment lines above the declaration, or a
  /// docstring inside it (Python).
  package var documentationLines: ClosedRange<Int>
  /// The documentation without comment markers or quotes, its lines joined by newlines.
  package var text: String
}

/// Finds the documentation of functions and methods: the comment lines directly above a
/// declaration (`///`, `//`, `/** */`, `#` …, attributes in between allowed), or a Python
/// docstring as the first statement of its body.
///
/// Retrieval evaluations are built from these the way CodeSearchNet was: the documentation is
/// what a person would ask, the code it describes is what must be found.
package enum DocComments {
  /// The kinds whose documentation makes a query: code a person would look for.
  static let documentableKinds: Set<SymbolKind> = [.function, .method, .constructor]

  package static func documentedDeclarations(in file: ChunkedFile, text: String) -> [DocumentedDeclaration] {
    let source = SourceText(text)
    let syntax = LanguageSyntax.forLanguage(file.language)
    let lines = LineClassification(source: source, syntax: syntax)
    var found: [DocumentedDeclaration] = []
    var taken = Set<Int>()
    for symbol in file.symbols where documentableKinds.contains(symbol.kind) {
      let documentation: ClosedRange<Int>?
      if file.language == "Python" {
        documentation = docstring(of: symbol, source: source)
      } else {
        documentation = commentBlock(above: symbol.span.start.line, lines: lines, source: source)
      }
      // Two declarations never share one comment (overloads declared on one line, a tag
      // reported twice): the first takes it.
      guard let documentation, taken.insert(documentation.lowerBound).inserted else { continue }
      let body = file.language == "Python"
        ? docstringText(documentation, source: source)
        : commentText(documentation, source: source, syntax: syntax)
      guard !body.isEmpty else { continue }
      found.append(DocumentedDeclaration(symbol: symbol, documentationLines: documentation, text: body))
    }
    return found
  }

  /// A declaration's name without Swift's argument labels: `retry(_:after:)` → `retry`.
  package static func baseName(_ name: String) -> String {
    name.split(separator: "(", maxSplits: 1).first.map(String.init) ?? name
  }

  // MARK: - Comments above a declaration

  /// The comment lines directly above `line` (no blank line between), skipping the attribute
  /// lines that sit between a doc comment and its declaration.
  static func commentBlock(above line: Int, lines: LineClassification, source: SourceText) -> ClosedRange<Int>? {
    var cursor = line - 1
    while cursor >= 0, lines.kind(cursor) == .attribute || lines.kind(cursor) == .comment && isDirective(source.lineText(cursor)) {
      cursor -= 1
    }
    let last = cursor
    while cursor >= 0, lines.kind(cursor) == .comment, !isDirective(source.lineText(cursor)) { cursor -= 1 }
    return cursor < last ? (cursor + 1)...last : nil
  }

  /// Tool directives written as comments (`//go:generate`, `// +build`, `# type: ignore`,
  /// `// swiftlint:disable`) are not documentation.
  private static func isDirective(_ line: Substring) -> Bool {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    for prefix in ["//go:", "// +build", "//nolint", "// nolint", "// swiftlint:", "# type:", "# noqa", "# pylint:", "//line "]
    where trimmed.hasPrefix(prefix) {
      return true
    }
    return false
  }

  static func commentText(_ range: ClosedRange<Int>, source: SourceText, syntax: LanguageSyntax) -> String {
    let markers = (syntax.lineComments + ["///", "//!", "/**", "/*!", "/*", "*/"]).sorted { $0.count > $1.count }
    var result: [Substring] = []
    for line in range {
      var text = source.lineText(line).drop { $0 == " " || $0 == "\t" }
      if let marker = markers.first(where: { text.hasPrefix($0) }) { text = text.dropFirst(marker.count) }
      if text.hasSuffix("*/") { text = text.dropLast(2) }
      text = text.drop { $0 == " " || $0 == "\t" }
      // A block comment's continuation lines start with `*`.
      if text.hasPrefix("*"), !text.hasPrefix("*/") { text = text.dropFirst().drop { $0 == " " } }
      result.append(trimmingTrailingSpace(text))
    }
    return result.joined(separator: "\n").trimmingBlankEdges()
  }

  // MARK: - Python docstrings

  /// The lines of a docstring that opens the body of `symbol`: after the header (which may span
  /// lines) the first statement is a triple-quoted string on lines of its own.
  static func docstring(of symbol: Symbol, source: SourceText) -> ClosedRange<Int>? {
    let first = symbol.span.start.line
    let limit = min(source.lineCount - 1, first + 30)
    guard first <= limit else { return nil }
    var depth = 0
    var headerEnd: Int?
    for line in first...limit {
      let text = source.lineText(line)
      for character in text {
        switch character {
        case "(", "[", "{": depth += 1
        case ")", "]", "}": depth -= 1
        default: break
        }
      }
      let code = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      if depth <= 0, code.trimmingTrailingSpace().hasSuffix(":") {
        headerEnd = line
        break
      }
    }
    guard let headerEnd else { return nil }
    var line = headerEnd + 1
    while line <= source.lineCount - 1, source.isBlank(line: line) { line += 1 }
    guard line < source.lineCount, let quote = openingQuote(source.lineText(line)) else { return nil }
    // The closing quote may be on the opening line, after the opening quote.
    let opening = source.lineText(line).drop { $0 == " " || $0 == "\t" }
    let afterOpen = opening.drop { $0 != "\"" && $0 != "'" }.dropFirst(3)
    if afterOpen.contains(quote) { return line...line }
    var end = line + 1
    while end < source.lineCount {
      if source.lineText(end).contains(quote) { return line...end }
      end += 1
    }
    return nil
  }

  /// `"""` or `'''` when the line starts a triple-quoted string (with an optional `r`/`u` prefix).
  private static func openingQuote(_ line: Substring) -> String? {
    var text = line.drop { $0 == " " || $0 == "\t" }
    if let first = text.first, "rRuU".contains(first) { text = text.dropFirst() }
    if text.hasPrefix("\"\"\"") { return "\"\"\"" }
    if text.hasPrefix("'''") { return "'''" }
    return nil
  }

  static func docstringText(_ range: ClosedRange<Int>, source: SourceText) -> String {
    var joined = range.map { String(source.lineText($0)) }.joined(separator: "\n")
    for quote in ["\"\"\"", "'''"] {
      if let open = joined.range(of: quote) {
        joined = String(joined[open.upperBound...])
        if let close = joined.range(of: quote) { joined = String(joined[..<close.lowerBound]) }
        break
      }
    }
    let lines = joined.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.drop { $0 == " " || $0 == "\t" }.trimmingTrailingSpace()
    }
    return lines.joined(separator: "\n").trimmingBlankEdges()
  }

  private static func trimmingTrailingSpace(_ text: Substring) -> Substring {
    text.trimmingTrailingSpace()
  }
}

extension Substring {
  fileprivate func trimmingTrailingSpace() -> Substring {
    var end = endIndex
    while end > startIndex, let last = self[..<end].last, last == " " || last == "\t" || last == "\r" {
      end = index(before: end)
    }
    return self[..<end]
  }
}

extension String {
  /// Without blank lines (and surrounding whitespace) at the start and end.
  fileprivate func trimmingBlankEdges() -> String {
    var lines = split(separator: "\n", omittingEmptySubsequences: false)
    while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    return lines.joined(separator: "\n")
  }
}
