/// One line of a `.gitignore`-syntax file, parsed the way git's `parse_path_pattern` does.
struct IgnorePattern: Sendable, Hashable {
  /// The glob with `!`, the trailing `/` and any leading `/` removed.
  let glob: [UInt8]
  /// `!pattern`: a match re-includes instead of excluding.
  let isNegated: Bool
  /// `pattern/`: matches directories only.
  let isDirectoryOnly: Bool
  /// No `/` in the pattern: it matches a name at any depth below the ignore file.
  let matchesBasename: Bool
  /// Length of the leading part without glob characters, compared as plain bytes first.
  let literalPrefixLength: Int

  /// Parses one line that is already free of line endings; `nil` for blank lines, comments
  /// and lines that are empty once `!` and the trailing `/` are taken off.
  init?(line: ArraySlice<UInt8>) {
    var bytes = Array(line)
    if bytes.first == UInt8(ascii: "#") { return nil }
    IgnorePattern.trimTrailingSpaces(&bytes)
    var negated = false
    if bytes.first == UInt8(ascii: "!") {
      negated = true
      bytes.removeFirst()
    }
    var directoryOnly = false
    if bytes.last == UInt8(ascii: "/") {
      directoryOnly = true
      bytes.removeLast()
    }
    let basename = !bytes.contains(UInt8(ascii: "/"))
    if !basename && bytes.first == UInt8(ascii: "/") { bytes.removeFirst() }
    if bytes.isEmpty { return nil }
    glob = bytes
    isNegated = negated
    isDirectoryOnly = directoryOnly
    matchesBasename = basename
    literalPrefixLength = bytes.firstIndex(where: IgnorePattern.isGlobCharacter) ?? bytes.count
  }

  private static func isGlobCharacter(_ c: UInt8) -> Bool {
    c == UInt8(ascii: "*") || c == UInt8(ascii: "?") || c == UInt8(ascii: "[")
      || c == UInt8(ascii: "\\")
  }

  /// Drops unescaped trailing spaces (not tabs), as git does; `\ ` keeps a space.
  private static func trimTrailingSpaces(_ bytes: inout [UInt8]) {
    var lastSpace: Int?
    var index = 0
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: " "):
        if lastSpace == nil { lastSpace = index }
      case UInt8(ascii: "\\"):
        index += 1
        if index == bytes.count { return }
        lastSpace = nil
      default:
        lastSpace = nil
      }
      index += 1
    }
    if let lastSpace { bytes.removeSubrange(lastSpace...) }
  }

  /// Whether the pattern matches `path`, given relative to the directory holding the ignore
  /// file, whose last component starts at `basenameStart`.
  func matches(
    _ path: UnsafeBufferPointer<UInt8>, basenameStart: Int, isDirectory: Bool
  ) -> Bool {
    if isDirectoryOnly && !isDirectory { return false }
    return glob.withUnsafeBufferPointer { glob in
      let name =
        matchesBasename
        ? UnsafeBufferPointer(rebasing: path[basenameStart...]) : path
      // Compare the literal prefix as bytes, then glob-match the rest, as git does.
      let prefix = literalPrefixLength
      if prefix > name.count { return false }
      for i in 0..<prefix where glob[i] != name[i] { return false }
      if prefix == glob.count { return name.count == prefix }
      return Wildmatch.matches(
        glob, from: prefix, text: UnsafeBufferPointer(rebasing: name[prefix...]))
    }
  }
}
