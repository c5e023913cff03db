import Foundation
import SearchCore

/// Where a workspace's index lives by default: outside the workspace, in the user's cache
/// directory, keyed by the workspace's absolute path so the editor's server and a headless
/// `sextant index` of the same folder share one index.
package enum IndexLocation {
  /// `$XDG_CACHE_HOME/sextant/indexes/<folder-name>-<hash of path>` (or `~/.cache/...`).
  package static func defaultDirectory(
    for root: URL, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL {
    let path = root.standardizedFileURL.resolvingSymlinksInPath().path
    let key = String(ContentHash.of(path).hex.prefix(16))
    let name = root.lastPathComponent.isEmpty ? "root" : root.lastPathComponent
    let safeName = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(40))
    return cacheHome(environment: environment)
      .appendingPathComponent("sextant/indexes/\(safeName)-\(key)", isDirectory: true)
  }

  package static func cacheHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      return URL(fileURLWithPath: xdg, isDirectory: true)
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache", isDirectory: true)
  }
}
