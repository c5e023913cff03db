import Embedding
import Foundation
import SearchCore
import SymbolChunking
import VectorCodecs

/// What keeping every chunk's earlier embeddings costs, measured on a repository's own git
/// history: each commit's changed files are chunked as they were, each chunk's successive
/// texts embedded with the real model, and the versions kept as ``VectorHistory`` would keep
/// them, in both encodings, against each version compressed on its own.
package enum HistoryMeasurement {
  package struct Options: Sendable {
    package var commits = 200
    package var keyframeInterval = 8
    package var retention = 32
    package init() {}
  }

  package struct Report: Sendable {
    package var commits = 0
    package var fileVersions = 0
    /// Chunks whose text changed at least once over the commits.
    package var chunksWithHistory = 0
    /// Earlier versions kept (the current vectors excluded).
    package var versions = 0
    package var textsEmbedded = 0
    package var dimension = 0
    /// Bytes of the kept versions as raw fp32, each compressed alone (byte-shuffled zstd),
    /// and as lossless and compact histories.
    package var rawBytes = 0
    package var aloneBytes = 0
    package var losslessBytes = 0
    package var compactBytes = 0
    /// The same for the delta entries alone (keyframes are stored alike in both encodings).
    package var deltas = 0
    package var losslessDeltaBytes = 0
    package var compactDeltaBytes = 0
    /// Lossless versions rebuilt bit for bit (must equal `versions`).
    package var losslessExact = 0
    /// 1 − cosine of compact versions against the originals.
    package var compactErrorMedian = 0.0
    package var compactErrorMax = 0.0
    package var seconds = 0.0
  }

  package struct Failure: Error, CustomStringConvertible, Sendable {
    package var description: String
  }

  package static func run(
    root: URL, embedder: any Embedder, chunker: FileChunker, options: Options, progress: (String) -> Void = { _ in }
  ) throws -> Report {
    let started = ContinuousClock.now
    var report = Report()
    let git = GitHistory(root: root)
    let revisions = try git.firstParentRevisions(limit: max(2, options.commits)).reversed().map { $0 }
    guard revisions.count >= 2 else { throw Failure(description: "\(root.path) has fewer than two commits") }
    report.commits = revisions.count

    // Each chunk identity's successive embedding inputs, oldest first, only when they change.
    var inputsByIdentity: [String: [String]] = [:]
    func read(_ path: String, at revision: String) throws {
      guard let text = try git.text(of: path, at: revision) else { return }
      report.fileVersions += 1
      for chunk in chunker.chunk(path: path, text: text).chunks {
        let input = EmbeddingInputs.text(
          name: chunk.name, kind: chunk.kind, container: chunk.container, signature: chunk.signature,
          path: chunk.path, body: chunk.text)
        let identity = chunk.id.description
        if inputsByIdentity[identity]?.last != input { inputsByIdentity[identity, default: []].append(input) }
      }
    }
    let touched = try git.changedFiles(from: revisions[0], to: revisions[revisions.count - 1])
    progress("reading \(touched.count) files over \(revisions.count) commits")
    for path in touched { try read(path, at: revisions[0]) }
    for (previous, revision) in zip(revisions, revisions.dropFirst()) {
      for path in try git.changedFiles(from: previous, to: revision) { try read(path, at: revision) }
    }

    let histories = inputsByIdentity.values.filter { $0.count > 1 }
    report.chunksWithHistory = histories.count
    let distinct = Array(Set(histories.joined())).sorted()
    progress("embedding \(distinct.count) chunk versions")
    var vectors: [String: [Float]] = [:]
    for start in stride(from: 0, to: distinct.count, by: 64) {
      let batch = Array(distinct[start..<min(distinct.count, start + 64)])
      let embedded = try embedder.embed(batch).vectors
      guard embedded.count == batch.count else { throw Failure(description: "the model returned too few vectors") }
      for (text, vector) in zip(batch, embedded) { vectors[text] = vector }
      if start % 640 == 0 { progress("embedded \(min(distinct.count, start + 64)) of \(distinct.count)") }
    }
    report.textsEmbedded = distinct.count
    report.dimension = embedder.identity.dimension

    var compactErrors: [Double] = []
    for inputs in histories {
      let sequence = inputs.compactMap { vectors[$0] }
      guard sequence.count == inputs.count, let current = sequence.last else { continue }
      var lossless = VectorHistory(
        encoding: .lossless, dimension: current.count, keyframeInterval: options.keyframeInterval,
        retention: options.retention)
      var compact = VectorHistory(
        encoding: .compact, dimension: current.count, keyframeInterval: options.keyframeInterval,
        retention: options.retention)
      for (older, newer) in zip(sequence, sequence.dropFirst()) {
        try lossless.record(previous: older, replacedBy: newer)
        try compact.record(previous: older, replacedBy: newer)
      }
      report.losslessBytes += lossless.storedBytes
      report.compactBytes += compact.storedBytes
      for (plain, small) in zip(lossless.entries, compact.entries) where plain.form != .keyframe {
        report.deltas += 1
        report.losslessDeltaBytes += plain.storedBytes
        report.compactDeltaBytes += small.storedBytes
      }
      for number in lossless.firstVersion..<lossless.currentVersion {
        let original = sequence[number]
        report.versions += 1
        report.rawBytes += original.count * 4
        report.aloneBytes += try HistoryEntry.keyframe(original).storedBytes
        if try lossless.version(number, current: current).map(\.bitPattern) == original.map(\.bitPattern) {
          report.losslessExact += 1
        }
        compactErrors.append(1 - cosine(try compact.version(number, current: current), original))
      }
    }
    compactErrors.sort()
    report.compactErrorMedian = compactErrors.isEmpty ? 0 : compactErrors[compactErrors.count / 2]
    report.compactErrorMax = compactErrors.last ?? 0
    report.seconds = (ContinuousClock.now - started).seconds
    return report
  }

  private static func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var (dot, aa, bb) = (0.0, 0.0, 0.0)
    for (x, y) in zip(a, b) {
      dot += Double(x) * Double(y)
      aa += Double(x) * Double(x)
      bb += Double(y) * Double(y)
    }
    return aa > 0 && bb > 0 ? dot / (aa.squareRoot() * bb.squareRoot()) : 0
  }
}

/// The few git questions the history measurement asks.
struct GitHistory {
  let root: URL
  private static let executable = ProcessRunner.locate("git")

  func firstParentRevisions(limit: Int) throws -> [String] {
    try lines(["log", "--first-parent", "--format=%H", "-n", String(limit)])
  }

  func changedFiles(from old: String, to new: String) throws -> [String] {
    try lines(["diff", "--name-only", "--no-renames", old, new])
  }

  /// The file's text at `revision`, `nil` when it does not exist there (or is not text).
  func text(of path: String, at revision: String) throws -> String? {
    let output = try run(["show", "\(revision):\(path)"], allowFailure: true)
    guard output.status == 0, !output.standardOutput.contains(0) else { return nil }
    return String(decoding: output.standardOutput, as: UTF8.self)
  }

  private func lines(_ arguments: [String]) throws -> [String] {
    String(decoding: try run(arguments, allowFailure: false).standardOutput, as: UTF8.self)
      .split(separator: "\n").map(String.init)
  }

  private func run(_ arguments: [String], allowFailure: Bool) throws -> ProcessRunner.Output {
    guard let executable = Self.executable else { throw HistoryMeasurement.Failure(description: "git not found on PATH") }
    let output = try ProcessRunner.run(
      executable, arguments: ["-C", root.path, "-c", "core.quotePath=false"] + arguments,
      environment: ProcessInfo.processInfo.environment)
    if output.status != 0 && !allowFailure {
      throw HistoryMeasurement.Failure(description: "git \(arguments.joined(separator: " ")): \(output.standardError)")
    }
    return output
  }
}
