import Foundation
import SymbolChunking

/// Finds, for versions of a chunk's embedding, the newest commit whose copy of the file holds
/// that very version: each commit's copy is chunked as indexing chunks it, and a version
/// matches when the embedding input of a chunk there has its fingerprint.
enum GitRevisions {
  /// Commits read per file at most (newest first).
  static let commitLimit = 100

  /// Each file's commits (newest first) with the input fingerprints of the chunks its copy
  /// held there: read once per file for all the histories of one request.
  final class Cache {
    var commits: [String: [(revision: GitRevision, fingerprints: Set<UInt64>)]] = [:]
  }

  /// Fills `revision` of the versions whose text is found in the folder's git history.
  static func fill(_ versions: inout [ChunkVersion], root: URL, chunker: FileChunker, cache: Cache = Cache()) {
    let paths = Array(Set(versions.compactMap { $0.identity.split(separator: "#").first.map(String.init) })).sorted()
    for path in paths {
      let commits = cache.commits[path] ?? read(path: path, root: root, chunker: chunker)
      cache.commits[path] = commits
      for position in versions.indices where versions[position].revision == nil {
        versions[position].revision = commits.first { $0.fingerprints.contains(versions[position].fingerprint) }?.revision
      }
    }
  }

  private static func read(path: String, root: URL, chunker: FileChunker) -> [(revision: GitRevision, fingerprints: Set<UInt64>)] {
    guard
      let log = try? GitFileLister.git([
        "-C", root.path, "log", "--format=%H %ct", "-n", String(commitLimit), "--", path,
      ]), log.status == 0
    else { return [] }
    var commits: [(revision: GitRevision, fingerprints: Set<UInt64>)] = []
    for line in String(decoding: log.standardOutput, as: UTF8.self).split(separator: "\n") {
      let parts = line.split(separator: " ")
      guard parts.count == 2, let seconds = Double(parts[1]),
        let shown = try? GitFileLister.git(["-C", root.path, "show", "\(parts[0]):./\(path)"]), shown.status == 0
      else { continue }
      let text = String(decoding: shown.standardOutput, as: UTF8.self)
      let fingerprints = Set(
        chunker.chunk(path: path, text: text).chunks.map {
          WorkspaceIndex.fingerprint(ofKey: EmbeddingInputs.key(for: $0).hex)
        })
      commits.append((GitRevision(commit: String(parts[0]), time: Date(timeIntervalSince1970: seconds)), fingerprints))
    }
    return commits
  }

  /// The commit time of `revision` in the folder's repository.
  static func time(of revision: String, root: URL) throws -> Date {
    // A revision is never an option: resolved to a commit first, then that commit is read.
    guard !revision.isEmpty, !revision.hasPrefix("-") else {
      throw SearchError("\(revision.isEmpty ? "an empty revision" : revision) is not a git revision")
    }
    let output: ProcessRunner.Output
    do {
      let resolved = try GitFileLister.git(["-C", root.path, "rev-parse", "--verify", "--quiet", "\(revision)^{commit}"])
      let commit = String(decoding: resolved.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      guard resolved.status == 0, commit.count >= 40, commit.allSatisfy(\.isHexDigit) else {
        throw SearchError("git does not know the revision \(revision) in \(root.path)")
      }
      output = try GitFileLister.git(["-C", root.path, "show", "-s", "--format=%ct", commit])
    } catch let error as SearchError {
      throw error
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
