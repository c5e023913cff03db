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
    var nameRange: Range<Int>?

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
      // Anonymous declarations get made-up names (`__anon1a2b`, `<lambda>`): nothing to find.
      guard record.type == "tag", let name = record.name, !name.isEmpty,
        !name.hasPrefix("__anon"), !name.hasPrefix("<"), let kindName = record.kind,
        let line = record.line
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
    entries = entries.enumerated().sorted {
      ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
    }
    .map(\.element)
    locateNames(&entries)
    resolveEnds(&entries)
    return entries.map(symbol(for:))
  }

  /// Finds each name on its line. Tags of one line come in source order, so the search for
  /// the next one resumes where the previous name stood: a minified file with thousands of
  /// tags on one line stays linear.
  private func locateNames(_ entries: inout [Entry]) {
    var resumeAt: [Int: Int] = [:]
    for index in entries.indices {
      let line = entries[index].line
      let found = nameRange(of: entries[index].name, onLine: line, from: resumeAt[line])
      entries[index].nameRange = found
      if let found { resumeAt[line] = found.lowerBound }
    }
  }

  // MARK: - Ends

  private func resolveEnds(_ entries: inout [Entry]) {
    var finder = DeclarationEndFinder(source: source, lines: lines, syntax: syntax)
    let lastLine = source.lineCount - 1
    // Latest entry of each qualified name: where a scope is looked up.
    var latest: [String: Int] = [:]
    // Entries are sorted by line; `nextLineStart[i]` is the first entry on a later line.
    var nextLineStart = Array(repeating: entries.count, count: entries.count)
    for index in entries.indices.reversed() where index + 1 < entries.count {
      nextLineStart[index] =
        entries[index + 1].line > entries[index].line ? index + 1 : nextLineStart[index + 1]
    }
    for index in entries.indices {
      let entry = entries[index]
      defer { latest[entry.qualifiedName] = index }
      let limit = enclosingEnd(of: entry, in: entries, latest: latest) ?? lastLine
      if let reported = entry.reportedEnd {
        // Some parsers end a declaration at the blank line before the next one (Markdown).
        var end = min(max(reported - 1, entry.line), lastLine)
        while end > entry.line, source.isBlank(line: end) { end -= 1 }
        entries[index].end = end
        continue
      }
      let next = entries[nextLineStart[index]...].first { !$0.isNested(in: entry) }
      // A value never reaches into the next declaration: if the scan runs on (a literal it
      // misread), the declarations after it must not end up nested in a variable.
      let valueLimit = entry.kind.isValue ? next.map { $0.line - 1 } : nil
      entries[index].end = finder.lastLine(
        from: entry.nameRange?.upperBound ?? source.lineStart(entry.line), startLine: entry.line,
        isValue: entry.kind.isValue, nextDeclarationLine: next?.line,
        limitLine: min(limit, valueLimit ?? limit))
    }
  }

  /// The end of the innermost earlier entry named by this one's container (or a prefix of it)
  /// that contains its first line: a bound the inferred end must respect.
  private func enclosingEnd(of entry: Entry, in entries: [Entry], latest: [String: Int]) -> Int? {
    guard var scope = entry.container else { return nil }
    while true {
      if let index = latest[scope], entries[index].line <= entry.line,
        entries[index].end >= entry.line
      {
        return entries[index].end
      }
      guard let dot = scope.lastIndex(of: ".") else { return nil }
      scope = String(scope[..<dot])
    }
  }

  // MARK: - Symbols

  private func symbol(for entry: Entry) -> Symbol {
    let startOffset = source.firstNonBlank(line: entry.line)
    let endOffset = max(startOffset, source.contentRange(ofLine: entry.end).upperBound)
    let nameBytes =
      entry.nameRange
      ?? source.contentRange(ofLine: entry.line).clamped(to: startOffset..<Int.max)
    return Symbol(
      name: entry.name, kind: entry.kind, container: entry.container,
      signature: entry.signature, span: source.span(bytes: startOffset..<endOffset),
      nameSpan: source.span(bytes: nameBytes))
  }

  /// Where `name` stands on `line`: the first occurrence that is a whole word, else the first
  /// occurrence at all, else the same for its last dotted component (Lua's `M.add`). The
  /// search starts at `resume` (wrapping around to the line's start) and reads at most
  /// `maxSearchBytes` each way, so an enormous line costs little.
  private func nameRange(of name: String, onLine line: Int, from resume: Int?) -> Range<Int>? {
    let content = source.contentRange(ofLine: line)
    let origin = min(max(resume ?? content.lowerBound, content.lowerBound), content.upperBound)
    let windows = [
      origin..<min(content.upperBound, origin + Self.maxSearchBytes),
      content.lowerBound..<min(origin, content.lowerBound + Self.maxSearchBytes),
    ]
    var candidates = [name]
    if let tail = Self.lastComponent(of: name) { candidates.append(tail) }
    for candidate in candidates {
      let needle = Array(candidate.utf8)
      guard !needle.isEmpty else { continue }
      var firstPlain: Range<Int>?
      for window in windows {
        var start = window.lowerBound
        while start < window.upperBound, start + needle.count <= content.upperBound {
          if source.bytes[start] == needle[0],
            source.bytes[start..<start + needle.count].elementsEqual(needle)
          {
            let range = start..<start + needle.count
            if isWordBoundary(range, needle: needle) { return range }
            firstPlain = firstPlain ?? range
          }
          start += 1
        }
      }
      if let firstPlain { return firstPlain }
    }
    return nil
  }

  private static let maxSearchBytes = 65_536

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

  /// What follows the last `.`, `::`, `\` or `/` in `name`, if anything does.
  private static func lastComponent(of name: String) -> String? {
    let bytes = Array(name.utf8)
    guard
      let separator = bytes.lastIndex(where: {
        $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "\\")
          || $0 == UInt8(ascii: "/")
      }), separator + 1 < bytes.count
    else { return nil }
    return String(decoding: bytes[(separator + 1)...], as: UTF8.self)
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
