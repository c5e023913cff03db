import Foundation
import LSPProtocol
import SearchCore
import EmbeddingProviders
import SearchEngine

extension LanguageServer {
  func search(_ request: SextantSearchRequest) async throws -> SextantSearchResult {
    try await searchBatch(SextantSearchBatchRequest(queries: [request])).results[0]
  }

  /// Every query is checked before any is run: one bad query fails the request with its
  /// position, rather than returning a partial batch.
  func searchBatch(_ batch: SextantSearchBatchRequest) async throws -> SextantSearchBatchResult {
    let engine = try requireEngine()
    guard !batch.queries.isEmpty, batch.queries.count <= 1000 else {
      throw ResponseError.invalidParams("a batch holds between 1 and 1000 queries")
    }
    let defaultLimit = withState { settings.searchLimit }
    let requests = try batch.queries.enumerated().map { position, query in
      do {
        return try Self.searchRequest(query, defaultMode: engine.defaultSearchMode, defaultLimit: defaultLimit)
      } catch let error as ResponseError where batch.queries.count > 1 {
        throw ResponseError.invalidParams("query \(position): \(error.message)")
      }
    }
    applyPendingEdits(needsVectors: requests.contains { $0.mode != .lexical })
    let answers: [[CodeMatch]]
    do {
      // The model call (a remote provider's, or the local model's) is awaited here, off the
      // threads that serve requests; the search below then finds the vectors cached.
      try await engine.prepareQueryVectors(requests.filter { $0.mode != .lexical }.map(\.text))
      answers = try engine.search(batch: requests)
    } catch let error as SearchError {
      throw ResponseError.requestFailed(error.description)
    }
    try Task.checkCancellation()
    var converter = makePositionConverter()
    // Lexical search sees every committed file; semantic search only chunks with vectors.
    let fileCoverage = withState { indexing.coverage }
    let vectorCoverage = requests.contains { $0.mode != .lexical } ? try engine.vectorCoverage() : 1
    return SextantSearchBatchResult(
      results: zip(requests, answers).map { request, hits in
        let coverage = request.mode == .lexical ? fileCoverage : min(fileCoverage, vectorCoverage)
        return SextantSearchResult(items: Self.items(hits, converter: &converter), coverage: coverage)
      })
  }

  /// Hits as the client sees them: file URIs, UTF-16 ranges, snippets.
  static func items(_ hits: [CodeMatch], converter: inout PositionConverter) -> [SextantSearchItem] {
    hits.map { hit in
      let path = hit.absolutePath
      return SextantSearchItem(
        uri: FileURI.uri(of: path), range: converter.range(of: hit.chunk.span, inFile: path), name: hit.chunk.id.name,
        kind: hit.chunk.kind?.rawValue, container: hit.chunk.id.container, score: hit.score,
        similarity: hit.similarity, keywordScore: hit.keywordScore, snippet: hit.snippet())
    }
  }

  static func searchRequest(
    _ request: SextantSearchRequest, defaultMode: SearchMode, defaultLimit: Int
  ) throws -> SearchRequest {
    try validated {
      SearchRequest(
        text: try RequestValidation.query(request.query),
        limit: try RequestValidation.limit(request.limit, default: defaultLimit),
        mode: try RequestValidation.mode(request.mode, default: defaultMode),
        filters: try RequestValidation.filters(paths: request.paths, languages: request.languages, kinds: request.kinds))
    }
  }

  /// Runs the engine's checks of a request, answering a failed one with -32602 and its message.
  static func validated<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as InvalidRequest {
      throw ResponseError.invalidParams(error.description)
    }
  }

  func statusJSON() throws -> JSONValue {
    let engine = try requireEngine()
    let folders = try engine.status()
    let (running, coverage) = withState { (indexing.busy, indexing.coverage) }
    return [
      "indexing": .bool(running),
      "coverage": .double(coverage),
      "ctagsAvailable": .bool(engine.isCtagsAvailable),
      "settings": try JSONCoding.encode(withState { settings }),
      "queryCache": queryCacheJSON(engine),
      "provider": try providerJSON(engine),
      "folders": .array(
        try folders.map { folder throws in
          [
            "root": .string(folder.root),
            "indexDirectory": .string(folder.indexDirectory),
            "files": .int(folder.statistics.files),
            "chunks": .int(folder.statistics.chunks),
            "symbols": .int(folder.statistics.symbols),
            "sourceBytes": .int(folder.statistics.sourceBytes),
            "indexBytes": .int(folder.indexBytes),
            "lastIndexed": folder.lastIndexed.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null,
            "filesByLanguage": .object(folder.statistics.filesByLanguage.mapValues { .int($0) }),
            "vectors": try folder.vectors.map(JSONCoding.encode) ?? .null,
            "nearestNeighbours": try folder.nearestNeighbours.map(JSONCoding.encode) ?? .null,
          ]
        }),
    ]
  }

  /// The remote provider's figures in this server, or for the local model that nothing
  /// leaves the machine (so nothing needs redacting).
  private func providerJSON(_ engine: SearchEngine) throws -> JSONValue {
    if let report = engine.providerReport() {
      var object = try JSONCoding.encode(report)
      if case .object(var fields) = object {
        fields["remote"] = .bool(true)
        object = .object(fields)
      }
      return object
    }
    guard let model = engine.configuration.embedder else { return .null }
    return [
      "model": .string(model.identity.id), "remote": .bool(false),
      "redactions": .string("not needed: the local model's text never leaves this process"),
    ]
  }

  /// Hit rates of the result cache and of the query-embedding cache.
  private func queryCacheJSON(_ engine: SearchEngine) -> JSONValue {
    let (results, vectorHits, vectorMisses) = engine.queryCacheStatistics
    func rate(_ hits: Int, _ misses: Int) -> JSONValue { hits + misses == 0 ? .null : .double(Double(hits) / Double(hits + misses)) }
    return [
      "results": (try? JSONCoding.encode(results)) ?? .null,
      "resultHitRate": rate(results.hits, results.misses),
      "queryVectorHits": .int(vectorHits),
      "queryVectorMisses": .int(vectorMisses),
      "queryVectorHitRate": rate(vectorHits, vectorMisses),
    ]
  }
}
