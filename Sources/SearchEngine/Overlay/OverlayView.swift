import Foundation
import MetadataStore
import SearchCore
import VectorIndex

/// The unsaved editor text of every folder as one query sees it: read once when the query
/// starts, so all of its lists agree on which documents are overlaid.
///
/// A query leaves out the saved chunks of an overlaid file and scores the overlay's chunks
/// itself: by cosine to the query's vector, and by BM25 with the catalog's statistics.
struct OverlayView {
  private let files: [URL: [String: OverlayFile]]
  private let folders: [URL: WorkspaceIndex]

  init(folders: [WorkspaceIndex]) {
    var files: [URL: [String: OverlayFile]] = [:]
    var byRoot: [URL: WorkspaceIndex] = [:]
    for index in folders {
      let overlaid = index.overlays.withLock { $0.files }
      guard !overlaid.isEmpty else { continue }
      files[index.root] = overlaid
      byRoot[index.root] = index
    }
    self.files = files
    self.folders = byRoot
  }

  var isEmpty: Bool { files.isEmpty }

  func isOverlaid(root: URL, path: String) -> Bool { files[root]?[path] != nil }

  /// The catalog ids of the saved chunks of `index`'s overlaid files: left out of every scan.
  func savedChunkIDs(of index: WorkspaceIndex) throws -> [Int64] {
    guard let overlaid = files[index.root] else { return [] }
    return try index.catalog.chunkRowIDs(inFiles: overlaid.keys.sorted())
  }

  /// The overlay chunks of a folder that `filters` admit.
  func chunks(root: URL, admittedBy filters: SearchFilters) -> [OverlayChunk] {
    guard let overlaid = files[root] else { return [] }
    return overlaid.sorted { $0.key < $1.key }.flatMap { path, file in
      file.chunks.filter { filters.admits(path: path, language: $0.hit.language, kind: $0.hit.kind) }
    }
  }

  /// Overlay chunks nearest to `vector`, as semantic hits.
  func semanticHits(root: URL, vector: [Float], filters: SearchFilters) -> [SearchHit] {
    chunks(root: root, admittedBy: filters).compactMap { chunk in
      guard let similarity = Self.cosine(chunk.vector, vector) else { return nil }
      var hit = chunk.hit
      hit.score = similarity
      return SearchHit(root: root, chunk: hit, score: similarity, similarity: similarity)
    }
  }

  /// Overlay chunks matching `query` by BM25, scored in the catalog's corpus.
  func lexicalHits(root: URL, query: String, ranking: RankingOptions, filters: SearchFilters) throws -> [SearchHit] {
    let candidates = chunks(root: root, admittedBy: filters)
    guard !candidates.isEmpty, let index = folders[root],
      let found = try OverlayScoring.occurrences(of: query, ranking: ranking, tokenizer: index.tokenizer)
    else { return [] }
    // The catalog's statistics are read only when an unsaved chunk holds a query word.
    guard candidates.contains(where: { found.occurrences[$0.textKey] != nil }) else { return [] }
    let scorer = try OverlayScoring.scorer(for: found, ranking: ranking, catalog: index.catalog)
    return candidates.compactMap { chunk in
      guard let counts = found.occurrences[chunk.textKey],
        let score = scorer.score(occurrences: counts, length: chunk.length)
      else { return nil }
      var hit = chunk.hit
      hit.score = score
      return SearchHit(root: root, chunk: hit, score: score, keywordScore: score)
    }
  }

  /// An overlay chunk's vector (by its negative id), when it has one.
  func vector(root: URL, id: Int64) -> [Float]? {
    files[root]?.values.lazy.compactMap { file in file.chunks.first { $0.hit.rowID == id } }.first?.vector
  }

  /// The cosine of an overlay chunk (by its negative id) to `vector`.
  func similarity(root: URL, id: Int64, to vector: [Float]) -> Double? {
    guard let overlaid = files[root] else { return nil }
    for file in overlaid.values {
      if let chunk = file.chunks.first(where: { $0.hit.rowID == id }) { return Self.cosine(chunk.vector, vector) }
    }
    return nil
  }

  /// The smallest overlay chunk of `path` holding `line` that `filters` admit (the rule of
  /// ``Catalog/innermostChunks(at:filter:)``).
  func innermostChunk(root: URL, path: String, line: Int, filters: SearchFilters) -> ChunkHit? {
    guard let file = files[root]?[path] else { return nil }
    return file.chunks.map(\.hit)
      .filter { hit in
        filters.admits(path: path, language: hit.language, kind: hit.kind) && hit.span.start.line <= line
          && (hit.span.end.line > line || (hit.span.end.line == line && hit.span.end.column > 0))
      }
      .min { ($0.span.bytes.count, -$0.rowID) < ($1.span.bytes.count, -$1.rowID) }
  }

  /// The score the store's vectors get (``WorkspaceIndex/currentScores(of:to:)``): the dot
  /// product of unit vectors, so a saved chunk and its unsaved copy score alike.
  private static func cosine(_ stored: [Float]?, _ query: [Float]) -> Double? {
    guard let stored, stored.count == query.count else { return nil }
    return Double(FloatKernels.dot(stored, query, count: query.count))
  }
}
