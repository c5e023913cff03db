import Foundation

/// Keeps calls to a provider within its requests-per-second and tokens-per-minute limits
/// together, as sliding windows: before a call goes out, the calls of the last second and the
/// tokens of the last minute are counted, and the call waits until adding it keeps both within
/// bounds. A call with more tokens than a whole minute allows goes alone, into an empty window.
///
/// The windows are a little longer than the limits' (``margin``): a service counts calls when
/// they arrive, and two calls sent just over a second apart can arrive just under.
package actor RequestRateLimiter {
  package struct Limits: Sendable, Equatable {
    /// Calls per second; 0: unlimited. Below 1 (0.5: one call every two seconds) allowed.
    package var requestsPerSecond: Double
    /// Tokens per minute over all calls; 0: unlimited.
    package var tokensPerMinute: Int

    package init(requestsPerSecond: Double, tokensPerMinute: Int) {
      self.requestsPerSecond = requestsPerSecond
      self.tokensPerMinute = tokensPerMinute
    }

    package static let unlimited = Limits(requestsPerSecond: 0, tokensPerMinute: 0)
  }

  package let limits: Limits
  let margin: Double
  /// A second and a minute, unless a test makes time pass faster.
  let second: Duration
  let minute: Duration
  private let clock = ContinuousClock()
  private var requests: [ContinuousClock.Instant] = []
  private var tokens: [(ContinuousClock.Instant, Int)] = []

  package init(limits: Limits, margin: Double = 0.05, second: Duration = .seconds(1), minute: Duration = .seconds(60)) {
    self.limits = limits
    self.margin = margin
    self.second = second
    self.minute = minute
  }

  /// The window requests are counted over and how many it may hold: one second and the rate,
  /// or for rates under one a longer window holding one call.
  private var requestWindow: (Duration, Int)? {
    guard limits.requestsPerSecond > 0 else { return nil }
    if limits.requestsPerSecond >= 1 { return (second * (1 + margin), Int(limits.requestsPerSecond.rounded(.down))) }
    return (second * ((1 / limits.requestsPerSecond) * (1 + margin)), 1)
  }

  private var tokenWindow: Duration { minute * (1 + margin) }

  /// Waits until a call of `cost` tokens may go, records it, and returns how long it waited
  /// and the instant it was let go (the one the windows count).
  package func acquire(tokens cost: Int) async throws -> (waited: Duration, at: ContinuousClock.Instant) {
    let start = clock.now
    while true {
      try Task.checkCancellation()
      let now = clock.now
      var wait = Duration.zero
      if let (window, allowed) = requestWindow {
        requests.removeAll { now - $0 >= window }
        if requests.count >= allowed, let oldest = requests.first { wait = max(wait, window - (now - oldest)) }
      }
      if limits.tokensPerMinute > 0 {
        tokens.removeAll { now - $0.0 >= tokenWindow }
        let used = tokens.reduce(0) { $0 + $1.1 }
        if !tokens.isEmpty, used + cost > limits.tokensPerMinute {
          // The earliest moment enough of the window has expired.
          var freed = 0
          for (instant, count) in tokens {
            freed += count
            if used - freed + cost <= limits.tokensPerMinute || freed == used {
              wait = max(wait, tokenWindow - (now - instant))
              break
            }
          }
        }
      }
      if wait <= .zero {
        if requestWindow != nil { requests.append(now) }
        if limits.tokensPerMinute > 0 { tokens.append((now, cost)) }
        return (now - start, now)
      }
      try await Task.sleep(for: wait + .milliseconds(1))
    }
  }
}
