import Foundation
import SymbolChunking

/// Finds, for versions of a chunk's embedding, the newest commit whose copy of the file holds
/// that very version: each commit's copy is chunked as indexing chunks it, and a version
/// matches when the embedding input of a chunk there has its fingerprint.
enum GitRevisions {
  /// Commits read per file at most (newest first).
  static let commitLimit = 100

  /// Fills `revision` of the versions whose text is found in the folder's git history.
  static func fill(_ versions: inout [ChunkVersion], root: URL, chunker: FileChunker) {
    var wanted = Dictionary(versions.enumerated().map { ($1.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
    let paths = Array(Set(versions.compactMap { $0.identity.split(separator: "#").first.map(String.init) })).sorted()
    for path in paths where !wanted.isEmpty {
      guard
        let log = try? GitFileLister.git([
          "-C", root.path, "log", "--format=%H %ct", "-n", String(commitLimit), "--", path,
        ]), log.status == 0
      else { continue }
      for line in String(decoding: log.standardOutput, as: UTF8.self).split(separator: "\n") where !wanted.isEmpty {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let seconds = Double(parts[1]),
          let shown = try? GitFileLister.git(["-C", root.path, "show", "\(parts[0]):./\(path)"]), shown.status == 0
        else { continue }
        let text = String(decoding: shown.standardOutput, as: UTF8.self)
        for chunk in chunker.chunk(path: path, text: text).chunks {
          let fingerprint = WorkspaceIndex.fingerprint(ofKey: EmbeddingInputs.key(for: chunk).hex)
          guard let position = wanted.removeValue(forKey: fingerprint) else { continue }
          versions[position].revision = GitRevision(
            commit: String(parts[0]), time: Date(timeIntervalSince1970: seconds))
        }
      }
    }
  }

  /// The commit time of `revision` in the folder's repository.
  static func time(of revision: String, root: URL) throws -> Date {
    let output: ProcessRunner.Output
    do {
      output = try GitFileLister.git(["-C", root.path, "show", "-s", "--format=%ct", revision, "--"])
    } catch {
      throw SearchError("cannot ask git about \(revision): \(error)")
    }
    let text = String(decoding: output.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard output.status == 0, let seconds = Double(text.split(separator: "\n").last ?? "") else {
      throw SearchError(
        "git does not know the revision \(revision) in \(root.path)"
          + (output.standardError.isEmpty ? "" : ": \(output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))"))
    }
    return Date(timeIntervalSince1970: seconds)
  }
}
