import Foundation
import LSPProtocol
import SearchEngine

extension LanguageServer {
  func symbolHistory(_ request: SextantSymbolHistoryRequest) throws -> SextantSymbolHistoryResult {
    let engine = try requireEngine()
    let path = try request.textDocument.map { document in
      guard let path = FileURI.path(of: document.uri) else {
        throw ResponseError.invalidParams("textDocument.uri is not a file URI: \(document.uri)")
      }
      return path
    }
    var histories: [ChunkHistory] = []
    do {
      if let name = request.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
        histories = try engine.history(ofSymbol: name, inFile: path)
      } else if let path, let position = request.position {
        applyPendingEdits(needsVectors: false)
        histories = try engine.history(atFile: path, line: position.line).map { [$0] } ?? []
      } else {
        throw ResponseError.invalidParams("give a name, or a textDocument and a position")
      }
    } catch let error as SearchError {
      throw ResponseError.requestFailed(error.description)
    }
    try Task.checkCancellation()
    var converter = makePositionConverter()
    return SextantSymbolHistoryResult(
      items: histories.map { history in
        let file = history.root.appendingPathComponent(history.chunk.id.path).path
        return SextantSymbolHistoryItem(
          uri: FileURI.uri(of: file), range: converter.range(of: history.chunk.span, inFile: file),
          name: history.chunk.id.name, kind: history.chunk.kind?.rawValue, container: history.chunk.id.container,
          versions: history.versions.map { version in
            SextantEmbeddingVersion(
              version: version.version, identity: version.identity,
              fingerprint: String(format: "%016llx", version.fingerprint),
              replacedAt: version.replacedAt.map(HistoryTime.format), similarity: version.similarity,
              revision: version.revision?.commit, revisionTime: version.revision.map { HistoryTime.format($0.time) },
              pending: version.pending ? true : nil)
          })
      })
  }

  func drift(_ request: SextantDriftRequest) throws -> SextantDriftResult {
    let engine = try requireEngine()
    let limit = try Self.validated { try RequestValidation.limit(request.limit, default: 20) }
    guard [request.since != nil, request.revision != nil, request.versions != nil].filter({ $0 }).count <= 1 else {
      throw ResponseError.invalidParams("give at most one of since, revision and versions")
    }
    let moved: [ChunkDrift]
    do {
      let baseline: DriftBaseline
      if let since = request.since {
        guard let time = HistoryTime.parse(since) else {
          throw ResponseError.invalidParams(
            "since is not an ISO 8601 date or time, or an age (30m, 12h, 7d, 2w): \(since)")
        }
        baseline = .since(time)
      } else if let revision = request.revision {
        baseline = .since(try engine.revisionTime(revision))
      } else {
        let versions = request.versions ?? 1
        guard versions > 0 else { throw ResponseError.invalidParams("versions must be positive") }
        baseline = .versions(versions)
      }
      moved = try engine.drift(since: baseline, limit: limit)
    } catch let error as SearchError {
      throw ResponseError.requestFailed(error.description)
    }
    try Task.checkCancellation()
    var converter = makePositionConverter()
    return SextantDriftResult(
      items: moved.map { item in
        let file = item.root.appendingPathComponent(item.chunk.id.path).path
        return SextantDriftItem(
          uri: FileURI.uri(of: file), range: converter.range(of: item.chunk.span, inFile: file), name: item.chunk.id.name,
          kind: item.chunk.kind?.rawValue, container: item.chunk.id.container, drift: item.drift,
          baselineVersion: item.baseline.version, versionsBack: item.versionsBack,
          baselineReplacedAt: item.baseline.replacedAt.map(HistoryTime.format))
      })
  }
}
