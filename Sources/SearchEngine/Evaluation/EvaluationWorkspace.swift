import Foundation

/// The copy of a workspace an evaluation searches: the same files, with the sampled doc
/// comments blanked, in a folder of its own that is not a git work tree.
///
/// The copy is kept between runs and rewritten in place: a file whose bytes are already right
/// is not touched (its modification time stays, so indexing skips it by stat), a file that
/// left the workspace leaves the copy. Ignore files are not copied: the copy already holds
/// exactly the files the workspace's scan listed.
package struct EvaluationWorkspace: Sendable {
  package let root: URL

  package init(root: URL) {
    self.root = root.standardizedFileURL
  }

  /// Writes the copy of `source` and returns how many files it had to write.
  @discardableResult
  package func synchronize(from source: URL, files: [String], replacing: [String: String]) throws -> Int {
    let manager = FileManager.default
    try manager.createDirectory(at: root, withIntermediateDirectories: true)
    var wanted = Set<String>()
    var written = 0
    for path in files where !Self.isIgnoreFile(path) {
      let bytes: Data
      if let text = replacing[path] {
        bytes = Data(text.utf8)
      } else if let data = manager.contents(atPath: source.appendingPathComponent(path).path) {
        bytes = data
      } else {
        continue
      }
      wanted.insert(path)
      let target = root.appendingPathComponent(path)
      if manager.contents(atPath: target.path) == bytes { continue }
      try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try bytes.write(to: target, options: .atomic)
      written += 1
    }
    try removeFiles(notIn: wanted)
    return written
  }

  private func removeFiles(notIn wanted: Set<String>) throws {
    guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
      return
    }
    let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
    var stale: [URL] = []
    for case let url as URL in enumerator {
      guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
      let path = url.standardizedFileURL.path
      guard path.hasPrefix(base) else { continue }
      if !wanted.contains(String(path.dropFirst(base.count))) { stale.append(url) }
    }
    for url in stale { try FileManager.default.removeItem(at: url) }
  }

  private static func isIgnoreFile(_ path: String) -> Bool {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return name == ".gitignore" || name == ".sextantignore" || name == ".ignore"
  }
}
