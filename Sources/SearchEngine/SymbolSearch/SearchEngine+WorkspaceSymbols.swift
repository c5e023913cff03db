import Foundation
import MetadataStore
import SearchCore

extension SearchEngine {
  /// Rank constant of reciprocal rank fusion (the customary 60): a symbol's fused score is
  /// the sum over the lists holding it of `1 / (k + rank)`.
  static let symbolFusionConstant = 60.0

  /// Whether a `workspace/symbol` query is a phrase ("parse config file") rather than a name
  /// being typed (`parseConf`, `Foo.bar`, `parse_config`): two or more words.
  package static func isPhrase(_ query: String) -> Bool {
    query.split(whereSeparator: \.isWhitespace).count >= 2
  }

  /// `workspace/symbol`'s answer. A name is matched fuzzily, as ``symbols(matching:limit:)``
  /// does. A phrase also asks semantic search for the declarations it describes (at most 20,
  /// none below half the best one's cosine), and the two
  /// lists are fused by reciprocal rank, with symbols named exactly by the phrase's words
  /// (`parse_config_file`, `parseConfigFile`), then those whose names begin with them, always
  /// on top. Without a model, or when the model fails, the fuzzy list is the answer.
  /// Embeds a phrase query ahead of ``workspaceSymbols(matching:limit:)`` without holding the
  /// caller's thread (see ``prepareQueryVectors(_:)``); a failure leaves the fuzzy answer.
  package func prepareWorkspaceSymbols(matching query: String) async {
    let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
    guard Self.isPhrase(trimmed) else { return }
    try? await prepareQueryVectors([trimmed])
  }

  package func workspaceSymbols(matching query: String, limit: Int? = nil) -> [SymbolHit] {
    let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
    let fuzzy = symbols(matching: trimmed, limit: limit)
    guard Self.isPhrase(trimmed), configuration.embedder != nil else { return fuzzy }
    let cap = limit ?? configuration.symbolLimit
    guard cap > 0, let semantic = try? semanticSymbols(for: trimmed, limit: cap) else { return fuzzy }

    let compact = Self.compactName(trimmed)
    func tier(_ hit: SymbolHit) -> Int {
      let name = Self.compactName(hit.symbol.name)
      return name == compact ? 0 : name.hasPrefix(compact) ? 1 : 2
    }
    var fused: [SymbolKey: (hit: SymbolHit, score: Double)] = [:]
    for list in [fuzzy, semantic] {
      for (rank, hit) in list.enumerated() {
        let key = SymbolKey(hit)
        let gain = 1 / (Self.symbolFusionConstant + Double(rank + 1))
        fused[key, default: (hit, 0)].score += gain
      }
    }
    let ranked = fused.values.sorted { a, b in
      let (tierA, tierB) = (tier(a.hit), tier(b.hit))
      if tierA != tierB { return tierA < tierB }
      if a.score != b.score { return a.score > b.score }
      return (a.hit.path, a.hit.symbol.nameSpan.start.line) < (b.hit.path, b.hit.symbol.nameSpan.start.line)
    }
    return ranked.prefix(cap).map(\.hit)
  }

  /// Semantic matches a phrase adds at most: a picker shows a screenful, and past the first
  /// few the meaning of a short phrase matches nearly everything a little.
  static let semanticSymbolLimit = 20
  /// A semantic match must reach this share of the best one's cosine: the rest is noise a
  /// phrase would otherwise fill the list with (every declaration scores something).
  static let semanticSymbolRelativeFloor = 0.5

  /// Declarations whose chunks semantic search ranks best for the phrase, as symbols.
  private func semanticSymbols(for phrase: String, limit: Int) throws -> [SymbolHit] {
    let wanted = min(limit, Self.semanticSymbolLimit)
    // Windows of unnamed code are no symbols: ask for more and keep declarations.
    let hits = try searchHits(phrase, limit: wanted * 3, mode: .semantic)
    let best = hits.first.map { $0.similarity ?? $0.score } ?? 0
    var symbols: [SymbolHit] = []
    var seen = Set<SymbolKey>()
    var views: [URL: SymbolView] = [:]
    for hit in hits where hit.chunk.kind != nil {
      guard (hit.similarity ?? hit.score) >= best * Self.semanticSymbolRelativeFloor else { break }
      guard let index = folder(at: hit.root) else { continue }
      let view = views[hit.root] ?? index.symbolTable.withLock { $0.currentView() }
      views[hit.root] = view
      guard let symbol = Self.declaration(of: hit.chunk, in: view) else { continue }
      let symbolHit = SymbolHit(root: hit.root, path: hit.chunk.id.path, symbol: symbol, score: 0)
      // The parts of a long declaration are one symbol.
      if seen.insert(SymbolKey(symbolHit)).inserted { symbols.append(symbolHit) }
      if symbols.count == wanted { break }
    }
    return symbols
  }

  /// The symbol a declaration's chunk (or one of its parts) belongs to (``isDeclaration``),
  /// else the file's first symbol of its name and container, found in place in the view.
  static func declaration(of chunk: ChunkHit, in view: SymbolView) -> Symbol? {
    view.firstSymbol(inFile: chunk.id.path) { isDeclaration($0, of: chunk) }
      ?? view.firstSymbol(inFile: chunk.id.path) { $0.name == chunk.id.name && $0.container == chunk.id.container }
  }

  /// A name reduced to its lower-cased letters and digits: `parse_config_file`,
  /// `parseConfigFile` and "parse config file" are all `parseconfigfile`.
  static func compactName(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })).lowercased()
  }
}

/// One symbol, however many lists or chunks name it.
private struct SymbolKey: Hashable {
  var root: URL
  var path: String
  var name: String
  var container: String?
  var line: Int

  init(_ hit: SymbolHit) {
    root = hit.root
    path = hit.path
    name = hit.symbol.name
    container = hit.symbol.container
    line = hit.symbol.nameSpan.start.line
  }
}
