import Foundation
import MetadataStore
import SearchCore

/// All symbols of one folder in memory, by file, searched through a two-layer name index.
///
/// A full build of the name index over hundreds of thousands of symbols takes a few hundred
/// milliseconds, too long to repeat on every keystroke or indexing batch. So a query reads a
/// ``SymbolView``: the last full build (the base) with the files changed since left out of
/// it, plus a small build of just those files (the delta), rebuilt on the first query after
/// a change. When the changed files outgrow ``rebuildThreshold(files:)``, the writer that
/// made the change builds a new base outside the lock (``WorkspaceIndex/updateSymbolTable(replacing:)``),
/// so no query waits for it. Queries take the view under the lock, then run without it.
struct SymbolTable: Sendable {
  private var byPath: [String: [Symbol]] = [:]
  /// Symbols of open documents' unsaved text: they stand in for the saved file's symbols
  /// until the document is saved, reverted or closed, whatever the index commits meanwhile.
  private var overlay: [String: [Symbol]] = [:]
  private var base: SymbolSnapshot?
  /// The change the base reflects: a base built from older input never replaces it.
  private var baseAsOf: UInt64 = 0
  /// Files changed since `base` was built, with the number of their latest change.
  private var changedSinceBase: [String: UInt64] = [:]
  private var changeCount: UInt64 = 0
  private var view: SymbolView?

  init(symbols: [StoredSymbol]) {
    for stored in symbols {
      byPath[stored.path, default: []].append(stored.symbol)
    }
  }

  var count: Int { byPath.values.reduce(0) { $0 + $1.count } }

  mutating func replace(_ files: [(String, [Symbol])]) {
    for (path, symbols) in files {
      byPath[path] = symbols.isEmpty ? nil : symbols
      noteChange(path)
    }
  }

  mutating func setOverlay(path: String, symbols: [Symbol]) {
    overlay[path] = symbols
    noteChange(path)
  }

  mutating func removeOverlay(path: String) {
    guard overlay.removeValue(forKey: path) != nil else { return }
    noteChange(path)
  }

  private mutating func noteChange(_ path: String) {
    changeCount += 1
    changedSinceBase[path] = changeCount
    view = nil
  }

  /// Changed files beyond which a new base pays off: the delta is rebuilt on every change,
  /// so it must stay small next to the whole.
  static func rebuildThreshold(files: Int) -> Int { max(64, min(1000, files / 16)) }

  /// Whether the writer should build a new base now (``fullInput()``, ``install(base:asOf:)``).
  var wantsNewBase: Bool {
    base != nil && changedSinceBase.count > Self.rebuildThreshold(files: byPath.count)
  }

  /// Every file's current symbols (unsaved text in front), and the change they reflect.
  func fullInput() -> (files: [String: [Symbol]], asOf: UInt64) {
    var merged = byPath
    for (path, symbols) in overlay { merged[path] = symbols.isEmpty ? nil : symbols }
    return (merged, changeCount)
  }

  /// Takes a base built from ``fullInput()``; files changed after that input stay in the delta.
  mutating func install(base built: SymbolSnapshot, asOf: UInt64) {
    guard asOf > baseAsOf || base == nil else { return }
    base = built
    baseAsOf = asOf
    changedSinceBase = changedSinceBase.filter { $0.value > asOf }
    view = nil
  }

  /// The view queries search, building the delta (or, on the very first query, the base)
  /// if a change invalidated the last one.
  mutating func currentView() -> SymbolView {
    if let view { return view }
    let built: SymbolView
    if let base {
      var delta: [String: [Symbol]] = [:]
      for path in changedSinceBase.keys {
        if let symbols = overlay[path] ?? byPath[path], !symbols.isEmpty { delta[path] = symbols }
      }
      built = SymbolView(base: base, hiddenPaths: Set(changedSinceBase.keys), delta: SymbolSnapshot(byPath: delta))
    } else {
      let whole = SymbolSnapshot(byPath: fullInput().files)
      base = whole
      baseAsOf = changeCount
      changedSinceBase = [:]
      built = SymbolView(base: whole, hiddenPaths: [], delta: SymbolSnapshot(byPath: [:]))
    }
    view = built
    return built
  }
}

/// What one query searches: a base snapshot without the files changed since it was built,
/// and a snapshot of those files as they are now.
final class SymbolView: Sendable {
  let base: SymbolSnapshot
  /// Per base symbol: whether its file changed since (the delta holds it now).
  private let hidden: [Bool]?
  let delta: SymbolSnapshot

  init(base: SymbolSnapshot, hiddenPaths: Set<String>, delta: SymbolSnapshot) {
    self.base = base
    self.delta = delta
    guard !hiddenPaths.isEmpty else {
      hidden = nil
      return
    }
    // By path first (one lookup per file), then per symbol through its path's position.
    let hiddenByPath = base.paths.map { hiddenPaths.contains($0) }
    hidden = base.pathIndex.map { hiddenByPath[Int($0)] }
  }

  /// Ranked matches from both layers, as one snapshot of everything would rank them: the
  /// best `limit` by score, then shorter name, then name bytes, then file (the name index's
  /// order), and those sorted by score with declarations before namespaces and members.
  func search(_ query: String, limit: Int) -> [(path: String, symbol: Symbol, score: Int)] {
    let fromBase = base.search(query, limit: limit, hidden: hidden)
    guard !delta.symbols.isEmpty else { return fromBase }
    let chosen = (fromBase + delta.search(query, limit: limit)).enumerated().sorted { left, right in
      let (a, b) = (left.element, right.element)
      if a.score != b.score { return a.score > b.score }
      let (lengthA, lengthB) = (a.symbol.name.utf8.count, b.symbol.name.utf8.count)
      if lengthA != lengthB { return lengthA < lengthB }
      if !a.symbol.name.utf8.elementsEqual(b.symbol.name.utf8) {
        return a.symbol.name.utf8.lexicographicallyPrecedes(b.symbol.name.utf8)
      }
      // Equal names: a full snapshot keeps them in file order (paths sorted); a file lives
      // in one layer only, whose own order holds within it.
      if a.path != b.path { return a.path < b.path }
      return left.offset < right.offset
    }.prefix(limit)
    return chosen.enumerated().sorted { left, right in
      let (a, b) = (left.element.element, right.element.element)
      if a.score != b.score { return a.score > b.score }
      let (rankA, rankB) = (SymbolSnapshot.tieRank(a.symbol.kind), SymbolSnapshot.tieRank(b.symbol.kind))
      return rankA != rankB ? rankA < rankB : left.offset < right.offset
    }.map(\.element.element)
  }

  /// The first symbol of one file that `predicate` accepts, found in place (a file of a
  /// generated source can hold thousands of symbols: they are not copied).
  func firstSymbol(inFile path: String, where predicate: (Symbol) -> Bool) -> Symbol? {
    symbolSlice(ofFile: path).first(where: predicate)
  }

  /// The symbols of one file as this view has them.
  func symbols(inFile path: String) -> [Symbol] {
    Array(symbolSlice(ofFile: path))
  }

  /// One file's symbols where this view has them: the delta for a changed file, else the base
  /// unless the file changed since (and then lost every symbol).
  private func symbolSlice(ofFile path: String) -> ArraySlice<Symbol> {
    if let range = delta.symbolRange(ofFile: path) { return delta.symbols[range] }
    guard let range = base.symbolRange(ofFile: path), !(hidden?[range.lowerBound] ?? false) else { return [] }
    return base.symbols[range]
  }

  /// Every symbol with its file: the base's unchanged files, then the changed ones.
  var allSymbols: [(path: String, symbol: Symbol)] {
    var result: [(path: String, symbol: Symbol)] = []
    for (position, symbol) in base.symbols.enumerated() where !(hidden?[position] ?? false) {
      result.append((base.paths[Int(base.pathIndex[position])], symbol))
    }
    for (position, symbol) in delta.symbols.enumerated() {
      result.append((delta.paths[Int(delta.pathIndex[position])], symbol))
    }
    return result
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

  /// The positions in `symbols` of one file's symbols (contiguous: symbols are laid out file
  /// by file in path order), or `nil` when the file has none here.
  func symbolRange(ofFile path: String) -> Range<Int>? {
    var low = 0
    var high = paths.count
    while low < high {
      let middle = (low + high) / 2
      if paths[middle] < path { low = middle + 1 } else { high = middle }
    }
    guard low < paths.count, paths[low] == path else { return nil }
    let file = Int32(low)
    // First and one-past-last symbol of the file, by binary search over the sorted pathIndex.
    func boundary(_ below: (Int32) -> Bool) -> Int {
      var low = 0
      var high = pathIndex.count
      while low < high {
        let middle = (low + high) / 2
        if below(pathIndex[middle]) { low = middle + 1 } else { high = middle }
      }
      return low
    }
    let start = boundary { $0 < file }
    let end = boundary { $0 <= file }
    return start < end ? start..<end : nil
  }

  /// Ranked matches; a query `Outer.name` matches `name` and keeps symbols whose container
  /// contains `Outer` (case-insensitive).
  func search(_ query: String, limit: Int, hidden: [Bool]? = nil) -> [(path: String, symbol: Symbol, score: Int)] {
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
    let matches = names.search(namePart, limit: fetch, hidden: hidden).enumerated().sorted { left, right in
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
