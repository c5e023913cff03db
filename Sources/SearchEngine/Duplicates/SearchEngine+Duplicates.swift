import Foundation
import MetadataStore
import SearchCore
import VectorIndex

/// A group of chunks linked by near-identical embeddings: every member reaches `score` or more
/// with at least one other member (single linkage, so the two ends of a chain may be further
/// apart than that).
package struct DuplicateCluster: Sendable {
  /// The members shown, at most the request's `maximumMembers`, ordered by path and line; a
  /// member's `score` (and `similarity`) is its best cosine to another member.
  package var members: [CodeMatch]
  /// Members in all, shown or not.
  package var size: Int
  /// Distinct files the members are in.
  package var files: Int
  /// The weakest link needed to join the cluster: the smallest cosine on its maximum
  /// spanning tree.
  package var score: Double
}

extension DuplicateCluster {
  /// Largest first, then the tightest, then by the first member's place: the same order every time.
  static func comesBefore(_ a: DuplicateCluster, _ b: DuplicateCluster) -> Bool {
    if a.size != b.size { return a.size > b.size }
    if a.score != b.score { return a.score > b.score }
    let first = a.members.first.map { ($0.root.path, $0.chunk.id.path, $0.chunk.span.start.line) } ?? ("", "", 0)
    let second = b.members.first.map { ($0.root.path, $0.chunk.id.path, $0.chunk.span.start.line) } ?? ("", "", 0)
    return first < second
  }
}

package struct DuplicatesReport: Sendable {
  /// Largest clusters first (then the tightest).
  package var clusters: [DuplicateCluster]
  /// Clusters found before `limit` cut the list.
  package var totalClusters: Int
  /// Vectors taken part and vector pairs scored: what an exact all-pairs search would have
  /// scored is `vectors × (vectors − 1) / 2`.
  package var vectors: Int
  package var comparedPairs: Int
}

/// What `SearchEngine.duplicates` looks for.
package struct DuplicatesQuery: Sendable {
  /// With all-MiniLM-L6-v2, a function copied into another file under another name scores
  /// about 0.90 with its original (the path and name are part of what is embedded); on click,
  /// 0.90 gives 21 clusters of near-copies (stdin/stdout/stderr getters, pass_context and
  /// pass_obj), 0.95 only 2.
  package static let defaultMinScore = 0.9

  /// The cosine two chunks must reach to be linked.
  package var minScore: Double = DuplicatesQuery.defaultMinScore
  /// Clusters returned.
  package var limit: Int = 50
  /// Members listed per cluster (the size still counts them all).
  package var maximumMembers: Int = 50
  package var filters = SearchFilters()
  /// Only clusters with a member in this file (absolute path).
  package var document: String?
  /// Score every pair instead of going through the index's cells: quadratic, for measuring
  /// what the cells miss.
  package var exact = false

  package init(
    minScore: Double = DuplicatesQuery.defaultMinScore, limit: Int = 50, maximumMembers: Int = 50, filters: SearchFilters = SearchFilters(),
    document: String? = nil, exact: Bool = false
  ) {
    self.exact = exact
    self.minScore = minScore
    self.limit = limit
    self.maximumMembers = maximumMembers
    self.filters = filters
    self.document = document
  }
}

extension SearchEngine {
  /// Cells of the nearest-neighbour index each cell is compared with, besides itself. On
  /// swift-syntax's 19,553 MiniLM vectors (IVF512) 8 neighbours scored 3.2% of all pairs and
  /// put 99.8% of the chunks that the exact search clusters at 0.95 in clusters (`sextant
  /// duplicates --exact` measures it); the cost grows linearly with it.
  static let duplicateNeighbourCells = 8

  /// Chunks of the index whose embeddings are nearly the same, clustered. Each folder is
  /// searched on its own (clusters do not span workspace folders), through its
  /// nearest-neighbour index's cells rather than every pair; the saved files' chunks take part,
  /// not unsaved text.
  package func duplicates(_ query: DuplicatesQuery) throws -> DuplicatesReport {
    guard configuration.embedder != nil else {
      throw SearchError(
        configuration.embedderUnavailableReason ?? "finding duplicates needs an embedding model, and none is configured")
    }
    var clusters: [DuplicateCluster] = []
    var vectors = 0
    var compared = 0
    let documentTarget = try query.document.map { path -> (URL, String) in
      guard let (index, relative) = folder(containing: path) else {
        throw SimilarTargetError("\(path) is not inside an indexed workspace folder")
      }
      return (index.root, relative)
    }
    for index in openFolders {
      if let documentTarget, documentTarget.0 != index.root { continue }
      let found = try duplicates(in: index, query: query, document: documentTarget?.1)
      clusters += found.clusters
      vectors += found.vectors
      compared += found.compared
    }
    clusters.sort(by: DuplicateCluster.comesBefore)
    return DuplicatesReport(
      clusters: Array(clusters.prefix(query.limit)), totalClusters: clusters.count, vectors: vectors,
      comparedPairs: compared)
  }

  private func duplicates(
    in index: WorkspaceIndex, query: DuplicatesQuery, document: String?
  ) throws -> (clusters: [DuplicateCluster], vectors: Int, compared: Int) {
    guard let semantic = index.semanticIndex, let store = index.vectorStore else { return ([], 0, 0) }
    let filter = try query.filters.chunkFilter(in: index.catalog)
    let allowed = filter.admitsEverything ? nil : Set(try index.catalog.chunkRowIDs(matching: filter))
    let retained = index.retainedVectors.withLock { $0 }
    let dimension = semantic.dimension
    let admits = { (id: Int64) in !retained.contains(id) && (allowed?.contains(id) ?? true) }
    // The vectors taking part, read once, laid out cell by cell.
    let vectors: CellOrderedVectors
    let laterNeighbours: [[Int]]
    let damaged: [Int64]
    if !query.exact, let partition = semantic.comparisonPartition(neighbourCells: Self.duplicateNeighbourCells) {
      var laidOut = CellOrderedVectors(partition: partition, dimension: dimension, admits: admits)
      damaged = store.snapshot.forEachLiveVector { id, vector in laidOut.fill(id, vector) }
      vectors = laidOut
      laterNeighbours = partition.laterNeighbours
    } else {
      var ids: [Int64] = []
      var matrix: [Float] = []
      damaged = store.snapshot.forEachLiveVector { id, vector in
        guard admits(id), vector.count == dimension else { return }
        ids.append(id)
        matrix.append(contentsOf: vector)
      }
      vectors = CellOrderedVectors(singleCell: ids, matrix: matrix, dimension: dimension)
      laterNeighbours = [[]]
    }
    if !damaged.isEmpty { index.repairVectors(damaged) }
    // A hair below the threshold: an exact copy's cosine of unit vectors comes out as 0.9999999.
    let pairs = NearDuplicateSearch.pairs(
      in: vectors, laterNeighbours: laterNeighbours, threshold: Float(query.minScore) - 1e-6)
    let compared = vectors.comparisonCount(laterNeighbours: laterNeighbours)
    try Task.checkCancellation()
    let involved = Set(pairs.flatMap { [$0.first, $0.second] })
    let chunks = try index.catalog.chunksWithEmbeddingKeys(rowIDs: Array(involved)).compactMapValues(\.chunk)
    // A chunk and one overlapping it in the same file (a type and its member, parts of one
    // long declaration) are the same code, not a duplicate.
    let view = index.symbolTable.withLock { $0.currentView() }
    var declarationLines: [Int64: ClosedRange<Int>?] = [:]
    /// The lines of the declaration a chunk belongs to, found once per chunk.
    func declaration(of id: Int64, _ chunk: ChunkHit) -> ClosedRange<Int>? {
      if let known = declarationLines[id] { return known }
      let lines = Self.declarationLines(of: chunk) { predicate in view.firstSymbol(inFile: chunk.id.path, where: predicate) }
      declarationLines[id] = lines
      return lines
    }
    let links = pairs.filter { pair in
      guard let a = chunks[pair.first], let b = chunks[pair.second] else { return false }
      guard a.id.path == b.id.path else { return true }
      return !Self.isSameCode(
        a, b, declarations: (declaration(of: pair.first, a), declaration(of: pair.second, b)))
    }
    var clusters = Self.clusters(of: links).compactMap { cluster -> DuplicateCluster? in
      let members = cluster.members.compactMap { id -> CodeMatch? in
        guard let chunk = chunks[id], let best = cluster.best[id] else { return nil }
        return CodeMatch(SearchHit(root: index.root, chunk: chunk, score: Double(best), similarity: Double(best)))
      }
      guard members.count > 1 else { return nil }
      if let document, !members.contains(where: { $0.chunk.id.path == document }) { return nil }
      let ordered = members.sorted { ($0.chunk.id.path, $0.chunk.span.start.line) < ($1.chunk.id.path, $1.chunk.span.start.line) }
      return DuplicateCluster(
        members: Array(ordered.prefix(query.maximumMembers)), size: members.count,
        files: Set(members.map(\.chunk.id.path)).count, score: Double(cluster.weakestLink))
    }
    clusters.sort(by: DuplicateCluster.comesBefore)
    return (clusters, vectors.count, compared)
  }

  /// Whether two chunks of one file are the same code: their lines overlap, or one lies in the
  /// declaration the other belongs to (the parts of a long one; a type and a member cut out of
  /// it). Overloads, with the same name but declarations of their own, are not the same code.
  /// `declarations` are the lines of each one's declaration (``declarationLines(of:among:)``).
  static func isSameCode(
    _ a: ChunkHit, _ b: ChunkHit, declarations: (ClosedRange<Int>?, ClosedRange<Int>?)
  ) -> Bool {
    guard a.id.path == b.id.path else { return false }
    let first = a.span.start.line...max(a.span.start.line, a.span.lastLine)
    let second = b.span.start.line...max(b.span.start.line, b.span.lastLine)
    if first.overlaps(second) { return true }
    return declarations.0?.contains(second.lowerBound) == true || declarations.1?.contains(first.lowerBound) == true
  }

  /// The lines of the declaration a chunk belongs to (``isDeclaration``; `nil` for a window of
  /// unnamed code).
  static func declarationLines(of chunk: ChunkHit, among symbols: [Symbol]) -> ClosedRange<Int>? {
    declarationLines(of: chunk) { predicate in symbols.first(where: predicate) }
  }

  /// The same, with `find` giving the file's first symbol a predicate accepts.
  static func declarationLines(
    of chunk: ChunkHit, find: ((Symbol) -> Bool) -> Symbol?
  ) -> ClosedRange<Int>? {
    guard chunk.kind != nil else { return nil }
    return find { isDeclaration($0, of: chunk) }.map { $0.span.start.line...max($0.span.start.line, $0.span.lastLine) }
  }

  /// Connected components of the links, built strongest link first (Kruskal), so the last link
  /// joining a component is its weakest needed one.
  static func clusters(
    of links: [SimilarPair]
  ) -> [(members: [Int64], best: [Int64: Float], weakestLink: Float)] {
    var parent: [Int64: Int64] = [:]
    var weakest: [Int64: Float] = [:]
    var best: [Int64: Float] = [:]
    func root(_ id: Int64) -> Int64 {
      var current = id
      while let up = parent[current], up != current { current = up }
      // Path compression.
      var walk = id
      while let up = parent[walk], up != current {
        parent[walk] = current
        walk = up
      }
      return current
    }
    for link in links.sorted(by: { $0.score > $1.score }) {
      for id in [link.first, link.second] {
        if parent[id] == nil { parent[id] = id }
        best[id] = max(best[id] ?? -1, link.score)
      }
      let a = root(link.first)
      let b = root(link.second)
      guard a != b else { continue }
      parent[b] = a
      weakest[a] = min(weakest[a] ?? 1, weakest[b] ?? 1, link.score)
      weakest[b] = nil
    }
    var groups: [Int64: [Int64]] = [:]
    for id in parent.keys { groups[root(id), default: []].append(id) }
    return groups.map { rootID, members in (members.sorted(), best, weakest[rootID] ?? 1) }
  }
}
