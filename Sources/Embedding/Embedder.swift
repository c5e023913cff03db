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
  /// Embeds texts for `purpose`; models that embed queries and code alike need not say.
  func embed(_ texts: [String], purpose: EmbeddingPurpose) throws -> EmbeddingBatch
  /// Embeds what it can: a text the model refuses on its own (too long, unreadable to the
  /// service) is `nil` rather than failing the others. Failures that concern every text (the
  /// service down, the key refused) still throw.
  func embedEach(_ texts: [String]) throws -> PartialEmbeddingBatch
  /// ``embedEach(_:)`` for a caller that can be cancelled while it waits (a remote provider
  /// paused by an outage): `isCancelled` is asked on the caller's thread while it waits.
  func embedEach(_ texts: [String], isCancelled: () -> Bool) throws -> PartialEmbeddingBatch
  /// How many texts to hand over at once, 0 for no preference (the configured batch size):
  /// a remote provider takes a page that it splits by its own limits and sends side by side.
  var preferredBatchSize: Int { get }
}

extension Embedder {
  package func embed(_ texts: [String], purpose: EmbeddingPurpose) throws -> EmbeddingBatch { try embed(texts) }

  package func embedEach(_ texts: [String]) throws -> PartialEmbeddingBatch {
    let batch = try embed(texts)
    return PartialEmbeddingBatch(vectors: batch.vectors, tokenCount: batch.tokenCount)
  }

  package func embedEach(_ texts: [String], isCancelled: () -> Bool) throws -> PartialEmbeddingBatch {
    try embedEach(texts)
  }

  package var preferredBatchSize: Int { 0 }
}

/// Vectors for some of a call's texts: `nil` where the text failed alone, or where
/// ``stoppedBy`` stopped the call before the text's turn. The vectors that did arrive are
/// worth keeping either way: they were paid for.
package struct PartialEmbeddingBatch: Sendable {
  package var vectors: [[Float]?]
  package var tokenCount: Int
  /// The failure that ended the call early (the provider down past the pause limit, the key
  /// refused); `nil` when every `nil` is a text refused on its own.
  package var stoppedBy: EmbeddingFailure?

  package init(vectors: [[Float]?], tokenCount: Int, stoppedBy: EmbeddingFailure? = nil) {
    self.vectors = vectors
    self.tokenCount = tokenCount
    self.stoppedBy = stoppedBy
  }
}

/// Why an embedder could not answer.
package struct EmbeddingError: Error, CustomStringConvertible, Sendable {
  package var description: String
  package init(_ description: String) { self.description = description }
}
