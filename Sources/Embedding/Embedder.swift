/// What identifies an embedding model: vectors from different identities never mix.
package struct ModelIdentity: Hashable, Sendable, CustomStringConvertible {
  /// A stable name that changes whenever the vectors would (weights, pooling, input format).
  package var id: String
  package var dimension: Int
  /// The most tokens one input may have; longer inputs are truncated by the model.
  package var maxInputTokens: Int

  package init(id: String, dimension: Int, maxInputTokens: Int) {
    self.id = id
    self.dimension = dimension
    self.maxInputTokens = maxInputTokens
  }

  package var description: String { "\(id) (\(dimension) dimensions)" }
}

/// One model call's output.
package struct EmbeddingBatch: Sendable {
  /// One L2-normalised vector per input, in input order.
  package var vectors: [[Float]]
  /// Tokens the model actually processed (after truncation), for statistics.
  package var tokenCount: Int

  package init(vectors: [[Float]], tokenCount: Int) {
    self.vectors = vectors
    self.tokenCount = tokenCount
  }
}

/// Turns texts into vectors. Implementations: the local MiniLM model, HTTP providers, and a
/// deterministic hashing embedder for tests.
package protocol Embedder: Sendable {
  var identity: ModelIdentity { get }
  /// Embeds every text; throws rather than returning fewer vectors than texts.
  func embed(_ texts: [String]) throws -> EmbeddingBatch
}

/// Why an embedder could not answer.
package struct EmbeddingError: Error, CustomStringConvertible, Sendable {
  package var description: String
  package init(_ description: String) { self.description = description }
}
