import Foundation

@testable import SearchEngine

/// One entry of a tree built for a scan test.
enum ScanTestEntry: ExpressibleByStringLiteral {
  case text(String)
  case bytes([UInt8])
  /// A symbolic link with this target.
  case link(String)
  /// An empty folder.
  case folder
  /// A named pipe.
  case fifo

  init(stringLiteral value: String) {
    self = .text(value)
  }
}

/// A throwaway directory for scan tests, removed when the value is released.
final class ScanTestTree {
  let root: URL

  init(_ entries: [String: ScanTestEntry] = [:]) throws {
    root = FileManager.default.temporaryDirectory
      .appendingPathComponent("sextant-scan-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    // Parents before children, so links and files land in folders that exist.
    for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
      try add(path, entry)
    }
  }

  deinit {
    try? FileManager.default.removeItem(at: root)
  }

  func url(_ path: String) -> URL {
    root.appendingPathComponent(path)
  }

  func add(_ path: String, _ entry: ScanTestEntry) throws {
    let target = url(path)
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    switch entry {
    case .text(let text): try Data(text.utf8).write(to: target)
    case .bytes(let bytes): try Data(bytes).write(to: target)
    case .link(let destination):
      try FileManager.default.createSymbolicLink(
        atPath: target.path, withDestinationPath: destination)
    case .folder:
      try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    case .fifo:
      guard mkfifo(target.path, 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
  }

  func remove(_ path: String) throws {
    try FileManager.default.removeItem(at: url(path))
  }

  /// Runs git in `directory` (relative to the root) and returns its standard output.
  @discardableResult
  func git(_ arguments: [String], in directory: String = "") throws -> String {
    guard let git = ProcessRunner.locate("git") else { throw CocoaError(.executableNotLoadable) }
    let folder = directory.isEmpty ? root.path : url(directory).path
    let output = try ProcessRunner.run(
      git, arguments: ["-C", folder] + arguments,
      environment: ProcessInfo.processInfo.environment)
    guard output.status == 0 else {
      throw CocoaError(.executableLoad, userInfo: ["arguments": arguments])
    }
    return String(decoding: output.standardOutput, as: UTF8.self)
  }

  /// `git init` plus `git add` of everything not ignored: files then count as tracked.
  func makeRepository(in directory: String = "", track: Bool = true) throws {
    try git(["init", "-q"], in: directory)
    if track { try git(["add", "-A"], in: directory) }
  }

  /// Scans `path` below the root (the root itself by default).
  func scan(_ options: ScanOptions, at path: String = "") throws -> ScanReport {
    try WorkspaceScanner(options: options).scan(root: path.isEmpty ? root : url(path))
  }

  /// Whether git can be run here; git-mode tests need it.
  static let gitAvailable: Bool = ProcessRunner.locate("git") != nil
}
