import Embedding
import Foundation
import SymbolChunking
import VectorCodecs
import VectorStore

/// Everything the engine needs to know that is not the workspace itself.
package struct EngineConfiguration: Sendable {
  /// Where the index lives; `nil` means the per-user cache directory keyed by workspace path.
  package var indexDirectory: URL?
  package var scan: ScanOptions
  package var chunking: ChunkingOptions
  /// The most results `workspace/symbol` and `sextant symbols` return.
  package var symbolLimit: Int
  /// How many results an empty `workspace/symbol` query lists.
  package var emptyQuerySymbolLimit: Int
  /// Files per catalog transaction while indexing: bigger is faster, smaller shows progress
  /// to readers sooner and loses less to a kill.
  package var filesPerCommit: Int
  /// The model chunks and queries are embedded with; `nil` disables semantic search.
  package var embedder: (any Embedder)?
  /// Why there is no model (a missing or corrupt file), for the error semantic search gives.
  package var embedderUnavailableReason: String?
  /// Texts per model call while indexing.
  package var embeddingBatchSize: Int = 32
  /// The codec vector segments are written with. Raw fp32 by default: measured by `sextant
  /// bench storage`, a read from a zstd block costs tens of microseconds for a ~15% saving.
  package var vectorCodec: VectorCodec = .fp32
  /// Memory the vector cache tiers may hold.
  package var vectorCacheBudgets: CacheBudgets = .default
  /// Which nearest-neighbour index semantic search uses, and how it probes.
  package var semanticIndex = SemanticIndexSettings()
  /// How replaced vectors of chunks whose saved text changed are kept (`nil`: not kept).
  package var history: HistorySettings? = HistorySettings()

  package init(
    indexDirectory: URL? = nil, scan: ScanOptions = ScanOptions(), chunking: ChunkingOptions = ChunkingOptions(),
    symbolLimit: Int = 100, emptyQuerySymbolLimit: Int = 50, filesPerCommit: Int = 200
  ) {
    self.indexDirectory = indexDirectory
    self.scan = scan
    self.chunking = chunking
    self.symbolLimit = symbolLimit
    self.emptyQuerySymbolLimit = emptyQuerySymbolLimit
    self.filesPerCommit = filesPerCommit
  }
}
