import Foundation
import LSPProtocol
import SearchEngine

extension LanguageServer {
  func duplicates(_ request: SextantDuplicatesRequest) throws -> SextantDuplicatesResult {
    let engine = try requireEngine()
    let defaultMinScore = withState { settings.duplicatesMinScore }
    let (limit, minScore, filters) = try Self.validated {
      (
        try RequestValidation.limit(request.limit, default: 50),
        try RequestValidation.duplicatesThreshold(request.minScore, default: defaultMinScore),
        try RequestValidation.filters(paths: request.paths, languages: request.languages, kinds: request.kinds)
      )
    }
    var document: String?
    if let uri = request.textDocument?.uri {
      guard let path = FileURI.path(of: uri) else {
        throw ResponseError.invalidParams("textDocument.uri is not a file URI: \(uri)")
      }
      document = path
    }
    // Unsaved text takes no part: pending edits need not be applied first.
    let report = try Self.answering {
      try engine.duplicates(DuplicatesQuery(minScore: minScore, limit: limit, filters: filters, document: document))
    }
    try Task.checkCancellation()
    var converter = makePositionConverter()
    let coverage = min(withState { indexing.coverage }, try engine.vectorCoverage())
    return SextantDuplicatesResult(
      clusters: report.clusters.map { cluster in
        SextantDuplicateCluster(
          size: cluster.size, files: cluster.files, score: cluster.score,
          items: Self.items(cluster.members, converter: &converter))
      }, totalClusters: report.totalClusters, coverage: coverage)
  }
}
