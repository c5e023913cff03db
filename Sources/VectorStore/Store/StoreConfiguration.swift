import VectorCodecs

/// How a vector store is laid out and cached.
package struct StoreConfiguration: Sendable {
  /// The embedding model the vectors come from; a store of another model is set aside.
  package var modelID: String
  package var dimension: Int
  /// The codec new segments are written with; segments keep the codec they were written in
  /// until compaction rewrites them.
  package var codec: VectorCodec
  /// Vectors per block: the unit of compression, checksums and L2 caching. Small blocks keep
  /// an L3 read of a compressed codec cheap; large ones compress slightly better.
  package var vectorsPerBlock: Int
  package var compressionLevel: Int32
  package var cacheBudgets: CacheBudgets
  /// More segments than this are merged into one.
  package var maxSegments: Int
  /// A store with more dead slots than this fraction is rewritten.
  package var maxDeadFraction: Double
  /// Check every block's checksum when opening (damaged vectors are then known up front).
  package var verifyOnOpen: Bool
  /// Keep replaced vectors as history (`nil`: a replaced vector is simply gone).
  package var history: HistorySettings?

  package init(
    modelID: String, dimension: Int, codec: VectorCodec = .fp32, vectorsPerBlock: Int = 16,
    compressionLevel: Int32 = 3, cacheBudgets: CacheBudgets = .default, maxSegments: Int = 8,
    maxDeadFraction: Double = 0.25, verifyOnOpen: Bool = true, history: HistorySettings? = nil
  ) {
    self.history = history
    self.modelID = modelID
    self.dimension = dimension
    self.codec = codec
    self.vectorsPerBlock = vectorsPerBlock
    self.compressionLevel = compressionLevel
    self.cacheBudgets = cacheBudgets
    self.maxSegments = maxSegments
    self.maxDeadFraction = maxDeadFraction
    self.verifyOnOpen = verifyOnOpen
  }
}

/// One vector to store: its id (a chunk row), a fingerprint of the input it was embedded
/// from (so a reused id with other content is noticed), and the vector.
package struct StoreRow: Sendable, Equatable {
  package var id: Int64
  package var fingerprint: UInt64
  package var vector: [Float]

  package init(id: Int64, fingerprint: UInt64, vector: [Float]) {
    self.id = id
    self.fingerprint = fingerprint
    self.vector = vector
  }
}

/// What opening the store found and did.
package struct RecoveryReport: Sendable, Equatable {
  /// The generation opened (0: a new, empty store).
  package var generation: UInt64 = 0
  /// Newer manifests that failed their checks and were passed over, with the reason.
  package var skippedManifests: [String] = []
  /// Segments that could not be opened; their vectors are gone from the store.
  package var droppedSegments: [String] = []
  /// Ids whose blocks failed their checksum: their vectors must be derived again.
  package var damagedIDs: [Int64] = []
  /// Files of uncommitted or superseded generations that were removed.
  package var removedFiles: [String] = []
  /// The store held vectors of another model or dimension and was started afresh.
  package var discardedModel: String?

  package var isClean: Bool {
    skippedManifests.isEmpty && droppedSegments.isEmpty && damagedIDs.isEmpty && discardedModel == nil
  }
}
