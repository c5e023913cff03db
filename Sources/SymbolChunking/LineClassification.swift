/// What each line of a file holds, as far as chunking cares.
///
/// Computed once per file in a single forward pass (block comments and multi-line imports need
/// state) and then used to attach doc comments to declarations and to decide which code outside
/// declarations deserves a line window.
struct LineClassification {
  enum Kind: Equatable {
    case blank
    case comment
    /// License headers, shebangs: text that is the same in every file and useless to search.
    case boilerplate
    /// A decorator or attribute on a line of its own (`@Override`, `#[derive(Debug)]`).
    case attribute
    /// Imports, includes and package clauses.
    case importLine
    /// Conditional compilation (`#if`, `#endif`).
    case directive
    /// Nothing but the end of a block: `}`, `});`, `end`.
    case closer
    case code
  }

  let kinds: [Kind]
  private let nonBlankBytes: [Int]

  /// Windows whose meaningful content is smaller than this are dropped: a lone `}` or
  /// `main()` between declarations says nothing a search could use.
  static let minimumMeaningfulBytes = 20

  init(source: SourceText, syntax: LanguageSyntax) {
    var kinds: [Kind] = []
    var counts: [Int] = []
    kinds.reserveCapacity(source.lineCount)
    counts.reserveCapacity(source.lineCount)
    var state = ScanState()
    let markers = Markers(syntax)
    for line in 0..<source.lineCount {
      let range = source.contentRange(ofLine: line)
      let start = source.firstNonBlank(line: line)
      let trimmed = source.bytes[start..<range.upperBound]
      counts.append(trimmed.reduce(0) { $1 == 0x20 || $1 == 0x09 || $1 == 0x0D ? $0 : $0 + 1 })
      kinds.append(Self.classify(trimmed, syntax: syntax, markers: markers, state: &state))
    }
    if !kinds.isEmpty,
      source.bytes.starts(with: Array("#!/".utf8)) || source.bytes.starts(with: Array("#! ".utf8))
    {
      kinds[0] = .boilerplate
    }
    Self.markLicenseBlocks(&kinds, source: source)
    self.kinds = kinds
    self.nonBlankBytes = counts
  }

  /// Non-whitespace bytes on lines that carry content worth searching (code, comments,
  /// attributes), over `lines`.
  func meaningfulBytes(_ lines: ClosedRange<Int>) -> Int {
    var total = 0
    for line in lines where line >= 0 && line < kinds.count {
      switch kinds[line] {
      case .code, .comment, .attribute: total += nonBlankBytes[line]
      case .blank, .boilerplate, .importLine, .directive, .closer: break
      }
    }
    return total
  }

  func isTrivial(_ lines: ClosedRange<Int>) -> Bool {
    meaningfulBytes(lines) < Self.minimumMeaningfulBytes
  }

  /// Whether `lines` hold no content at all: only blank lines, closing braces, imports and the
  /// like. The bar for a run of small members inside a container, where even `case one` counts.
  func isEmptyOfContent(_ lines: ClosedRange<Int>) -> Bool {
    lines.allSatisfy { line in
      switch kind(line) {
      case .code, .comment, .attribute: false
      case .blank, .boilerplate, .importLine, .directive, .closer: true
      }
    }
  }

  /// `range` without lines at either end that carry nothing to search (blank lines, imports,
  /// license headers, `#if`s), `nil` when nothing else is left.
  func trimmingInsignificant(_ range: ClosedRange<Int>) -> ClosedRange<Int>? {
    var first = range.lowerBound
    var last = range.upperBound
    while first <= last, !isSignificant(first) { first += 1 }
    while last >= first, !isSignificant(last) { last -= 1 }
    return first <= last ? first...last : nil
  }

  /// A closing brace is significant here: a window that ends a function keeps its `}`.
  private func isSignificant(_ line: Int) -> Bool {
    switch kind(line) {
    case .code, .comment, .attribute, .closer: true
    case .blank, .boilerplate, .importLine, .directive: false
    }
  }

  func kind(_ line: Int) -> Kind {
    line >= 0 && line < kinds.count ? kinds[line] : .blank
  }

  /// The first line of the doc comments and attributes directly above `line` (no blank line in
  /// between), never reaching `lowerBound` or above.
  func documentationStart(above line: Int, lowerBound: Int) -> Int {
    var first = line
    while first - 1 > lowerBound {
      let kind = kind(first - 1)
      guard kind == .comment || kind == .attribute else { break }
      first -= 1
    }
    return first
  }

  // MARK: - Classification

  private struct ScanState {
    var inBlockComment = false
    /// Open brackets of an import that spans lines (`import (`, `from x import (`, `import {`).
    var importDepth = 0
  }

  private struct Markers {
    let lineComments: [[UInt8]]
    let blockOpen: [UInt8]?
    let blockClose: [UInt8]?
    let imports: [[UInt8]]
    let importInfixes: [[UInt8]]
    let attributes: [[UInt8]]
    let directives: [[UInt8]]

    init(_ syntax: LanguageSyntax) {
      directives = syntax.directivePrefixes.map { Array($0.utf8) }
      lineComments = syntax.lineComments.map { Array($0.utf8) }
      blockOpen = syntax.blockComment.map { Array($0.open.utf8) }
      blockClose = syntax.blockComment.map { Array($0.close.utf8) }
      imports = syntax.importPrefixes.map { Array($0.utf8) }
      importInfixes = syntax.importInfixes.map { Array($0.utf8) }
      attributes = syntax.attributePrefixes.map { Array($0.utf8) }
    }
  }

  private static func classify(
    _ line: ArraySlice<UInt8>, syntax: LanguageSyntax, markers: Markers, state: inout ScanState
  ) -> Kind {
    if state.inBlockComment {
      if let close = markers.blockClose, let end = find(close, in: line) {
        state.inBlockComment = false
        let rest = line[(end + close.count)...]
        return rest.allSatisfy(isSpace) ? .comment : .code
      }
      return .comment
    }
    if line.isEmpty { return .blank }
    if syntax.isProse { return .code }
    if state.importDepth > 0 {
      state.importDepth = max(0, state.importDepth + bracketBalance(line))
      return .importLine
    }
    if markers.imports.contains(where: { line.starts(with: $0) })
      || markers.importInfixes.contains(where: { find($0, in: line) != nil })
    {
      state.importDepth = max(0, bracketBalance(line))
      return .importLine
    }
    if markers.directives.contains(where: { line.starts(with: $0) }) { return .directive }
    if markers.attributes.contains(where: { line.starts(with: $0) }) { return .attribute }
    if markers.lineComments.contains(where: { line.starts(with: $0) }) { return .comment }
    if let open = markers.blockOpen, line.starts(with: open) {
      if let close = markers.blockClose, let end = find(close, in: line.dropFirst(open.count)) {
        return line[(end + close.count)...].allSatisfy(isSpace) ? .comment : .code
      }
      state.inBlockComment = true
      return .comment
    }
    if isCloser(line) { return .closer }
    if let open = markers.blockOpen, let close = markers.blockClose,
      let start = findOutsideQuotes(open, in: line),
      find(close, in: line[(start + open.count)...]) == nil
    {
      state.inBlockComment = true
    }
    return .code
  }

  /// License headers are comment blocks that mention a copyright or a license; they are the
  /// same in every file of a project and would otherwise become a window in each.
  private static func markLicenseBlocks(_ kinds: inout [Kind], source: SourceText) {
    var line = 0
    while line < kinds.count {
      guard kinds[line] == .comment else {
        line += 1
        continue
      }
      var end = line
      while end + 1 < kinds.count, kinds[end + 1] == .comment { end += 1 }
      let block = source.bytes[source.byteRange(lines: line, end)]
      if licenseWords.contains(where: { containsIgnoringASCIICase($0, in: block) }) {
        for index in line...end { kinds[index] = .boilerplate }
      }
      line = end + 1
    }
  }

  private static let licenseWords: [[UInt8]] = ["copyright", "license", "spdx-"].map {
    Array($0.utf8)
  }

  /// Whether lower-case ASCII `needle` occurs in `haystack` in any letter case.
  private static func containsIgnoringASCIICase(_ needle: [UInt8], in haystack: ArraySlice<UInt8>)
    -> Bool
  {
    guard let first = needle.first, haystack.count >= needle.count else { return false }
    var index = haystack.startIndex
    while index + needle.count <= haystack.endIndex {
      if haystack[index] | 0x20 == first {
        var matched = true
        for offset in 1..<needle.count where haystack[index + offset] | 0x20 != needle[offset] {
          matched = false
          break
        }
        if matched { return true }
      }
      index += 1
    }
    return false
  }

  private static let closingWords: [[UInt8]] = ["end", "end;", "fi", "done", "esac"].map {
    Array($0.utf8)
  }

  private static func isCloser(_ line: ArraySlice<UInt8>) -> Bool {
    if closingWords.contains(where: { line.elementsEqual($0) }) { return true }
    guard let first = line.first,
      first == UInt8(ascii: "}") || first == UInt8(ascii: ")")
        || first == UInt8(ascii: "]")
    else { return false }
    return line.allSatisfy { byte in
      switch byte {
      case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: ";"),
        UInt8(ascii: ","), 0x20, 0x09, 0x0D:
        true
      default:
        false
      }
    }
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D
  }

  private static func bracketBalance(_ line: ArraySlice<UInt8>) -> Int {
    var balance = 0
    for byte in line {
      switch byte {
      case UInt8(ascii: "("), UInt8(ascii: "{"), UInt8(ascii: "["): balance += 1
      case UInt8(ascii: ")"), UInt8(ascii: "}"), UInt8(ascii: "]"): balance -= 1
      default: break
      }
    }
    return balance
  }

  /// Index of the first occurrence of `needle` in `haystack` (an index of the slice's base).
  private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    var index = haystack.startIndex
    while index + needle.count <= haystack.endIndex {
      if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }

  /// Like ``find(_:in:)`` but ignores occurrences inside `"…"`, so a glob such as
  /// `"src/**/*.js"` does not open a block comment. One pass, whatever the line's length.
  private static func findOutsideQuotes(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
    guard !needle.isEmpty else { return nil }
    var insideQuotes = false
    var index = haystack.startIndex
    while index + needle.count <= haystack.endIndex {
      if haystack[index] == UInt8(ascii: "\"") {
        insideQuotes.toggle()
      } else if !insideQuotes, haystack[index..<index + needle.count].elementsEqual(needle) {
        return index
      }
      index += 1
    }
    return nil
  }
}
