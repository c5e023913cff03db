import Embedding
import Foundation

/// When to try a failed call again, and after how long: exponential backoff with jitter,
/// never sooner than the service's `Retry-After`.
package struct RetryPolicy: Sendable, Equatable {
  /// Attempts per call before the provider is treated as down (and indexing pauses).
  package var maxAttempts: Int
  package var baseDelay: Duration
  package var maxDelay: Duration

  package init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20)) {
    self.maxAttempts = max(1, maxAttempts)
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
  }

  /// Whether `failure` on attempt `attempt` (1-based) is worth another try. An unreadable
  /// answer is tried again too (a proxy's hiccup looks the same as a broken answer); if it
  /// stays unreadable the texts are treated as refused, not the provider as down.
  package func shouldRetry(_ failure: EmbeddingFailure, attempt: Int) -> Bool {
    guard attempt < maxAttempts else { return false }
    if case .malformedAnswer = failure { return true }
    return failure.isRetryable
  }

  /// The wait before attempt `attempt + 1`: `base × 2^(attempt-1)` capped at `maxDelay`, of
  /// which a random half is kept ("equal jitter", so that clients that failed together do not
  /// return together), and at least the service's `Retry-After`.
  package func delay(after failure: EmbeddingFailure, attempt: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
    let exponent = min(max(0, attempt - 1), 20)
    let backoff = min(baseDelay * (1 << exponent), maxDelay)
    let jittered = backoff / 2 + backoff / 2 * min(max(random, 0), 1)
    if case .rateLimited(let after?) = failure { return max(after, jittered) }
    return jittered
  }
}
