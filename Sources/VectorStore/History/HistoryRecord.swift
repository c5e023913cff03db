import VectorCodecs

/// One replaced version of a chunk's vector, stored relative to the vector that replaced it.
///
/// Records chain: the newest record of a chunk relates its previous vector to its current
/// one; the record before relates the version before that to the previous one, and so on.
/// When a chunk was renamed or moved (a new id continuing an old one), the record that
/// crosses over names both ids, and the chain goes on through the old id's records.
package struct HistoryRecord: Sendable, Equatable {
  /// The chunk whose vector replaced this version (the newer end of the step).
  package var id: Int64
  /// The chunk this version belonged to: `id`, or the chunk it was renamed or moved from.
  package var previousID: Int64
  /// This version's number along the chunk's lineage (0: the first vector it ever had).
  package var version: UInt32
  /// Fingerprint of the input this version was embedded from.
  package var fingerprint: UInt64
  /// Fingerprint of the version this one is stored relative to.
  package var nextFingerprint: UInt64
  /// When this version was replaced, in seconds since 1970.
  package var replacedAt: Double
  package var entry: HistoryEntry

  package init(
    id: Int64, previousID: Int64, version: UInt32, fingerprint: UInt64, nextFingerprint: UInt64, replacedAt: Double,
    entry: HistoryEntry
  ) {
    self.id = id
    self.previousID = previousID
    self.version = version
    self.fingerprint = fingerprint
    self.nextFingerprint = nextFingerprint
    self.replacedAt = replacedAt
    self.entry = entry
  }
}

/// How replaced vectors are kept.
package struct HistorySettings: Sendable, Equatable {
  package var encoding: VectorHistory.Encoding
  /// Every this-many-th version of a lineage is stored whole.
  package var keyframeInterval: Int
  /// Versions kept per lineage; older ones go when history segments are compacted.
  package var retention: Int
  /// More history segments than this are merged (dropping what retention and deleted chunks
  /// leave unneeded).
  package var maxSegments: Int

  package init(encoding: VectorHistory.Encoding = .lossless, keyframeInterval: Int = 8, retention: Int = 32, maxSegments: Int = 8) {
    self.encoding = encoding
    self.keyframeInterval = max(1, keyframeInterval)
    self.retention = max(1, retention)
    self.maxSegments = max(1, maxSegments)
  }
}

/// A version of a chunk's vector rebuilt from its history.
package struct HistoricVector: Sendable, Equatable {
  package var record: HistoryRecord
  package var vector: [Float]
}
