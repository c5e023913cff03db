import Embedding
import Foundation
import MetadataStore
import SearchCore

/// What to find code similar to.
package enum SimilarTarget: Sendable, Equatable {
  /// The innermost indexed declaration holding this zero-based line of a file (its unsaved
  /// text when the file is open with changes).
  case declaration(absolutePath: String, line: Int)
  /// Text selected in a file, on these zero-based lines: chunks overlapping them are left out.
  case selection(absolutePath: String, lines: ClosedRange<Int>, text: String)
  /// Any text.
  case text(String)
}

/// The target of a find-similar request names nothing usable (no indexed code there, a file
/// outside every folder, empty text): the caller's mistake, unlike a missing model.
package struct SimilarTargetError: Error, CustomStringConvertible, Sendable {
  package var description: String
  init(_ description: String) { self.description = description }
}

extension SearchEngine {
  /// The chunks most similar to `target` by their embeddings, best first, leaving out the
  /// target itself and every chunk overlapping it. An unchanged indexed declaration is
  /// compared by its stored vector (no model call); text is embedded once and kept in the
  /// query-vector cache.
  package func similar(
    to target: SimilarTarget, limit: Int = 20, filters: SearchFilters = SearchFilters(), minScore: Double? = nil
  ) throws -> [CodeMatch] {
    try similarHits(to: target, limit: limit, filters: filters, minScore: minScore).map(CodeMatch.init)
  }

  /// The same, with the catalog rows the chunks came from (the engine's own use).
  func similarHits(
    to target: SimilarTarget, limit: Int = 20, filters: SearchFilters = SearchFilters(), minScore: Double? = nil
  ) throws -> [SearchHit] {
    guard configuration.embedder != nil else {
      throw SearchError(
        configuration.embedderUnavailableReason ?? "finding similar code needs an embedding model, and none is configured")
    }
    guard limit > 0 else { return [] }
    let overlay = OverlayView(folders: openFolders)
    let (vector, excluded) = try similarityVector(for: target, overlay: overlay)
    let resolved = try resolvedFilters(filters, overlay: overlay)
    // Chunks overlapping the target are dropped after the scan: ask for a few more, and for
    // many more when a long declaration's own parts filled the first answer.
    var depth = limit + 16
    while true {
      let hits = try semanticList(vector, depth: depth, filters: resolved, overlay: overlay, searchFilters: filters)
      let kept = hits.filter { hit in
        if let minScore, hit.score < minScore { return false }
        return !(excluded?.covers(hit) ?? false)
      }
      let exhausted = hits.count < depth || (minScore.map { (hits.last?.score ?? -1) < $0 } ?? false)
      if kept.count >= limit || exhausted || depth >= Self.similarDepthCap { return Array(kept.prefix(limit)) }
      depth = min(depth * 4, max(Self.similarDepthCap, limit + 16))
    }
  }

  /// The deepest a find-similar search goes to get past the target's own parts.
  static let similarDepthCap = 4096

  /// Every indexed declaration as a find-similar target (absolute path, zero-based line).
  package func declarationTargets() throws -> [(absolutePath: String, line: Int)] {
    try openFolders.flatMap { index in
      try index.catalog.declarationStarts().map { (index.root.appendingPathComponent($0.path).path, $0.line) }
    }
  }

  /// The target's vector, and the lines of the file whose chunks are the target itself.
  private func similarityVector(
    for target: SimilarTarget, overlay: OverlayView
  ) throws -> ([Float], Exclusion?) {
    switch target {
    case .text(let text):
      return (try vector(ofText: text), nil)
    case .selection(let absolutePath, let lines, let text):
      guard let (index, relative) = folder(containing: absolutePath) else {
        throw SimilarTargetError("\(absolutePath) is not inside an indexed workspace folder")
      }
      return (try vector(ofText: text), Exclusion(root: index.root, path: relative, lines: lines, declaration: nil))
    case .declaration(let absolutePath, let line):
      guard let (index, relative) = folder(containing: absolutePath) else {
        throw SimilarTargetError("\(absolutePath) is not inside an indexed workspace folder")
      }
      if overlay.isOverlaid(root: index.root, path: relative) {
        guard let chunk = overlay.innermostChunk(root: index.root, path: relative, line: line, filters: SearchFilters())
        else { throw SimilarTargetError("no indexed code at line \(line + 1) of \(relative)") }
        let vector = try overlay.vector(root: index.root, id: chunk.rowID) ?? embed(chunk, in: index)
        return (vector, exclusion(of: chunk, in: index))
      }
      guard let chunk = try index.catalog.innermostChunks(at: [(relative, line)]).first ?? nil else {
        throw SimilarTargetError("no indexed code at line \(line + 1) of \(relative)")
      }
      // The stored vector, when it is of this very text: no model call.
      if let store = index.vectorStore, let key = try index.catalog.chunksWithEmbeddingKeys(rowIDs: [chunk.rowID])[chunk.rowID]?.embeddingKey,
        store.snapshot.fingerprint(of: chunk.rowID) == WorkspaceIndex.fingerprint(ofKey: key),
        let stored = try store.snapshot.vector(chunk.rowID)
      {
        return (stored, exclusion(of: chunk, in: index))
      }
      return (try embed(chunk, in: index), exclusion(of: chunk, in: index))
    }
  }

  /// What of the file a declaration's chunk takes the place of: the whole declaration it
  /// belongs to (every part of a long one, a member cut out of a type), by the symbol's lines;
  /// an overload elsewhere in the file is another declaration and stays in.
  private func exclusion(of chunk: ChunkHit, in index: WorkspaceIndex) -> Exclusion {
    let view = index.symbolTable.withLock { $0.currentView() }
    if chunk.kind != nil, let symbol = view.firstSymbol(inFile: chunk.id.path, where: { Self.isDeclaration($0, of: chunk) }) {
      let lines = min(symbol.span.start.line, chunk.span.start.line)...max(symbol.span.lastLine, chunk.span.lastLine)
      return Exclusion(root: index.root, path: chunk.id.path, lines: lines, declaration: nil)
    }
    return Exclusion(chunk, root: index.root)
  }

  /// What of a file is the target itself: its lines, and for a declaration its name (every
  /// part of it counts).
  private struct Exclusion {
    var root: URL
    var path: String
    var lines: ClosedRange<Int>
    var declaration: (name: String, container: String?)?

    init(root: URL, path: String, lines: ClosedRange<Int>, declaration: (name: String, container: String?)?) {
      self.root = root
      self.path = path
      self.lines = lines
      self.declaration = declaration
    }

    /// Whether a hit is the target itself: a chunk overlapping its lines, or another part of
    /// the same declaration.
    func covers(_ hit: SearchHit) -> Bool {
      guard hit.root == root, hit.chunk.id.path == path else { return false }
      if let declaration, hit.chunk.id.name == declaration.name, hit.chunk.id.container == declaration.container {
        return true
      }
      return lines.overlaps(hit.chunk.span.start.line...max(hit.chunk.span.start.line, hit.chunk.span.lastLine))
    }

    init(_ chunk: ChunkHit, root: URL) {
      self.init(
        root: root, path: chunk.id.path, lines: chunk.span.start.line...max(chunk.span.start.line, chunk.span.lastLine),
        declaration: chunk.kind == nil ? nil : (chunk.id.name, chunk.id.container))
    }
  }

  /// Embeds a selection's or a snippet's text ahead of ``similar(to:limit:filters:minScore:)``
  /// without holding the caller's thread (see ``prepareQueryVectors(_:)``).
  package func prepareSimilar(to target: SimilarTarget) async throws {
    switch target {
    case .selection(_, _, let text), .text(let text):
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      if !trimmed.isEmpty { try await prepareQueryVectors([trimmed]) }
    case .declaration:
      break
    }
  }

  private func vector(ofText text: String) throws -> [Float] {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw SimilarTargetError("the text to find similar code for is empty") }
    guard let vector = try queryVectors(for: [trimmed])[trimmed] else {
      throw SearchError("the model gave no vector for the text")
    }
    return vector
  }

  /// A chunk's vector through the embedding cache (a model call only for text never embedded).
  private func embed(_ chunk: ChunkHit, in index: WorkspaceIndex) throws -> [Float] {
    guard let embedder = index.embedder else { throw SearchError("no embedding model is configured") }
    guard let vector = try embedder.vectors(for: [EmbeddingInputs.input(for: chunk)]).first else {
      throw SearchError("the model gave no vector for \(chunk.id)")
    }
    return vector
  }
}
