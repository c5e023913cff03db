import Foundation
import Testing

@testable import SearchEngine

/// Workspaces as users open them: a folder another repository ignores, a folder nested in a
/// repository that does not, a submodule, a folder in no repository, a symlinked root.
@Suite(.enabled(if: ScanTestTree.gitAvailable)) struct ScanWorkspaceShapesTests {
  /// A checkout or extracted archive inside a parent repository's ignored `vendor/`.
  static let parentIgnoringVendor: [String: ScanTestEntry] = [
    ".gitignore": "vendor/\n*.log\n", "app.swift": "a",
    "vendor/lib/a.swift": "func a() {}", "vendor/lib/.gitignore": "build/\n",
    "vendor/lib/build/b.swift": "b", "vendor/lib/.sextantignore": "drafts/\n",
    "vendor/lib/drafts/d.swift": "d", "vendor/lib/notes.log": "n",
  ]

  @Test func aFolderItsRepositoryIgnoresIsWalkedWithItsOwnIgnoreFiles() throws {
    let tree = try ScanTestTree(ScanWorkspaceShapesTests.parentIgnoringVendor)
    try tree.makeRepository()
    let report = try tree.scan(ScanOptions(), at: "vendor/lib")
    #expect(!report.usedGit)
    #expect(report.gitFallbackReason == WorkspaceScanner.ignoredByEnclosingRepository)
    // The parent's `*.log` is not the folder's own rule; its `.gitignore` and
    // `.sextantignore` are.
    #expect(
      report.files.map(\.relativePath) == [".gitignore", ".sextantignore", "a.swift", "notes.log"])
    #expect(report.skipped == [.sextantIgnore: 1])

    // Single-file checks (editor notifications) agree with the scan.
    let scanner = WorkspaceScanner(options: ScanOptions())
    let root = tree.url("vendor/lib")
    #expect(scanner.shouldIndex(relativePath: "a.swift", in: root))
    #expect(scanner.shouldIndex(relativePath: "new.swift", in: root))
    #expect(!scanner.shouldIndex(relativePath: "build/b.swift", in: root))
    #expect(scanner.inspect(relativePath: "drafts/d.swift", in: root) == .skipped(.sextantIgnore))
  }

  @Test func aFolderBelowAnIgnoredOneIsWalkedToo() throws {
    let tree = try ScanTestTree(["scratch/deep/inner/x.swift": "x", ".gitignore": "scratch/\n"])
    try tree.makeRepository()
    let report = try tree.scan(ScanOptions(), at: "scratch/deep")
    #expect(!report.usedGit)
    #expect(report.files.map(\.relativePath) == ["inner/x.swift"])
  }

  @Test func aNestedCheckoutInAnIgnoredFolderIsListedByItsOwnGit() throws {
    let tree = try ScanTestTree(ScanWorkspaceShapesTests.parentIgnoringVendor)
    try tree.makeRepository()
    try tree.makeRepository(in: "vendor/lib")
    let report = try tree.scan(ScanOptions(), at: "vendor/lib")
    #expect(report.usedGit)
    #expect(
      report.files.map(\.relativePath) == [".gitignore", ".sextantignore", "a.swift", "notes.log"])
  }

  @Test func aFolderInARepositoryThatDoesNotIgnoreItKeepsTheRepositorysRules() throws {
    let tree = try ScanTestTree(ScanWorkspaceShapesTests.parentIgnoringVendor)
    try tree.git(["init", "-q"])
    try tree.add(".gitignore", "*.log\n")
    let report = try tree.scan(ScanOptions(), at: "vendor/lib")
    #expect(report.usedGit)
    #expect(report.gitFallbackReason == nil)
    #expect(report.files.map(\.relativePath) == [".gitignore", ".sextantignore", "a.swift"])
  }

  @Test func aSubmoduleIsIndexedOpenedAloneAndFromItsSuperproject() throws {
    let tree = try ScanTestTree([
      "origin/lib.swift": "func lib() {}", "origin/.gitignore": "*.o\n", "origin/x.o": "o",
      "super/main.swift": "main()",
    ])
    let identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    try tree.makeRepository(in: "origin")
    try tree.git(identity + ["commit", "-qm", "origin"], in: "origin")
    try tree.makeRepository(in: "super")
    try tree.git(
      ["-c", "protocol.file.allow=always", "submodule", "add", "-q", tree.url("origin").path, "deps/lib"],
      in: "super")
    try tree.add("super/deps/lib/untracked.swift", "u")

    let alone = try tree.scan(ScanOptions(), at: "super/deps/lib")
    #expect(alone.usedGit)
    #expect(alone.files.map(\.relativePath) == [".gitignore", "lib.swift", "untracked.swift"])

    let whole = try tree.scan(ScanOptions(), at: "super")
    #expect(whole.usedGit)
    #expect(
      whole.files.map(\.relativePath) == [
        ".gitmodules", "deps/lib/.gitignore", "deps/lib/lib.swift", "deps/lib/untracked.swift",
        "main.swift",
      ])
  }

  @Test func aSymlinkedRootIsScannedLikeItsTarget() throws {
    for makeRepository in [false, true] {
      let tree = try ScanTestTree([
        "real/a.swift": "a", "real/.gitignore": "*.o\n", "real/b.o": "b", "alias": .link("real"),
      ])
      if makeRepository { try tree.makeRepository(in: "real") }
      let direct = try tree.scan(ScanOptions(), at: "real")
      let linked = try tree.scan(ScanOptions(), at: "alias")
      #expect(linked.usedGit == makeRepository)
      #expect(linked.files.map(\.relativePath) == [".gitignore", "a.swift"])
      #expect(linked.files == direct.files)
      let scanner = WorkspaceScanner(options: ScanOptions())
      #expect(scanner.shouldIndex(relativePath: "a.swift", in: tree.url("alias")))
      #expect(!scanner.shouldIndex(relativePath: "b.o", in: tree.url("alias")))
    }
  }
}
