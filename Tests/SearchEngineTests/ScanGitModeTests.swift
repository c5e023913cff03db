import Foundation
import Testing

@testable import SearchEngine

/// Git mode: git lists the files, then the same rules as the walker's apply.
@Suite(.enabled(if: ScanTestTree.gitAvailable)) struct ScanGitModeTests {
  /// A tree exercising every rule at once, for comparing git mode with the walker.
  static let richTree: [String: ScanTestEntry] = [
    ".gitignore": "*.log\nbuild/\n/generated\n!important.log\n*.tmp\n",
    "important.log": "i", "noise.log": "n", "build/out.o": "o", "generated/x.swift": "x",
    "Sources/App/main.swift": "print(1)", "Sources/App/.gitignore": "*.swift\n!main.swift\n",
    "Sources/App/helper.swift": "h", "Sources/Lib/build/nested.txt": "n",
    "Sources/Lib/lib.swift": "l", "docs/.sextantignore": "drafts/\n*.pdf\n",
    "docs/drafts/a.md": "a", "docs/guide.md": "g", "docs/guide.pdf": "%PDF",
    "node_modules/pkg/index.js": "x", "web/app.min.js": "x", "web/app.js": "x",
    "assets/logo.png": .bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]),
    "with space.txt": "s", "ünïcödé.swift": "u", "new\nline.txt": "n", "tab\there.txt": "t",
    "link.txt": .link("docs/guide.md"), "vendor/dep/.gitignore": "*.c\n", "vendor/dep/a.c": "c",
    "vendor/dep/a.h": "h", "scratch.tmp": "t",
  ]

  @Test func gitModeAgreesWithTheWalker() throws {
    let tree = try ScanTestTree(ScanGitModeTests.richTree)
    try tree.makeRepository()
    // An untracked file is listed too; an untracked ignored one is not.
    try tree.add("untracked.swift", "u")
    try tree.add("untracked.tmp", "u")
    let git = try tree.scan(ScanOptions())
    let walker = try tree.scan(ScanOptions(useGit: false))
    #expect(git.usedGit)
    #expect(!walker.usedGit)
    #expect(git.files == walker.files)
    #expect(git.skipped == walker.skipped)
    #expect(git.skipExamples == walker.skipExamples)
    #expect(
      git.files.map(\.relativePath) == [
        ".gitignore", "Sources/App/.gitignore", "Sources/App/main.swift", "Sources/Lib/lib.swift",
        "docs/.sextantignore", "docs/guide.md", "important.log", "new\nline.txt", "tab\there.txt",
        "untracked.swift", "vendor/dep/.gitignore", "vendor/dep/a.h", "web/app.js",
        "with space.txt", "ünïcödé.swift",
      ])
    #expect(
      git.skipped == [
        .sextantIgnore: 2, .generatedFolder: 1, .generatedFile: 1, .binary: 1, .symlink: 1,
      ])
  }

  @Test func listings() throws {
    // Root below the top of the repository: paths are relative to the root, and ignore
    // files above it still apply.
    try check(
      [
        ".gitignore": "*.tmp\n", "sub/a.swift": "a", "sub/b.tmp": "b", "sub/deep/c.swift": "c",
        "other/d.swift": "d",
      ],
      at: "sub", files: ["a.swift", "deep/c.swift"])
    // A tracked file deleted from the work tree is not listed.
    try check(
      ["a.swift": "a", "gone.swift": "g"],
      afterTracking: { try $0.remove("gone.swift") }, files: ["a.swift"])
    // A tracked file stays in even when an ignore pattern matches it, as in git.
    try check(
      ["a.swift": "a", "tracked.gen": "t"],
      afterTracking: {
        try $0.add(".gitignore", "*.gen\n")
        try $0.add("untracked.gen", "u")
      },
      files: [".gitignore", "a.swift", "tracked.gen"])
    // An untracked nested repository is listed by its own git, with its own ignore files.
    try check(
      [".gitignore": "*.md\n", "a.swift": "a"],
      afterTracking: {
        try $0.add("nested/readme.md", "r")
        try $0.add("nested/.gitignore", "*.o\n")
        try $0.add("nested/x.o", "o")
        try $0.makeRepository(in: "nested", track: false)
      },
      files: [".gitignore", "a.swift", "nested/.gitignore", "nested/readme.md"])
    // .git/info/exclude is honoured.
    try check(
      ["a.swift": "a"],
      afterTracking: {
        try $0.add(".git/info/exclude", "*.secret\n")
        try $0.add("key.secret", "k")
      },
      files: ["a.swift"])
  }

  @Test func fallsBackToTheWalkerOutsideAWorkTree() throws {
    let tree = try ScanTestTree([".gitignore": "*.o\n", "a.swift": "a", "b.o": "b"])
    let report = try tree.scan(ScanOptions())
    #expect(!report.usedGit)
    #expect(report.gitFallbackReason != nil)
    #expect(report.files.map(\.relativePath) == [".gitignore", "a.swift"])
  }

  /// Builds `entries` as a repository with everything tracked, runs `afterTracking`, scans
  /// `path` in git mode and compares the indexed paths.
  private func check(
    _ entries: [String: ScanTestEntry], at path: String = "",
    afterTracking: (ScanTestTree) throws -> Void = { _ in }, files expected: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let tree = try ScanTestTree(entries)
    try tree.makeRepository()
    try afterTracking(tree)
    let report = try tree.scan(ScanOptions(), at: path)
    #expect(report.usedGit, sourceLocation: sourceLocation)
    #expect(report.files.map(\.relativePath) == expected, sourceLocation: sourceLocation)
  }
}
