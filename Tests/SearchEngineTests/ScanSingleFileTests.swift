import Testing

@testable import SearchEngine

/// Single-file checks for editor events must agree with what a full scan decides.
@Suite struct ScanSingleFileTests {
  enum Expected: Equatable {
    case indexed
    case skipped(SkipReason)
    case missing
    case notInWorkspace
  }

  static let tree: [String: ScanTestEntry] = [
    ".gitignore": "*.log\nbuild/\n!build/keep.txt\n", "src/a.swift": "a", "a.log": "l",
    "build/x.txt": "x", "build/keep.txt": "k", "node_modules/x.js": "x", "app.min.js": "x",
    "docs/.sextantignore": "drafts/\n", "docs/drafts/a.md": "a", "docs/b.md": "b",
    "big.txt": .text(String(repeating: "x", count: 100)), "blob.bin": .bytes([1, 0, 2]),
    "link.swift": .link("src/a.swift"), "nested/r.swift": "r",
  ]

  @Test(arguments: [false, true]) func sameRulesAsAScan(useGit: Bool) throws {
    if useGit && !ScanTestTree.gitAvailable { return }
    let tree = try ScanTestTree(ScanSingleFileTests.tree)
    if useGit {
      try tree.makeRepository()
      try tree.makeRepository(in: "nested", track: false)
    }
    let options = ScanOptions(maxFileBytes: 50, useGit: useGit)
    try check(tree, options, "src/a.swift", .indexed)
    try check(tree, options, "./src//a.swift", .indexed)
    try check(tree, options, "nested/r.swift", .indexed)
    try check(tree, options, "a.log", .notInWorkspace)
    try check(tree, options, "build/x.txt", .notInWorkspace)
    try check(tree, options, "build/keep.txt", .notInWorkspace)
    try check(tree, options, "node_modules/x.js", .skipped(.generatedFolder))
    try check(tree, options, "app.min.js", .skipped(.generatedFile))
    try check(tree, options, "docs/drafts/a.md", .skipped(.sextantIgnore))
    try check(tree, options, "docs/b.md", .indexed)
    try check(tree, options, "big.txt", .skipped(.tooLarge))
    try check(tree, options, "blob.bin", .skipped(.binary))
    try check(tree, options, "link.swift", .skipped(.symlink))
    try check(tree, options, "missing.swift", .missing)
    try check(tree, options, "missing.log", .notInWorkspace)
    try check(tree, options, "build/missing.txt", .notInWorkspace)
    try check(tree, options, "node_modules/missing.js", .skipped(.generatedFolder))
    try check(tree, options, "src", .notInWorkspace)
    try check(tree, options, ".git/config", .notInWorkspace)
    try check(tree, options, "../outside.swift", .notInWorkspace)
    try check(tree, options, "/etc/passwd", .notInWorkspace)
  }

  @Test(.enabled(if: ScanTestTree.gitAvailable)) func trackedButIgnoredFollowsTheMode() throws {
    let tree = try ScanTestTree(["a.swift": "a", "tracked.gen": "t", "deleted.gen": "d"])
    try tree.makeRepository()
    try tree.add(".gitignore", "*.gen\n")
    try tree.remove("deleted.gen")
    try check(tree, ScanOptions(), "tracked.gen", .indexed)
    try check(tree, ScanOptions(useGit: false), "tracked.gen", .notInWorkspace)
    // Git still lists a deleted tracked file; the ignore files alone would not admit it.
    try check(tree, ScanOptions(), "deleted.gen", .missing)
    try check(tree, ScanOptions(useGit: false), "deleted.gen", .notInWorkspace)
  }

  /// Compares the single-file verdict with `expected` and, for paths with a file on disk,
  /// `shouldIndex` with whether a full scan of the tree lists the file.
  private func check(
    _ tree: ScanTestTree, _ options: ScanOptions, _ path: String, _ expected: Expected,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let scanner = WorkspaceScanner(options: options)
    let verdict: Expected =
      switch scanner.inspect(relativePath: path, in: tree.root) {
      case .indexed(let file):
        file.relativePath
          == RelativePath.normalize(path).map { String(decoding: $0, as: UTF8.self) }
          ? .indexed : .notInWorkspace
      case .skipped(let reason): .skipped(reason)
      case .missing: .missing
      case .notInWorkspace: .notInWorkspace
      }
    #expect(verdict == expected, "\(path)", sourceLocation: sourceLocation)
    if verdict == .missing {
      #expect(
        scanner.shouldIndex(relativePath: path, in: tree.root), sourceLocation: sourceLocation)
      return
    }
    let scanned = try tree.scan(options).files.map(\.relativePath)
    let normalized = RelativePath.normalize(path).map { String(decoding: $0, as: UTF8.self) }
    #expect(
      scanner.shouldIndex(relativePath: path, in: tree.root)
        == scanned.contains { $0 == normalized },
      "\(path)", sourceLocation: sourceLocation)
  }
}
