import Foundation
import MetadataStore
import SearchCore

/// What a search is narrowed to: path globs, languages, symbol kinds. Applied inside the
/// scans (BM25 and vector), so a narrow filter still returns a full page of results.
package struct SearchFilters: Sendable, Hashable {
  /// Git-style globs over workspace-relative paths; a glob without `/` matches the file name
  /// at any depth (`*.swift`), one with `/` the whole path (`Sources/**/*.swift`).
  package var paths: [String]
  /// Language names as the index records them (`Swift`, `Python`, …), without case.
  package var languages: [String]
  package var kinds: [SymbolKind]

  package init(paths: [String] = [], languages: [String] = [], kinds: [SymbolKind] = []) {
    self.paths = paths
    self.languages = languages
    self.kinds = kinds
  }

  package var isEmpty: Bool { paths.isEmpty && languages.isEmpty && kinds.isEmpty }

  /// Whether `path` matches any of the globs (every path does when there are none).
  package func admits(path: String) -> Bool {
    guard !paths.isEmpty else { return true }
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return paths.contains { glob in
      let subject = glob.contains("/") ? path : name
      let pattern = glob.hasPrefix("/") ? String(glob.dropFirst()) : glob
      return Array(pattern.utf8).withUnsafeBufferPointer { patternBytes in
        Array(subject.utf8).withUnsafeBufferPointer { Wildmatch.matches(patternBytes, text: $0) }
      }
    }
  }

  /// Whether a chunk with these properties passes every filter.
  package func admits(path: String, language: String?, kind: SymbolKind?) -> Bool {
    guard admits(path: path) else { return false }
    if !languages.isEmpty {
      guard let language, languages.contains(where: { $0.caseInsensitiveCompare(language) == .orderedSame }) else { return false }
    }
    if !kinds.isEmpty {
      guard let kind, kinds.contains(kind) else { return false }
    }
    return true
  }

  /// The catalog conditions for one folder (paths resolved against its files).
  func chunkFilter(in catalog: Catalog) throws -> ChunkFilter {
    var filter = ChunkFilter()
    if !paths.isEmpty {
      filter.fileIDs = try catalog.filePaths().filter { admits(path: $0.path) }.map(\.id)
    }
    if !languages.isEmpty { filter.languages = languages }
    if !kinds.isEmpty { filter.kinds = kinds.map(\.rawValue) }
    return filter
  }
}
