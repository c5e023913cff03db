import MetadataStore
import VectorIndex
import VectorStore

// What `sextant status` and `sextant/status` show of a folder's index, in the engine's own
// types: the catalog's, the store's and the nearest-neighbour index's statistics are copied
// field by field at the boundary, so a front end depends on none of those modules. The field
// names are the JSON keys both front ends print.

/// What the catalog holds.
package struct IndexContents: Sendable, Hashable, Codable {
  package var files: Int
  package var chunks: Int
  package var symbols: Int
  package var sourceBytes: Int
  package var filesByChunker: [String: Int]
  package var filesByLanguage: [String: Int]

  init(_ statistics: CatalogStatistics) {
    files = statistics.files
    chunks = statistics.chunks
    symbols = statistics.symbols
    sourceBytes = statistics.sourceBytes
    filesByChunker = statistics.filesByChunker
    filesByLanguage = statistics.filesByLanguage
  }
}

/// The vector store: generation, vectors, bytes per codec, history and cache tiers.
package struct VectorStoreReport: Sendable, Equatable, Codable {
  package var generation: UInt64
  package var modelID: String
  package var codec: String
  package var segments: Int
  package var liveVectors: Int
  package var deadVectors: Int
  /// Encoded bytes on disk per codec (a segment of the int8 codec also holds a lossless copy).
  package var bytesByCodec: [String: Int]
  /// Whole segment files: blocks, padding, ids, fingerprints, checksums.
  package var fileBytes: Int
  package var cache: VectorCacheReport
  /// Replaced versions kept, the chunks they belong to, and the bytes of their files.
  package var historyVersions: Int
  package var historyChunks: Int
  package var historyFileBytes: Int

  init(_ statistics: StoreStatistics) {
    generation = statistics.generation
    modelID = statistics.modelID
    codec = statistics.codec
    segments = statistics.segments
    liveVectors = statistics.liveVectors
    deadVectors = statistics.deadVectors
    bytesByCodec = statistics.bytesByCodec
    fileBytes = statistics.fileBytes
    cache = VectorCacheReport(statistics.cache)
    historyVersions = statistics.historyVersions
    historyChunks = statistics.historyChunks
    historyFileBytes = statistics.historyFileBytes
  }
}

/// The L1 (decoded) and L2 (compressed) cache tiers in front of the mapped files (L3).
package struct VectorCacheReport: Sendable, Equatable, Codable {
  package struct Budgets: Sendable, Equatable, Codable {
    package var decodedBytes: Int
    package var compressedBytes: Int
  }

  package var l1Hits: Int
  package var l1Misses: Int
  package var l1Bytes: Int
  package var l1Entries: Int
  package var l2Hits: Int
  package var l2Misses: Int
  package var l2Bytes: Int
  package var l2Entries: Int
  package var l3Reads: Int
  package var budgets: Budgets

  init(_ statistics: CacheStatistics) {
    l1Hits = statistics.l1Hits
    l1Misses = statistics.l1Misses
    l1Bytes = statistics.l1Bytes
    l1Entries = statistics.l1Entries
    l2Hits = statistics.l2Hits
    l2Misses = statistics.l2Misses
    l2Bytes = statistics.l2Bytes
    l2Entries = statistics.l2Entries
    l3Reads = statistics.l3Reads
    budgets = Budgets(decodedBytes: statistics.budgets.decodedBytes, compressedBytes: statistics.budgets.compressedBytes)
  }
}

/// The probe setting an IVF index was calibrated to, with the recall it measured.
package struct ProbeReport: Sendable, Hashable, Codable {
  package var nprobe: Int
  package var refineFactor: Int
  package var recallAt10: Double
  package var target: Double
  package var queries: Int
  package var reachedTarget: Bool { recallAt10 >= target }

  init(_ setting: ProbeSetting) {
    nprobe = setting.nprobe
    refineFactor = setting.refineFactor
    recallAt10 = setting.recallAt10
    target = setting.target
    queries = setting.queries
  }
}
