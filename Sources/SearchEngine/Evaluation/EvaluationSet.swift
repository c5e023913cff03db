import Foundation
import SearchCore
import SymbolChunking
import VectorIndex

/// One question of a retrieval evaluation and where its answer is.
package struct EvaluationQuery: Sendable, Hashable, Codable {
  package var query: String
  /// Workspace-relative path of the file holding the answer.
  package var path: String
  /// Zero-based lines of the answer (see ``isAnswered(byPath:lines:)``).
  package var firstLine: Int
  package var lastLine: Int
  /// The function the query was made from, when it was generated.
  package var symbol: String?

  package init(query: String, path: String, firstLine: Int, lastLine: Int, symbol: String? = nil) {
    self.query = query
    self.path = path
    self.firstLine = firstLine
    self.lastLine = max(firstLine, lastLine)
    self.symbol = symbol
  }

  /// Whether a chunk at `path` covering zero-based `lines` answers this query: it overlaps
  /// the answer, and at least half of its lines are the answer's. A container chunk or a
  /// window that merely holds the answer among other code does not count: it leaves the user
  /// to find the function in it, and counting it would reward coarse chunking. A one-line
  /// answer (a user's `line` without `end_line`) is answered by any chunk holding it.
  package func isAnswered(byPath path: String, lines: ClosedRange<Int>) -> Bool {
    guard path == self.path else { return false }
    let overlap = min(lines.upperBound, lastLine) - max(lines.lowerBound, firstLine) + 1
    guard overlap > 0 else { return false }
    return firstLine == lastLine || overlap * 2 >= lines.count
  }

  /// Queries written by a user as JSON lines `{"query": …, "path": …, "line": N}` (line one-based;
  /// an optional `end_line` widens the answer to a range).
  package static func parseLines(_ text: String) throws -> [EvaluationQuery] {
    var queries: [EvaluationQuery] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty else { continue }
      guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
        throw EvaluationError("line \(number + 1): not a JSON object")
      }
      guard let query = object["query"] as? String, !query.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw EvaluationError("line \(number + 1): \"query\" must be a non-empty string")
      }
      guard let path = object["path"] as? String, !path.isEmpty else {
        throw EvaluationError("line \(number + 1): \"path\" must be a workspace-relative path")
      }
      guard let first = object["line"] as? Int, first >= 1 else {
        throw EvaluationError("line \(number + 1): \"line\" must be a line number from 1")
      }
      let last = (object["end_line"] as? Int).map { max($0, first) } ?? first
      let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
      queries.append(EvaluationQuery(query: query, path: relative, firstLine: first - 1, lastLine: last - 1))
    }
    return queries
  }
}

package struct EvaluationError: Error, CustomStringConvertible, Sendable {
  package var description: String
  package init(_ description: String) { self.description = description }
}

/// An evaluation built from a workspace's own documented functions, CodeSearchNet style.
package struct GeneratedEvaluation: Sendable {
  package var queries: [EvaluationQuery]
  /// Documented functions and methods found, before filtering.
  package var documented: Int
  /// How many were left out, by reason.
  package var rejected: [String: Int]
  /// Every file of the workspace, and for the files that held a sampled doc comment, their
  /// text with those comments blanked out (line numbers are kept).
  package var files: [String]
  package var strippedTexts: [String: String]
}

/// Builds a ``GeneratedEvaluation``: every function or method with documentation gives a
/// candidate (query = the documentation's first sentence, answer = the function); tests,
/// dunder methods, trivial bodies, notes and repeated sentences are left out; a seeded sample
/// is kept, and only the sampled documentation is removed from the searched copy.
package struct EvaluationSetBuilder: Sendable {
  package var sampleSize: Int
  package var seed: UInt64
  /// Functions with fewer lines of code than this (documentation excluded) are trivial.
  package var minimumCodeLines = 3

  package init(sampleSize: Int = 500, seed: UInt64 = 1) {
    self.sampleSize = sampleSize
    self.seed = seed
  }

  private struct Candidate {
    var query: EvaluationQuery
    var documentation: ClosedRange<Int>
    var normalized: String
  }

  package func build(root: URL, scanner: WorkspaceScanner, chunker: FileChunker) throws -> GeneratedEvaluation {
    let report = try scanner.scan(root: root)
    let files = report.files.map(\.relativePath).sorted()
    var candidates: [Candidate] = []
    var sentenceCounts: [String: Int] = [:]
    var documented = 0
    var rejected: [String: Int] = [:]
    var texts: [String: String] = [:]
    for path in files {
      guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else { continue }
      let text = String(decoding: data, as: UTF8.self)
      let chunked = chunker.chunk(path: path, text: text)
      let declarations = DocComments.documentedDeclarations(in: chunked, text: text)
      guard !declarations.isEmpty else { continue }
      texts[path] = text
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      for declaration in declarations {
        documented += 1
        let summary = QuerySentence.summary(of: declaration.text)
        let normalized = summary.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
        sentenceCounts[normalized, default: 0] += 1
        if let reason = rejection(of: declaration, path: path, lines: lines) {
          rejected[reason, default: 0] += 1
          continue
        }
        let query = QuerySentence.droppingLeadingName(summary, name: DocComments.baseName(declaration.symbol.name))
        if let reason = QuerySentence.rejection(of: query) {
          rejected[reason, default: 0] += 1
          continue
        }
        let span = declaration.symbol.span
        candidates.append(
          Candidate(
            query: EvaluationQuery(
              query: query, path: path, firstLine: span.start.line, lastLine: span.lastLine,
              symbol: declaration.symbol.qualifiedName),
            documentation: declaration.documentationLines, normalized: normalized))
      }
    }
    var unique: [Candidate] = []
    for candidate in candidates {
      if sentenceCounts[candidate.normalized, default: 0] > 1 {
        rejected["sentence not unique", default: 0] += 1
      } else {
        unique.append(candidate)
      }
    }
    var generator = SplitMix64(seed: seed)
    generator.shuffle(&unique)
    let sample = unique.prefix(max(0, sampleSize))
    var blanked: [String: [ClosedRange<Int>]] = [:]
    for candidate in sample { blanked[candidate.query.path, default: []].append(candidate.documentation) }
    var stripped: [String: String] = [:]
    for (path, ranges) in blanked {
      guard let text = texts[path] else { continue }
      stripped[path] = Self.blanking(ranges, in: text)
    }
    let queries = sample.map(\.query).sorted { ($0.path, $0.firstLine) < ($1.path, $1.firstLine) }
    return GeneratedEvaluation(
      queries: queries, documented: documented, rejected: rejected, files: files, strippedTexts: stripped)
  }

  /// Why a documented declaration makes no query: test code, a dunder method, or a trivial body.
  private func rejection(of declaration: DocumentedDeclaration, path: String, lines: [Substring]) -> String? {
    if TestPaths.isTest(path) { return "test code" }
    let name = DocComments.baseName(declaration.symbol.name)
    if name.hasPrefix("__"), name.hasSuffix("__") { return "dunder method" }
    let span = declaration.symbol.span
    var codeLines = 0
    for line in span.start.line...span.lastLine where line < lines.count {
      if declaration.documentationLines.contains(line) { continue }
      if !lines[line].allSatisfy(\.isWhitespace) { codeLines += 1 }
    }
    return codeLines < minimumCodeLines ? "trivial body" : nil
  }

  /// `text` with the given lines emptied (their line breaks kept, so every line number stays).
  static func blanking(_ ranges: [ClosedRange<Int>], in text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for range in ranges {
      for line in range where line < lines.count {
        lines[line] = lines[line].hasSuffix("\r") ? "\r" : ""
      }
    }
    return lines.joined(separator: "\n")
  }
}

