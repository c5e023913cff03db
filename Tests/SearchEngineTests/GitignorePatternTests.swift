import Testing

@testable import SearchEngine

/// Gitignore semantics, one root `.gitignore` at a time. Each expectation is also checked
/// against `git ls-files --others --exclude-standard` on a real repository when git is
/// installed: a path is "ignored" when git would not list it (for folders, the files inside).
@Suite struct GitignorePatternTests {
  @Test func basenamePatternsMatchAtAnyDepth() {
    check("*.log", "a.log", ignored: true)
    check("*.log", "deep/down/a.log", ignored: true)
    check("*.log", "a.log.txt", ignored: false)
    check("*.log", "log", ignored: false)
    check("*.o", "x.o", directory: true, ignored: true)
    check("*.txt", "my file.txt", ignored: true)
    check("secret", "a/b/secret", ignored: true)
    check("secret", "a/secret/inner.txt", ignored: true)
  }

  @Test func anchoredAndMiddleSlashPatterns() {
    check("/build", "build", ignored: true)
    check("/build", "src/build", ignored: false)
    check("/*.c", "a.c", ignored: true)
    check("/*.c", "d/a.c", ignored: false)
    check("a/b", "a/b", ignored: true)
    check("a/b", "x/a/b", ignored: false)
    check("doc/*.txt", "doc/a.txt", ignored: true)
    check("doc/*.txt", "doc/sub/a.txt", ignored: false)
    check("x/a*b", "x/a/b", ignored: false)
    check("x/a*b", "x/ab", ignored: true)
  }

  @Test func directoryOnlyPatterns() {
    check("build/", "build", directory: true, ignored: true)
    check("build/", "build", ignored: false)
    check("build/", "src/build", directory: true, ignored: true)
    check("build/", "build/deep/file.txt", ignored: true)
    check("doc/frotz/", "doc/frotz", directory: true, ignored: true)
    check("doc/frotz/", "a/doc/frotz", directory: true, ignored: false)
    check("foo/**/", "foo/x", directory: true, ignored: true)
    check("foo/**/", "foo/y", ignored: false)
  }

  @Test func doubleStar() {
    check("**/foo", "foo", ignored: true)
    check("**/foo", "a/b/foo", ignored: true)
    check("**/foo/bar", "foo/bar", ignored: true)
    check("**/foo/bar", "x/y/foo/bar", ignored: true)
    check("abc/**", "abc/x", ignored: true)
    check("abc/**", "abc/x/y", ignored: true)
    check("abc/**\n!abc/keep", "abc/keep", ignored: false)
    check("a/**/b", "a/b", ignored: true)
    check("a/**/b", "a/x/b", ignored: true)
    check("a/**/b", "a/x/y/b", ignored: true)
    check("a/**/b", "ab", ignored: false)
    check("a/**b", "a/xb", ignored: true)
    check("a/**b", "a/x/b", ignored: false)
    check("**", "anything/at/all.txt", ignored: true)
    check("foo**bar", "foo/x/bar", ignored: false)
    check("x/foo**/bar", "x/fooz/bar", ignored: true)
    check("x/foo**/bar", "x/foo/a/bar", ignored: true)
    check("x/f*o**/bar", "x/foo/a/bar", ignored: false)
  }

  @Test func wildcardsAndClasses() {
    check("?.txt", "a.txt", ignored: true)
    check("?.txt", "ab.txt", ignored: false)
    check("[abc].txt", "b.txt", ignored: true)
    check("[abc].txt", "d.txt", ignored: false)
    check("[a-c]x", "bx", ignored: true)
    check("[a-c]x", "dx", ignored: false)
    check("[!a]x", "ax", ignored: false)
    check("[!a]x", "bx", ignored: true)
    check("[^a]x", "bx", ignored: true)
    check("[[:digit:]]x", "1x", ignored: true)
    check("[[:digit:]]x", "ax", ignored: false)
    check("[]]x", "]x", ignored: true)
    check("\\*.txt", "*.txt", ignored: true)
    check("\\*.txt", "a.txt", ignored: false)
    check("a?b", "a/b", ignored: false)
  }

  @Test func negation() {
    check("*.log\n!keep.log", "keep.log", ignored: false)
    check("*.log\n!keep.log", "other.log", ignored: true)
    check("!keep.log\n*.log", "keep.log", ignored: true)
    check("build/\n!build/keep.txt", "build/keep.txt", ignored: true)
    check("build/*\n!build/keep.txt", "build/keep.txt", ignored: false)
    check("build/*\n!build/keep.txt", "build/other.txt", ignored: true)
    check("*\n!*/\n!*.swift", "Sources/App/main.swift", ignored: false)
    check("*\n!*/\n!*.swift", "Sources/App/notes.md", ignored: true)
    check("\\!important", "!important", ignored: true)
  }

  @Test func commentsSpacesAndLineEndings() {
    check("#foo", "#foo", ignored: false)
    check("\\#foo", "#foo", ignored: true)
    check("foo   ", "foo", ignored: true)
    check("foo\\ ", "foo ", ignored: true)
    check("foo\\ ", "foo", ignored: false)
    check("\n\n   \n", "anything", ignored: false)
    check("a.txt\r\nb.txt\r\n", "b.txt", ignored: true)
    check("\u{FEFF}bom.txt", "bom.txt", ignored: true)
  }

  /// Evaluates `ignoreFile` at the root the way git does for `path`: an excluded ancestor
  /// folder hides everything below it, otherwise the path's own last matching line decides.
  /// Where git is installed, git itself is asked too, on a fresh repository holding the
  /// path (a folder gets one file inside, which is what git then lists or not).
  private func check(
    _ ignoreFile: String, _ path: String, directory: Bool = false, ignored expected: Bool,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let rules = IgnoreRules(base: [], contents: Array(ignoreFile.utf8))
    let bytes = Array(path.utf8)
    let ignored =
      RelativePath.ancestors(bytes).contains {
        rules.verdict(for: $0, isDirectory: true) == .excluded
      } || rules.verdict(for: bytes, isDirectory: directory) == .excluded
    let description = "\(ignoreFile.debugDescription) on \(path)\(directory ? "/" : "")"
    #expect(ignored == expected, "\(description)", sourceLocation: sourceLocation)
    guard ScanTestTree.gitAvailable else { return }
    do {
      let probe = directory ? path + "/probe" : path
      let tree = try ScanTestTree([".gitignore": .text(ignoreFile), probe: "x"])
      try tree.makeRepository(track: false)
      let listed = try tree.git(["ls-files", "--others", "--exclude-standard", "-z"])
        .split(separator: "\0").contains { $0 == probe }
      #expect(listed != expected, "git disagrees: \(description)", sourceLocation: sourceLocation)
    } catch {
      Issue.record("could not ask git: \(error)", sourceLocation: sourceLocation)
    }
  }
}
