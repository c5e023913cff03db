import Testing

@testable import SearchEngine

/// Which files the walker keeps in trees with ignore files, generated folders and
/// `.sextantignore` files at several levels.
@Suite struct ScanIgnoreRulesTests {
  @Test func gitignoreAtEveryLevel() throws {
    try check(
      [
        ".gitignore": "*.log\nbuild/\n", "a.log": "x", "keep/.gitignore": "!*.log\n",
        "keep/b.log": "x", "build/out.txt": "x", "src/build/x.txt": "x", "src/main.swift": "x",
      ],
      files: [".gitignore", "keep/.gitignore", "keep/b.log", "src/main.swift"])
    try check(
      [
        ".gitignore": "*.txt\n", "docs/.gitignore": "!readme.txt\n", "docs/readme.txt": "x",
        "docs/other.txt": "x", "top.txt": "x",
      ],
      files: [".gitignore", "docs/.gitignore", "docs/readme.txt"])
    try check(
      [
        "sub/.gitignore": "/gen\n", "sub/gen/x.txt": "x", "sub/deeper/gen/y.txt": "y",
        "gen/z.txt": "z",
      ],
      files: ["gen/z.txt", "sub/.gitignore", "sub/deeper/gen/y.txt"])
  }

  @Test func negationCannotReachIntoAnExcludedFolder() throws {
    try check(
      [".gitignore": "vendor/\n", "vendor/.gitignore": "!*\n", "vendor/a.txt": "a", "b.txt": "b"],
      files: [".gitignore", "b.txt"])
    try check(
      [".gitignore": "vendor/*\n!vendor/keep.txt\n", "vendor/keep.txt": "k", "vendor/x.txt": "x"],
      files: [".gitignore", "vendor/keep.txt"])
  }

  @Test func repositoryMetadataAndBoundaries() throws {
    try check(
      [".git/info/exclude": "secret.txt\n", ".git/config": "x", "secret.txt": "s", "a.txt": "a"],
      files: ["a.txt"])
    // A nested repository starts afresh: its parent's .gitignore does not apply inside it.
    try check(
      [".gitignore": "*.md\n", "lib/.git/HEAD": "ref", "lib/readme.md": "x", "top.md": "x"],
      files: [".gitignore", "lib/readme.md"])
    try check([".hg/store": "x", ".svn/entries": "x", "a.txt": "a"], files: ["a.txt"])
  }

  @Test func sextantignore() throws {
    try check(
      [
        ".sextantignore": "docs/\n*.snap\n!keep.snap\n", "docs/a.md": "x", "t.snap": "x",
        "keep.snap": "x", "src/.sextantignore": "fixtures/\n", "src/fixtures/big.json": "x",
        "src/a.swift": "x",
      ],
      files: [".sextantignore", "keep.snap", "src/.sextantignore", "src/a.swift"],
      skipped: [.sextantIgnore: 3])
    // It narrows the workspace only: it cannot bring back what .gitignore leaves out.
    try check(
      [".gitignore": "*.gen\n", ".sextantignore": "!*.gen\n", "a.gen": "x"],
      files: [".gitignore", ".sextantignore"])
    try check(
      [".sextantignore": "!keep.json\n", "a.json": "x", "keep.json": "x", "b.swift": "x"],
      options: ScanOptions(extraIgnorePatterns: ["*.json"], useGit: false),
      files: [".sextantignore", "b.swift", "keep.json"], skipped: [.sextantIgnore: 1])
  }

  @Test func generatedPaths() throws {
    try check(
      [
        "node_modules/x/index.js": "x", "Pods/A/a.m": "x", ".build/debug/x": "x",
        ".build-release/x": "x", "target/debug/x": "x", "rust/Cargo.toml": "x",
        "rust/target/debug/y": "y", "env/pyvenv.cfg": "x", "env/lib/site.py": "x",
        "cache/CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n", "cache/blob": "x",
        "notcache/CACHEDIR.TAG": "something else", "venv/lib.py": "x", "src/a.swift": "x",
      ],
      files: [
        "notcache/CACHEDIR.TAG", "rust/Cargo.toml", "src/a.swift", "target/debug/x", "venv/lib.py",
      ],
      skipped: [.generatedFolder: 7])
    try check(
      [
        "app.min.js": "x", "app.js": "x", "app.js.map": "x", "package-lock.json": "x",
        "Package.resolved": "x", "style.min.css": "x", ".min.js": "x",
      ],
      files: [".min.js", "app.js"], skipped: [.generatedFile: 5])
    // What .gitignore already leaves out is not part of the workspace, so it is not counted.
    try check(
      [".gitignore": "node_modules/\n", "node_modules/a.js": "x"], files: [".gitignore"])
  }

  /// Builds `entries`, scans them with the walker and compares the indexed paths and the
  /// skip counts.
  private func check(
    _ entries: [String: ScanTestEntry], options: ScanOptions = ScanOptions(useGit: false),
    files expected: [String], skipped expectedSkips: [SkipReason: Int] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let tree = try ScanTestTree(entries)
    let report = try tree.scan(options)
    #expect(report.files.map(\.relativePath) == expected, sourceLocation: sourceLocation)
    #expect(report.skipped == expectedSkips, sourceLocation: sourceLocation)
    #expect(!report.usedGit, sourceLocation: sourceLocation)
  }
}
