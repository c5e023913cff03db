import Foundation
import MetadataStore
import SearchCore

/// All symbols of one folder in memory, by file, with a name index built on demand.
///
/// Edits replace one file's symbols; the flat name index is rebuilt lazily on the next query,
/// so a burst of edits costs one rebuild. Queries search an immutable ``SymbolSnapshot`` taken
/// under the lock, then run without holding it.
struct SymbolTable: Sendable {
  private var byPath: [String: [Symbol]] = [:]
  /// Symbols of open documents' unsaved text: they stand in for the saved file's symbols
  /// until the document is saved, reverted or closed, whatever the index commits meanwhile.
  private var overlay: [String: [Symbol]] = [:]
  private var snapshot: SymbolSnapshot?

  init(symbols: [StoredSymbol]) {
    for stored in symbols {
      byPath[stored.path, default: []].append(stored.symbol)
    }
  }

  var count: Int { byPath.values.reduce(0) { $0 + $1.count } }

  mutating func replace(_ files: [(String, [Symbol])]) {
    for (path, symbols) in files {
      byPath[path] = symbols.isEmpty ? nil : symbols
    }
    snapshot = nil
  }

  mutating func setOverlay(path: String, symbols: [Symbol]) {
    overlay[path] = symbols
    snapshot = nil
  }

  mutating func removeOverlay(path: String) {
    guard overlay.removeValue(forKey: path) != nil else { return }
    snapshot = nil
  }

  /// The current snapshot, building it if an edit invalidated the last one.
  mutating func currentSnapshot() -> SymbolSnapshot {
    if let snapshot { return snapshot }
    var merged = byPath
    for (path, symbols) in overlay { merged[path] = symbols.isEmpty ? nil : symbols }
    let built = SymbolSnapshot(byPath: merged)
    snapshot = built
    return built
  }
}

/// An immutable, flat view of a folder's symbols with its fuzzy name index.
final class SymbolSnapshot: Sendable {
  let paths: [String]
  let symbols: [Symbol]
  /// Index into `paths` for each symbol.
  let pathIndex: [Int32]
  let names: SymbolNameIndex

  init(byPath: [String: [Symbol]]) {
    var paths: [String] = []
    var symbols: [Symbol] = []
    var pathIndex: [Int32] = []
    for path in byPath.keys.sorted() {
      guard let fileSymbols = byPath[path] else { continue }
      paths.append(path)
      for symbol in fileSymbols {
        symbols.append(symbol)
        pathIndex.append(Int32(paths.count - 1))
      }
    }
    self.paths = paths
    self.symbols = symbols
    self.pathIndex = pathIndex
    names = SymbolNameIndex(names: symbols.map(\.name))
  }

  /// Ranked matches; a query `Outer.name` matches `name` and keeps symbols whose container
  /// contains `Outer` (case-insensitive).
  func search(_ query: String, limit: Int) -> [(path: String, symbol: Symbol, score: Int)] {
    let trimmed = query.trimmingCharacters(in: .whitespaces)
    var namePart = trimmed
    var containerFilter: String?
    if let dot = trimmed.lastIndex(of: "."), dot != trimmed.startIndex {
      namePart = String(trimmed[trimmed.index(after: dot)...])
      containerFilter = String(trimmed[..<dot]).lowercased()
    }
    // Over-fetch when filtering by container so the filter does not starve the result.
    let fetch = containerFilter == nil ? limit : limit * 20
    var hits: [(path: String, symbol: Symbol, score: Int)] = []
    // Among equal scores, a type's declaration comes before its extensions (namespaces).
    let matches = names.search(namePart, limit: fetch).enumerated().sorted { left, right in
      if left.element.score != right.element.score { return left.element.score > right.element.score }
      let leftRank = SymbolSnapshot.tieRank(symbols[left.element.index].kind)
      let rightRank = SymbolSnapshot.tieRank(symbols[right.element.index].kind)
      return leftRank != rightRank ? leftRank < rightRank : left.offset < right.offset
    }.map(\.element)
    for match in matches {
      let symbol = symbols[match.index]
      if let containerFilter {
        guard let container = symbol.container?.lowercased(), container.contains(containerFilter) else { continue }
      }
      hits.append((paths[Int(pathIndex[match.index])], symbol, match.score))
      if hits.count == limit { break }
    }
    return hits
  }

  static func tieRank(_ kind: SymbolKind) -> Int {
    switch kind {
    case .namespace, .module, .package: 1
    case .variable, .field, .property, .enumMember, .key: 2
    default: 0
    }
  }
}
