/// How far an indexing run has got; reported to a progress bar or `$/progress`.
package struct IndexProgress: Sendable, Hashable {
  package enum Phase: String, Sendable {
    case scanning, indexing, finished
  }

  package var root: String
  package var phase: Phase
  /// Files whose content had to be read (new or changed since the last run).
  package var filesToIndex: Int
  package var filesIndexed: Int
  package var chunks: Int

  /// 0…1 of the indexing phase.
  package var fraction: Double {
    filesToIndex == 0 ? (phase == .scanning ? 0 : 1) : Double(filesIndexed) / Double(filesToIndex)
  }
}

/// What one indexing run did: the summary `sextant index` prints.
package struct IndexSummary: Sendable, Hashable {
  package var root: String
  package var indexDirectory: String
  package var filesSeen: Int
  /// Unchanged by size and modification time: not read at all.
  package var filesUnchangedByStat: Int
  /// Read and hashed, but the content was the same as indexed: not chunked again.
  package var filesUnchangedByHash: Int
  package var filesIndexed: Int
  package var filesRemoved: Int
  package var filesFailed: Int
  package var chunksWritten: Int
  package var symbolsWritten: Int
  package var skipped: [String: Int]
  package var usedGit: Bool
  package var seconds: Double
  /// Files that could not be read, with the reason; a few examples for the log.
  package var failures: [String]
}
