import SearchCore

/// Where computed vectors are kept, keyed by (model id, hash of the embedded text), so the
/// same text is never sent to a model twice.
package protocol EmbeddingCache: Sendable {
  /// The cached vectors among `keys`; missing keys are simply absent from the result.
  func cachedVectors(model: String, keys: [ContentHash]) throws -> [ContentHash: [Float]]
  func storeVectors(model: String, _ vectors: [(ContentHash, [Float])]) throws
}
