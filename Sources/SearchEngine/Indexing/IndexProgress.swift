/// How far an indexing run has got; reported to a progress bar or `$/progress`.
package struct IndexProgress: Sendable, Hashable {
  package enum Phase: String, Sendable {
    case scanning, indexing, embedding, finished
  }

  package var root: String
  package var phase: Phase
  /// Files whose content had to be read (new or changed since the last run).
  package var filesToIndex: Int
  package var filesIndexed: Int
  package var chunks: Int
  /// Chunks that had no vector when the embedding phase began, and how many are done.
  package var chunksToEmbed: Int = 0
  package var chunksEmbedded: Int = 0
  /// Files the scan found (0 while scanning).
  package var filesSeen: Int = 0

  /// The share of the folder's files whose indexed content is current: those unchanged since
  /// the last run plus those indexed again so far. `nil` while scanning, before it is known.
  package var currentShare: Double? {
    switch phase {
    case .scanning: nil
    case .finished: 1
    case .indexing, .embedding:
      filesSeen == 0 ? 1 : Double(filesSeen - filesToIndex + filesIndexed) / Double(filesSeen)
    }
  }

  /// 0…1 of the current phase.
  package var fraction: Double {
    switch phase {
    case .scanning: 0
    case .indexing: filesToIndex == 0 ? 1 : Double(filesIndexed) / Double(filesToIndex)
    case .embedding: chunksToEmbed == 0 ? 1 : Double(chunksEmbedded) / Double(chunksToEmbed)
    case .finished: 1
    }
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
  /// Chunks sent to the model in this run (cache misses), and found in the cache.
  package var chunksEmbedded: Int = 0
  package var embeddingCacheHits: Int = 0
  /// The embedding model, or `nil` when semantic search is off.
  package var embeddingModel: String?
  package var skipped: [String: Int]
  package var usedGit: Bool
  /// Why the files were found by a directory walk rather than git, when git was tried.
  package var walkReason: String? = nil
  package var seconds: Double
  /// Files that could not be read, with the reason; a few examples for the log.
  package var failures: [String]
}
