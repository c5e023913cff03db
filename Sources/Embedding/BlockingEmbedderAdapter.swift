import Foundation

/// A synchronous, CPU-bound embedder (the local model, the hashing embedder) as an
/// ``AsyncEmbedder``: each call runs on a thread of its own, never on the cooperative pool
/// that serves requests, and a cancelled caller is answered at once (the model finishes the
/// batch it is in and its result is dropped).
package struct BlockingEmbedderAdapter: AsyncEmbedder {
  package let base: any Embedder
  package let limits: ProviderLimits

  package init(_ base: any Embedder, limits: ProviderLimits = ProviderLimits(maxBatchItems: 64, maxBatchTokens: 16_384)) {
    self.base = base
    self.limits = limits
  }

  package var identity: ModelIdentity { base.identity }

  package func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> EmbeddingBatch {
    if Task.isCancelled { throw .cancelled }
    let outcome = OneShot<Result<EmbeddingBatch, EmbeddingFailure>>()
    let base = self.base
    let expected = identity.dimension
    let result: Result<EmbeddingBatch, EmbeddingFailure> = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        outcome.onValue { continuation.resume(returning: $0) }
        Thread.detachNewThread {
          let result: Result<EmbeddingBatch, EmbeddingFailure>
          do {
            let batch = try base.embed(texts, purpose: purpose)
            if let wrong = batch.vectors.first(where: { $0.count != expected }) {
              result = .failure(.wrongDimension(expected: expected, received: wrong.count))
            } else if batch.vectors.count != texts.count {
              result = .failure(.malformedAnswer("\(batch.vectors.count) vectors for \(texts.count) texts"))
            } else {
              result = .success(batch)
            }
          } catch is CancellationError {
            result = .failure(.cancelled)
          } catch {
            result = .failure(.other("\(error)"))
          }
          outcome.set(result)
        }
      }
    } onCancel: {
      outcome.set(.failure(.cancelled))
    }
    return try result.get()
  }
}

/// A value set once (the first `set` wins) and handed to the one waiting callback.
final class OneShot<Value: Sendable>: @unchecked Sendable {
  // @unchecked: every field is touched under `lock`.
  private let lock = NSLock()
  private var value: Value?
  private var callback: (@Sendable (Value) -> Void)?
  private var delivered = false

  func set(_ newValue: Value) {
    let deliver: ((@Sendable (Value) -> Void), Value)? = lock.withLock {
      guard value == nil else { return nil }
      value = newValue
      guard let callback, !delivered else { return nil }
      delivered = true
      return (callback, newValue)
    }
    if let (callback, value) = deliver { callback(value) }
  }

  func onValue(_ body: @escaping @Sendable (Value) -> Void) {
    let deliver: Value? = lock.withLock {
      callback = body
      guard let value, !delivered else { return nil }
      delivered = true
      return value
    }
    if let deliver { body(deliver) }
  }
}
