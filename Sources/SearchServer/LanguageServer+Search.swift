import Foundation
import LSPProtocol
import SearchEngine

extension LanguageServer {
  func search(_ request: SextantSearchRequest) throws -> SextantSearchResult {
    let engine = try requireEngine()
    let limit = request.limit ?? 20
    guard (1...1000).contains(limit) else { throw ResponseError.invalidParams("limit must be between 1 and 1000") }
    var mode = engine.defaultSearchMode
    if let modeName = request.mode {
      guard let named = SearchMode(rawValue: modeName) else {
        throw ResponseError.invalidParams(
          "unknown mode \(modeName); available: \(SearchMode.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      mode = named
    }
    let hits: [SearchHit]
    do {
      hits = try engine.search(request.query, limit: limit, mode: mode)
    } catch let error as SearchError {
      throw ResponseError.requestFailed(error.description)
    }
    try Task.checkCancellation()
    var converter = makePositionConverter()
    let items = hits.map { hit in
      let path = hit.absolutePath
      return SextantSearchItem(
        uri: FileURI.uri(of: path), range: converter.range(of: hit.chunk.span, inFile: path), name: hit.chunk.id.name,
        kind: hit.chunk.kind?.rawValue, container: hit.chunk.id.container, score: hit.score, snippet: hit.snippet())
    }
    // Lexical search sees every committed file; semantic search only chunks with vectors.
    let fileCoverage = withState { indexing.coverage }
    let coverage = mode == .lexical ? fileCoverage : min(fileCoverage, try engine.vectorCoverage())
    return SextantSearchResult(items: items, coverage: coverage)
  }

  func statusJSON() throws -> JSONValue {
    let engine = try requireEngine()
    let folders = try engine.status()
    let (running, coverage) = withState { (indexing.running, indexing.coverage) }
    return [
      "indexing": .bool(running),
      "coverage": .double(coverage),
      "ctagsAvailable": .bool(engine.isCtagsAvailable),
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
          ]
        }),
    ]
  }
}
