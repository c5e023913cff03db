/// The patterns of one ignore file, anchored at the directory that holds it.
struct IgnoreRules: Sendable {
  /// The directory the patterns are relative to, relative to the scanned root (`""` for the
  /// root itself), without a trailing `/`.
  let base: [UInt8]
  let patterns: [IgnorePattern]

  init(base: [UInt8], patterns: [IgnorePattern]) {
    self.base = base
    self.patterns = patterns
  }

  /// Parses the bytes of an ignore file: one pattern a line, `\n` or `\r\n` endings, a UTF-8
  /// byte order mark tolerated at the start.
  init(base: [UInt8], contents: [UInt8]) {
    var body = contents[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    var patterns: [IgnorePattern] = []
    for var line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      if let pattern = IgnorePattern(line: line) { patterns.append(pattern) }
    }
    self.init(base: base, patterns: patterns)
  }

  /// Parses lines given as strings, such as ``ScanOptions/extraIgnorePatterns``.
  init(base: [UInt8], lines: [String]) {
    self.init(base: base, patterns: lines.compactMap { IgnorePattern(line: Array($0.utf8)[...]) })
  }

  /// The verdict of the last pattern matching `path` (relative to the scanned root and lying
  /// below ``base``), or `nil` when none matches. Later lines override earlier ones.
  func verdict(for path: [UInt8], isDirectory: Bool) -> IgnoreVerdict? {
    path.withUnsafeBufferPointer { verdict(for: $0, isDirectory: isDirectory) }
  }

  /// ``verdict(for:isDirectory:)`` on a path already held as a buffer.
  func verdict(for path: UnsafeBufferPointer<UInt8>, isDirectory: Bool) -> IgnoreVerdict? {
    if patterns.isEmpty { return nil }
    let offset = base.isEmpty ? 0 : base.count + 1
    guard offset < path.count else { return nil }
    let relative = UnsafeBufferPointer(rebasing: path[offset...])
    let basenameStart = (relative.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
    for pattern in patterns.reversed()
    where pattern.matches(relative, basenameStart: basenameStart, isDirectory: isDirectory) {
      return pattern.isNegated ? .included : .excluded
    }
    return nil
  }
}

/// What the applicable ignore files say about a path.
enum IgnoreVerdict: Sendable, Hashable {
  case excluded
  /// A `!` pattern matched last: the path is in, whatever shallower files say.
  case included
}
