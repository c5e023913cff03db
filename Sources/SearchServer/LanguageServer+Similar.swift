import Foundation
import LSPProtocol
import SearchEngine

extension LanguageServer {
  func findSimilar(_ request: SextantFindSimilarRequest) async throws -> SextantSearchResult {
    let engine = try requireEngine()
    let defaultLimit = withState { settings.searchLimit }
    let (limit, minScore, filters) = try Self.validated {
      (
        try RequestValidation.limit(request.limit, default: defaultLimit),
        try RequestValidation.similarityFloor(request.minScore),
        try RequestValidation.filters(paths: request.paths, languages: request.languages, kinds: request.kinds)
      )
    }
    let target = try similarTarget(request)
    applyPendingEdits(needsVectors: true)
    // A snippet's model call is awaited off the threads that serve requests.
    if engine.configuration.embedder != nil {
      do {
        try await engine.prepareSimilar(to: target)
      } catch let error as SearchError {
        throw ResponseError.requestFailed(error.description)
      }
    }
    let hits = try Self.answering {
      try engine.similar(to: target, limit: limit, filters: filters, minScore: minScore)
    }
    try Task.checkCancellation()
    var converter = makePositionConverter()
    let coverage = min(withState { indexing.coverage }, try engine.vectorCoverage())
    return SextantSearchResult(items: Self.items(hits, converter: &converter), coverage: coverage)
  }

  /// Runs an engine call of a request: a target naming nothing usable is the caller's mistake
  /// (-32602), a search the engine cannot make (no model, a failing one) a failed request.
  static func answering<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as SimilarTargetError {
      throw ResponseError.invalidParams(error.description)
    } catch let error as SearchError {
      throw ResponseError.requestFailed(error.description)
    }
  }

  /// The request's target; -32602 with what is wrong when it names none or a bad one.
  private func similarTarget(_ request: SextantFindSimilarRequest) throws -> SimilarTarget {
    if let text = request.text {
      guard request.textDocument == nil else {
        throw ResponseError.invalidParams("give either text or a textDocument, not both")
      }
      guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw ResponseError.invalidParams("text is empty")
      }
      return .text(text)
    }
    guard let document = request.textDocument else {
      throw ResponseError.invalidParams("give a textDocument with a position or a range, or a text")
    }
    guard let path = FileURI.path(of: document.uri) else {
      throw ResponseError.invalidParams("textDocument.uri is not a file URI: \(document.uri)")
    }
    let bytes: [UInt8]? = withState { documents[document.uri]?.bytes } ?? FileManager.default.contents(atPath: path).map(Array.init)
    guard let bytes else { throw ResponseError.invalidParams("cannot read \(document.uri)") }
    let lines = LineIndex(bytes: bytes)
    if let range = request.range {
      let start = lines.byteOffset(line: range.start.line, utf16Character: range.start.character)
      let end = lines.byteOffset(line: range.end.line, utf16Character: range.end.character)
      guard range.start.line >= 0, range.start.line < lines.lineCount, start.offset < end.offset else {
        throw ResponseError.invalidParams("the range selects no text of \(document.uri)")
      }
      let text = String(decoding: bytes[start.offset..<end.offset], as: UTF8.self)
      return .selection(absolutePath: path, lines: range.start.line...max(range.start.line, range.end.line), text: text)
    }
    guard let position = request.position else {
      throw ResponseError.invalidParams("give a position or a range with the textDocument")
    }
    guard position.line >= 0, position.line < lines.lineCount else {
      throw ResponseError.invalidParams("line \(position.line) is outside \(document.uri) (\(lines.lineCount) lines)")
    }
    return .declaration(absolutePath: path, line: position.line)
  }
}
