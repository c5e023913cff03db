import Foundation

/// An embedder that counts the texts it is asked to embed, then asks its base: how benchmarks
/// and tests show that an answer made no model call.
package final class CountingEmbedder: Embedder, @unchecked Sendable {
  // @unchecked: the count is only touched under `lock`; the base is Sendable.
  package let base: any Embedder
  private let lock = NSLock()
  private var count = 0

  package init(_ base: any Embedder) { self.base = base }

  /// Texts embedded so far.
  package var texts: Int { lock.withLock { count } }
  package var identity: ModelIdentity { base.identity }

  package func embed(_ texts: [String]) throws -> EmbeddingBatch {
    lock.withLock { count += texts.count }
    return try base.embed(texts)
  }
}
