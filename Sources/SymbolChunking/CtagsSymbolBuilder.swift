import Foundation
import SearchCore

/// Turns ctags' tags for one file into `Symbol`s with exact spans.
///
/// ctags gives 1-based lines and, for some languages only, an end line; this clamps both into
/// the file, infers missing ends, finds each name's column on its line, and rewrites scopes into
/// dotted container paths.
struct CtagsSymbolBuilder {
  let source: SourceText
  let lines: LineClassification
  let syntax: LanguageSyntax
  let language: String

  /// Languages whose `package` clause names the whole file rather than a block: it is
  /// stripped from containers (`kvserver.Store` → `Store`) because every symbol of the file
  /// would carry it.
  private static let packageClauseLanguages: Set<String> = [
    "Go", "Java", "Kotlin", "Scala", "Protobuf", "Groovy",
  ]

  private struct Entry {
    var name: String
    var kind: SymbolKind
    var container: String?
    var signature: String?
    var line: Int
    var reportedEnd: Int?
    var end = 0

    var qualifiedName: String { container.map { "\($0).\(name)" } ?? name }

    func isNested(in other: Entry) -> Bool {
      guard let container else { return false }
      let outer = other.qualifiedName
      return container == outer || container.hasPrefix(outer + ".")
    }
  }

  func symbols(from records: [CtagsRecord]) -> [Symbol] {
    guard source.lineCount > 0 else { return [] }
    let packages = packageNames(in: records)
    var entries: [Entry] = []
    for record in records {
      guard record.type == "tag", let name = record.name, !name.isEmpty,
        !name.hasPrefix("__anon"), let kindName = record.kind, let line = record.line
      else { continue }
      guard
        let kind = CtagsKindTable.symbolKind(
          language: record.language ?? language, kind: kindName, scope: record.scope,
          scopeKind: record.scopeKind,
          name: name, hasSignature: record.signature != nil)
      else { continue }
      let signature = record.signature.map { name + Self.collapsingWhitespace($0) }
      entries.append(
        Entry(
          name: name, kind: kind, container: container(of: record.scope, packages: packages),
          signature: signature, line: min(max(0, line - 1), source.lineCount - 1),
          reportedEnd: record.end))
    }
    // A stable sort keeps ctags' order among tags of one line.
    entries = entries.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
      .map(\.element)
    resolveEnds(&entries)
    return entries.map(symbol(for:))
  }

  // MARK: - Ends

  private func resolveEnds(_ entries: inout [Entry]) {
    let finder = DeclarationEndFinder(source: source, lines: lines, syntax: syntax)
    let lastLine = source.lineCount - 1
    for index in entries.indices {
      let entry = entries[index]
      let limit = enclosingEnd(of: index, in: entries) ?? lastLine
      if let reported = entry.reportedEnd {
        // Some parsers end a declaration at the blank line before the next one (Markdown).
        var end = min(max(reported - 1, entry.line), lastLine)
        while end > entry.line, source.isBlank(line: end) { end -= 1 }
        entries[index].end = end
        continue
      }
      let next = entries[(index + 1)...].first { other in
        other.line > entry.line && !other.isNested(in: entry)
      }
      // A value never reaches into the next declaration: if the scan runs on (a literal it
      // misread), the declarations after it must not end up nested in a variable.
      let valueLimit = entry.kind.isValue ? next.map { $0.line - 1 } : nil
      let nameRange = nameRange(of: entry.name, onLine: entry.line)
      entries[index].end = finder.lastLine(
        from: nameRange?.upperBound ?? source.lineStart(entry.line), startLine: entry.line,
        isValue: entry.kind.isValue, nextDeclarationLine: next?.line,
        limitLine: min(limit, valueLimit ?? limit))
    }
  }

  /// The end of the closest earlier entry that this one is nested in and that contains its
  /// first line: a bound the inferred end must respect.
  private func enclosingEnd(of index: Int, in entries: [Entry]) -> Int? {
    let entry = entries[index]
    guard entry.container != nil else { return nil }
    for candidate in entries[..<index].reversed()
    where entry.isNested(in: candidate) && candidate.line <= entry.line
      && candidate.end >= entry.line
    {
      return candidate.end
    }
    return nil
  }

  // MARK: - Symbols

  private func symbol(for entry: Entry) -> Symbol {
    let startOffset = source.firstNonBlank(line: entry.line)
    let endOffset = max(startOffset, source.contentRange(ofLine: entry.end).upperBound)
    let nameBytes =
      nameRange(of: entry.name, onLine: entry.line)
      ?? source.contentRange(ofLine: entry.line).clamped(to: startOffset..<Int.max)
    return Symbol(
      name: entry.name, kind: entry.kind, container: entry.container,
      signature: entry.signature, span: source.span(bytes: startOffset..<endOffset),
      nameSpan: source.span(bytes: nameBytes))
  }

  /// Where `name` stands on `line`: the first occurrence that is a whole word, else the first
  /// occurrence at all, else the same for its last dotted component (Lua's `M.add`).
  private func nameRange(of name: String, onLine line: Int) -> Range<Int>? {
    let content = source.contentRange(ofLine: line)
    var candidates = [name]
    if let tail = Self.lastComponent(of: name) { candidates.append(tail) }
    for candidate in candidates {
      let needle = Array(candidate.utf8)
      guard !needle.isEmpty else { continue }
      var firstPlain: Range<Int>?
      var start = content.lowerBound
      while start + needle.count <= content.upperBound {
        if source.bytes[start] == needle[0],
          source.bytes[start..<start + needle.count].elementsEqual(needle)
        {
          let range = start..<start + needle.count
          if isWordBoundary(range, needle: needle) { return range }
          firstPlain = firstPlain ?? range
        }
        start += 1
      }
      if let firstPlain { return firstPlain }
    }
    return nil
  }

  private func isWordBoundary(_ range: Range<Int>, needle: [UInt8]) -> Bool {
    if let first = needle.first, Self.isIdentifierByte(first), range.lowerBound > 0,
      Self.isIdentifierByte(source.bytes[range.lowerBound - 1])
    {
      return false
    }
    if let last = needle.last, Self.isIdentifierByte(last), range.upperBound < source.bytes.count,
      Self.isIdentifierByte(source.bytes[range.upperBound])
    {
      return false
    }
    return true
  }

  private static func isIdentifierByte(_ byte: UInt8) -> Bool {
    byte >= 0x80 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
      || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
  }

  private static func lastComponent(of name: String) -> String? {
    for separator in ["::", ".", "\\", "/"] {
      if let range = name.range(of: separator, options: .backwards) {
        let tail = String(name[range.upperBound...])
        return tail.isEmpty ? nil : tail
      }
    }
    return nil
  }

  // MARK: - Containers

  private func packageNames(in records: [CtagsRecord]) -> [String] {
    records.compactMap { record in
      guard record.type == "tag", record.kind == "package",
        Self.packageClauseLanguages.contains(record.language ?? language)
      else { return nil }
      return record.name
    }
  }

  /// ctags joins scopes with the language's own separator (`::` in C++, `\` in PHP, `""` in
  /// Markdown); containers are dotted everywhere, without the file's package clause and
  /// without the made-up names of anonymous types.
  private func container(of scope: String?, packages: [String]) -> String? {
    guard var scope, !scope.isEmpty else { return nil }
    for separator in ["::", "\"\"", "\\"] {
      scope = scope.replacingOccurrences(of: separator, with: ".")
    }
    for package in packages {
      if scope == package { return nil }
      if scope.hasPrefix(package + ".") {
        scope = String(scope.dropFirst(package.count + 1))
        break
      }
    }
    let parts = scope.split(separator: ".", omittingEmptySubsequences: true)
      .filter { !$0.hasPrefix("__anon") }
    return parts.isEmpty ? nil : parts.joined(separator: ".")
  }

  static func collapsingWhitespace(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}
