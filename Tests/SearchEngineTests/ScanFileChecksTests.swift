import Foundation
import Testing

@testable import SearchEngine

/// The per-file checks: size, content, links, special files and unusual names.
@Suite struct ScanFileChecksTests {
  @Test func sizeLimit() throws {
    try check(
      ["small.txt": "12345", "exact.txt": "1234567890", "big.txt": "12345678901"],
      options: ScanOptions(maxFileBytes: 10, useGit: false),
      files: ["exact.txt", "small.txt"], skipped: [.tooLarge: 1])
  }

  @Test func binaryContent() throws {
    let noise = (0..<200).map { UInt8(0x80 + $0 % 0x7F) }
    let latin1 = Array("Hello caf".utf8) + [0xE9] + Array(" and more plain text".utf8)
    try check(
      [
        "nul.bin": .bytes([0x41, 0, 0x42]), "noise.dat": .bytes(noise),
        "latin1.txt": .bytes(latin1), "utf8.txt": "héllo wörld ✓ 日本", "empty.txt": "",
      ],
      files: ["empty.txt", "latin1.txt", "utf8.txt"], skipped: [.binary: 2])
  }

  @Test func symbolicLinks() throws {
    let entries: [String: ScanTestEntry] = [
      "real.txt": "r", "link.txt": .link("real.txt"), "src/a.txt": "a", "dirlink": .link("src"),
      "dangling": .link("missing"),
    ]
    try check(entries, files: ["real.txt", "src/a.txt"], skipped: [.symlink: 3])
    try check(
      entries, options: ScanOptions(followSymlinks: true, useGit: false),
      files: ["link.txt", "real.txt", "src/a.txt"], skipped: [.symlink: 1, .unreadable: 1])
  }

  @Test func filesThatHoldSecretsStayOutUnlessAllowed() throws {
    let entries: [String: ScanTestEntry] = [
      "app.py": "print(1)", ".env": "KEY=1", ".env.local": "KEY=2", ".env.example": "KEY=", "deploy/server.pem": "x",
      "keys/id_rsa": "x", "keys/id_ed25519.pub": "x", "home/.netrc": "x", "cfg/credentials": "x", "keystore.jks": "x",
      "infra/prod.tfvars": "x",
    ]
    try check(entries, files: [".env.example", "app.py"], skipped: [.secretFile: 9])
    // Allowed by name.
    try check(
      entries, options: ScanOptions(useGit: false).allowing([".env.local", "*.pem"]),
      files: [".env.example", ".env.local", "app.py", "deploy/server.pem"], skipped: [.secretFile: 7])
  }

  @Test func specialFiles() throws {
    try check(["pipe": .fifo, "a.txt": "a"], files: ["a.txt"], skipped: [.notRegularFile: 1])
  }

  @Test func unusualNames() throws {
    try check(
      [
        "with space.txt": "x", "ünïcödé.swift": "x", "new\nline.txt": "x", "tab\tname.txt": "x",
        "日本語/ファイル.txt": "x", "#hash.txt": "x", "-dash.txt": "x", "[brackets].txt": "x",
        "back\\slash.txt": "x", "star*.txt": "x",
      ],
      files: [
        "#hash.txt", "-dash.txt", "[brackets].txt", "back\\slash.txt", "new\nline.txt",
        "star*.txt", "tab\tname.txt", "with space.txt", "ünïcödé.swift", "日本語/ファイル.txt",
      ])
  }

  @Test func namesThatAreNotUTF8() throws {
    let tree = try ScanTestTree(["ok.txt": "x"])
    let rawName = Array(tree.root.path.utf8) + Array("/bad-".utf8) + [0xFF, 0xFE]
    let fd = PosixFiles.withCString(rawName) { open($0, O_CREAT | O_WRONLY, 0o644) }
    #expect(fd >= 0)
    close(fd)
    let report = try tree.scan(ScanOptions(useGit: false))
    #expect(report.files.map(\.relativePath) == ["ok.txt"])
    #expect(report.skipped == [.undecodableName: 1])
  }

  @Test func reportDetails() throws {
    let tree = try ScanTestTree(["a.txt": "hello", "b.bin": .bytes([0, 1, 2])])
    let report = try tree.scan(ScanOptions(useGit: false))
    #expect(report.files.map(\.size) == [5])
    let modified = try #require(
      FileManager.default.attributesOfItem(atPath: tree.url("a.txt").path)[.modificationDate]
        as? Date)
    #expect(abs(try #require(report.files.first).modified.timeIntervalSince(modified)) < 0.001)
    #expect(report.skipExamples == [.binary: ["b.bin"]])
    #expect(throws: WorkspaceScanner.ScanError.self) {
      try WorkspaceScanner().scan(root: tree.url("a.txt"))
    }
  }

  @Test func examplesAreTheFirstInPathOrder() throws {
    var entries: [String: ScanTestEntry] = [:]
    for index in (0..<8).reversed() { entries["d\(index)/x.bin"] = .bytes([0]) }
    let tree = try ScanTestTree(entries)
    let report = try tree.scan(ScanOptions(useGit: false, examplesPerReason: 3))
    #expect(report.skipped == [.binary: 8])
    #expect(report.skipExamples[.binary] == ["d0/x.bin", "d1/x.bin", "d2/x.bin"])
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
  }
}

extension ScanOptions {
  func allowing(_ patterns: [String]) -> ScanOptions {
    var copy = self
    copy.allowedSecretPatterns = patterns
    return copy
  }
}
