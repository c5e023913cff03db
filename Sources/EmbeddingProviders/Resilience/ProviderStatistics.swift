import Foundation

/// Whether a provider is answering: what `sextant/status` and the progress report say.
package enum ProviderState: Sendable, Equatable {
  case available
  /// Calls failed after every retry; indexing waits and tries again at `nextAttempt`.
  case paused(reason: String, since: Date, nextAttempt: Date)

  package var isPaused: Bool {
    if case .paused = self { return true }
    return false
  }
}

/// What a provider's calls cost and how they went: the figures `sextant status` reports.
package struct ProviderStatistics: Sendable, Equatable {
  /// Requests sent (each attempt counts).
  package var calls = 0
  package var failedCalls = 0
  package var retries = 0
  /// Texts embedded and tokens the provider reported (or estimated) for them.
  package var texts = 0
  package var tokens = 0
  /// Time calls spent waiting for the rate limiter and for retry delays, added up over calls
  /// (four calls side by side waiting one second count four).
  package var throttledSeconds = 0.0
  /// Texts that failed alone, split from their batch (left without a vector, tried again on
  /// the next run).
  package var failedTexts = 0
  /// Secrets replaced before sending, by kind.
  package var redactions: [String: Int] = [:]
  /// Time the provider was down and indexing paused, once per outage (ended outages).
  package var pausedSeconds = 0.0
  package var state = ProviderState.available
  /// The last failure, as a message free of secrets.
  package var lastFailure: String?
  /// Latencies of successful calls in milliseconds: the most recent ``latencyWindow``.
  package var latencies: [Double] = []

  static let latencyWindow = 2_048

  package init() {}

  package var redactionCount: Int { redactions.values.reduce(0, +) }

  /// The latency at quantile `q` (0…1) of the recent calls, in milliseconds.
  package func latency(quantile q: Double) -> Double? {
    guard !latencies.isEmpty else { return nil }
    let sorted = latencies.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
  }

  mutating func record(latency milliseconds: Double) {
    latencies.append(milliseconds)
    if latencies.count > Self.latencyWindow { latencies.removeFirst(latencies.count - Self.latencyWindow) }
  }

  /// The estimated cost of the tokens sent at `pricePerThousandTokens`.
  package func estimatedCost(pricePerThousandTokens: Double) -> Double {
    Double(tokens) / 1000 * pricePerThousandTokens
  }
}
