import Embedding
import Foundation
import Synchronization

/// The wrapper every remote provider goes through (the engine's cache sits in front of it,
/// in ``CachingEmbedder``, so only texts never embedded before reach it):
///
/// - secrets in the text are replaced before anything leaves (``SecretRedactor``), and
///   over-long texts are cut to what the model reads;
/// - texts go in batches sized by the provider's item and token limits, several side by side;
/// - every call waits for the ``RequestRateLimiter`` (requests per second and tokens per
///   minute together);
/// - retryable failures are tried again with backoff and jitter, never sooner than the
///   service's `Retry-After`;
/// - a batch refused as a whole for one text's sake is split until the text is alone, and
///   only that text goes without a vector;
/// - a provider that stays down pauses the caller (``ProviderState/paused``, reported once to
///   ``onStateChange``) and is tried again at growing intervals until it answers, the caller
///   cancels, or ``Options/pauseLimit`` passes. Committed work is never at stake: the caller
///   commits page by page.
package final class ResilientEmbedder: AsyncEmbedder, Embedder {
  package struct Options: Sendable {
    package var rateLimits: RequestRateLimiter.Limits
    package var retry: RetryPolicy
    /// Calls in flight at once.
    package var maxConcurrentRequests: Int
    /// How long a provider may stay down before the caller is given the failure; `nil`:
    /// until cancelled (the server), a bound for the command line.
    package var pauseLimit: Duration?
    /// The first and the longest wait between tries of a provider that is down.
    package var firstProbe: Duration
    package var longestProbe: Duration
    /// A price per 1,000 tokens, for the estimated cost in the statistics.
    package var pricePerThousandTokens: Double?

    package init(
      rateLimits: RequestRateLimiter.Limits = .unlimited, retry: RetryPolicy = RetryPolicy(), maxConcurrentRequests: Int = 4,
      pauseLimit: Duration? = nil, firstProbe: Duration = .seconds(2), longestProbe: Duration = .seconds(30),
      pricePerThousandTokens: Double? = nil
    ) {
      self.rateLimits = rateLimits
      self.retry = retry
      self.maxConcurrentRequests = max(1, maxConcurrentRequests)
      self.pauseLimit = pauseLimit
      self.firstProbe = firstProbe
      self.longestProbe = longestProbe
      self.pricePerThousandTokens = pricePerThousandTokens
    }
  }

  package let base: any AsyncEmbedder
  package let options: Options
  private let limiter: RequestRateLimiter
  private let redactor = SecretRedactor()
  private let counters = Mutex(ProviderStatistics())
  private let stateObserver = Mutex<(@Sendable (ProviderState) -> Void)?>(nil)

  package init(_ base: any AsyncEmbedder, options: Options = Options()) {
    self.base = base
    self.options = options
    limiter = RequestRateLimiter(limits: options.rateLimits)
  }

  package var identity: ModelIdentity { base.identity }
  package var limits: ProviderLimits { base.limits }
  package var isRemote: Bool { base.isRemote }
  package var statistics: ProviderStatistics { counters.withLock { $0 } }
  package var state: ProviderState { counters.withLock { $0.state } }

  /// Told when the provider goes down (paused) and when it answers again.
  package func onStateChange(_ observer: @escaping @Sendable (ProviderState) -> Void) {
    stateObserver.withLock { $0 = observer }
  }

  /// A page of texts: as many calls side by side as allowed.
  package var preferredBatchSize: Int {
    min(512, max(limits.maxBatchItems * options.maxConcurrentRequests, options.maxConcurrentRequests))
  }

  // MARK: Asynchronous interface

  package func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> EmbeddingBatch {
    let partial = try await vectors(texts, purpose: purpose)
    if let failure = partial.stoppedBy { throw failure }
    guard let missing = partial.vectors.firstIndex(where: { $0 == nil }) else {
      return EmbeddingBatch(vectors: partial.vectors.compactMap { $0 }, tokenCount: partial.tokenCount)
    }
    throw .badRequest("the provider refused text \(missing + 1) of \(texts.count)")
  }

  /// Vectors for `texts` in order; `nil` for a text the provider refused on its own. A failure
  /// that stops the call (the provider down past the pause limit, the key refused) comes back
  /// in ``PartialEmbeddingBatch/stoppedBy`` with the vectors that arrived before it, so that
  /// the caller can keep them; so does cancellation (`.cancelled`).
  package func vectors(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> PartialEmbeddingBatch {
    guard !texts.isEmpty else { return PartialEmbeddingBatch(vectors: [], tokenCount: 0) }
    let prepared = texts.map(prepare)
    let batches = Self.batches(of: prepared.map { ProviderAnswer.estimatedTokens($0) }, limits: limits)
    var vectors = [[Float]?](repeating: nil, count: texts.count)
    var tokens = 0
    var stoppedBy: EmbeddingFailure?
    await withTaskGroup(of: (Range<Int>, Result<PartialEmbeddingBatch, EmbeddingFailure>).self) { group in
      var next = 0
      func start() {
        guard next < batches.count, stoppedBy == nil else { return }
        let range = batches[next]
        next += 1
        group.addTask {
          do throws(EmbeddingFailure) {
            return (range, .success(try await self.run(Array(prepared[range]), purpose: purpose)))
          } catch {
            return (range, .failure(error))
          }
        }
      }
      for _ in 0..<min(options.maxConcurrentRequests, batches.count) { start() }
      while let (range, result) = await group.next() {
        switch result {
        case .success(let batch):
          for (offset, vector) in batch.vectors.enumerated() { vectors[range.lowerBound + offset] = vector }
          tokens += batch.tokenCount
        case .failure(let failure):
          // The first failure stops the rest; calls already answered are kept.
          if stoppedBy == nil || stoppedBy == .cancelled { stoppedBy = failure }
          group.cancelAll()
        }
        start()
      }
    }
    if Task.isCancelled, stoppedBy == nil, vectors.contains(where: { $0 == nil }) { stoppedBy = .cancelled }
    counters.withLock { $0.texts += vectors.count { $0 != nil } }
    return PartialEmbeddingBatch(vectors: vectors, tokenCount: tokens, stoppedBy: stoppedBy)
  }

  // MARK: Synchronous interface (the engine's indexing thread)

  package func embed(_ texts: [String]) throws -> EmbeddingBatch {
    try embed(texts, purpose: .document)
  }

  package func embed(_ texts: [String], purpose: EmbeddingPurpose) throws -> EmbeddingBatch {
    try BlockingBridge.run { () async throws(EmbeddingFailure) in try await self.embed(texts, purpose: purpose) }
  }

  package func embedEach(_ texts: [String]) throws -> PartialEmbeddingBatch {
    try embedEach(texts, isCancelled: { false })
  }

  package func embedEach(_ texts: [String], isCancelled: () -> Bool) throws -> PartialEmbeddingBatch {
    try BlockingBridge.run(isCancelled: isCancelled) { () async throws(EmbeddingFailure) in
      try await self.vectors(texts, purpose: .document)
    }
  }

  // MARK: One batch

  /// One batch through limiter, retries, pauses and splitting.
  private func run(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> PartialEmbeddingBatch {
    var attempt = 1
    var pausedAt: ContinuousClock.Instant?
    var probe = options.firstProbe
    let cost = texts.reduce(0) { $0 + ProviderAnswer.estimatedTokens($1) }
    while true {
      if Task.isCancelled { throw .cancelled }
      do {
        let (waited, _) = try await limiter.acquire(tokens: cost)
        counters.withLock { $0.throttledSeconds += waited.seconds }
      } catch {
        throw .cancelled
      }
      let started = ContinuousClock.now
      do throws(EmbeddingFailure) {
        let batch = try await base.embed(texts, purpose: purpose)
        guard batch.vectors.count == texts.count else {
          throw .malformedAnswer("\(batch.vectors.count) vectors for \(texts.count) texts")
        }
        if let wrong = batch.vectors.first(where: { $0.count != identity.dimension }) {
          throw .wrongDimension(expected: identity.dimension, received: wrong.count)
        }
        let elapsed = (ContinuousClock.now - started).seconds
        let resumed = counters.withLock { stats -> Bool in
          stats.calls += 1
          stats.tokens += batch.tokenCount
          stats.record(latency: elapsed * 1000)
          guard let since = stats.pausedSince else { return false }
          // Counted once per outage, however many calls waited through it.
          stats.pausedSeconds += Date().timeIntervalSince(since)
          stats.state = .available
          return true
        }
        if resumed { notify(.available) }
        return PartialEmbeddingBatch(vectors: batch.vectors, tokenCount: batch.tokenCount)
      } catch {
        if error == .cancelled || Task.isCancelled { throw .cancelled }
        counters.withLock {
          $0.calls += 1
          $0.failedCalls += 1
          $0.lastFailure = error.description
        }
        // A query is waited for by someone: one more try, then the failure, never a pause.
        if purpose == .query, error.isRetryable {
          guard attempt < 2 else { throw error }
        }
        // While paused each probe is one call: a provider still down goes back to waiting.
        if pausedAt == nil || !error.isRetryable, options.retry.shouldRetry(error, attempt: attempt) {
          let delay = options.retry.delay(after: error, attempt: attempt)
          counters.withLock {
            $0.retries += 1
            $0.throttledSeconds += delay.seconds
          }
          attempt += 1
          try await Self.sleep(delay)
          continue
        }
        if error.isRetryable {
          // Down after every retry: pause, and try again at growing intervals.
          let now = ContinuousClock.now
          let since = pausedAt ?? now
          pausedAt = since
          if let limit = options.pauseLimit, now - since >= limit { throw error }
          let next = Date().addingTimeInterval(probe.seconds)
          let newlyPaused = counters.withLock { stats -> Bool in
            let wasPaused = stats.state.isPaused
            stats.state = .paused(reason: error.description, since: wasPaused ? stats.pausedSince ?? Date() : Date(), nextAttempt: next)
            return !wasPaused
          }
          if newlyPaused { notify(state) }
          try await waitWhilePaused(upTo: probe)
          probe = min(probe * 2, options.longestProbe)
          continue
        }
        return try await refused(texts, purpose: purpose, failure: error)
      }
    }
  }

  /// A final failure: one that concerns every text is thrown; one that may be a single
  /// text's fault splits the batch until that text is alone.
  private func refused(_ texts: [String], purpose: EmbeddingPurpose, failure: EmbeddingFailure) async throws(EmbeddingFailure)
    -> PartialEmbeddingBatch
  {
    switch failure {
    case .badRequest, .malformedAnswer, .other:
      break
    default:
      throw failure
    }
    guard texts.count > 1 else {
      counters.withLock { $0.failedTexts += 1 }
      return PartialEmbeddingBatch(vectors: [nil], tokenCount: 0)
    }
    let middle = texts.count / 2
    let first = try await run(Array(texts[..<middle]), purpose: purpose)
    let second = try await run(Array(texts[middle...]), purpose: purpose)
    return PartialEmbeddingBatch(vectors: first.vectors + second.vectors, tokenCount: first.tokenCount + second.tokenCount)
  }

  /// Sleeps until the next probe, or until another call finds the provider answering again
  /// (then every paused batch goes at once rather than each at its own probe time).
  private func waitWhilePaused(upTo duration: Duration) async throws(EmbeddingFailure) {
    let end = ContinuousClock.now + duration
    while ContinuousClock.now < end {
      try await Self.sleep(min(.milliseconds(100), end - ContinuousClock.now))
      if !state.isPaused { return }
    }
  }

  private func notify(_ state: ProviderState) {
    let observer = stateObserver.withLock { $0 }
    observer?(state)
  }

  private static func sleep(_ duration: Duration) async throws(EmbeddingFailure) {
    do { try await Task.sleep(for: duration) } catch { throw .cancelled }
  }

  // MARK: Preparing texts

  /// The text as it may leave: secrets replaced (for a remote provider), cut to what the
  /// model reads.
  private func prepare(_ text: String) -> String {
    var text = text
    if base.isRemote {
      let redaction = redactor.redact(text)
      if redaction.total > 0 {
        counters.withLock { stats in
          for (kind, count) in redaction.counts { stats.redactions[kind, default: 0] += count }
        }
        text = redaction.text
      }
    }
    let maxBytes = identity.maxInputTokens * 3
    if text.utf8.count > maxBytes {
      text = String(decoding: text.utf8.prefix(maxBytes), as: UTF8.self)
    }
    return text
  }

  /// Consecutive ranges of texts, each within the item and token limits (a text over the
  /// token limit goes alone).
  static func batches(of tokenCounts: [Int], limits: ProviderLimits) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var start = 0
    var tokens = 0
    for (index, count) in tokenCounts.enumerated() {
      let full = index - start >= limits.maxBatchItems || (index > start && tokens + count > limits.maxBatchTokens)
      if full {
        result.append(start..<index)
        start = index
        tokens = 0
      }
      tokens += count
    }
    if start < tokenCounts.count { result.append(start..<tokenCounts.count) }
    return result
  }
}

extension ProviderStatistics {
  /// When the current pause began.
  var pausedSince: Date? {
    if case .paused(_, let since, _) = state { return since }
    return nil
  }
}
