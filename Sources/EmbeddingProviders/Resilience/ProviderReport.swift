import Foundation

/// A remote provider's figures as `sextant status`, `sextant/status` and `sextant index`
/// report them. Saved beside an index after each command-line run and added up
/// (``adding(_:)``), so that `sextant status` shows what building the index has cost so far.
package struct ProviderReport: Codable, Sendable, Equatable {
  package var model: String
  package var calls: Int
  package var failedCalls: Int
  package var retries: Int
  package var textsEmbedded: Int
  package var tokens: Int
  /// Texts answered by the embedding cache instead of the provider.
  package var cacheHits: Int
  /// Calls those cache hits saved, at the average texts per call.
  package var callsSaved: Int
  package var throttledSeconds: Double
  package var pausedSeconds: Double
  /// Texts refused on their own (split from their batch), left for a later run.
  package var failedTexts: Int
  /// Secrets replaced in what was sent, by kind.
  package var redactions: [String: Int]
  package var latencyP50Ms: Double?
  package var latencyP95Ms: Double?
  package var latencyP99Ms: Double?
  /// At the configured price per 1,000 tokens; `nil` when none is configured.
  package var estimatedCost: Double?
  /// `available`, or `paused: REASON` while the provider is down.
  package var state: String
  package var lastFailure: String?

  package init(model: String, statistics: ProviderStatistics, cacheHits: Int, pricePerThousandTokens: Double?) {
    self.model = model
    calls = statistics.calls
    failedCalls = statistics.failedCalls
    retries = statistics.retries
    textsEmbedded = statistics.texts
    tokens = statistics.tokens
    self.cacheHits = cacheHits
    let successful = max(1, statistics.calls - statistics.failedCalls)
    let perCall = statistics.texts > 0 ? Double(statistics.texts) / Double(successful) : 1
    callsSaved = Int((Double(cacheHits) / max(1, perCall)).rounded(.up))
    throttledSeconds = statistics.throttledSeconds
    pausedSeconds = statistics.pausedSeconds
    failedTexts = statistics.failedTexts
    redactions = statistics.redactions
    latencyP50Ms = statistics.latency(quantile: 0.5)
    latencyP95Ms = statistics.latency(quantile: 0.95)
    latencyP99Ms = statistics.latency(quantile: 0.99)
    estimatedCost = pricePerThousandTokens.map { statistics.estimatedCost(pricePerThousandTokens: $0) }
    switch statistics.state {
    case .available: state = "available"
    case .paused(let reason, _, _): state = "paused: \(reason)"
    }
    lastFailure = statistics.lastFailure
  }

  package var redactionCount: Int { redactions.values.reduce(0, +) }

  /// This run's figures added to an earlier total (latencies are this run's: percentiles do
  /// not add up).
  package func adding(_ earlier: ProviderReport?) -> ProviderReport {
    guard let earlier, earlier.model == model else { return self }
    var total = self
    total.calls += earlier.calls
    total.failedCalls += earlier.failedCalls
    total.retries += earlier.retries
    total.textsEmbedded += earlier.textsEmbedded
    total.tokens += earlier.tokens
    total.cacheHits += earlier.cacheHits
    total.callsSaved += earlier.callsSaved
    total.throttledSeconds += earlier.throttledSeconds
    total.pausedSeconds += earlier.pausedSeconds
    total.failedTexts += earlier.failedTexts
    total.redactions.merge(earlier.redactions, uniquingKeysWith: +)
    if let cost = earlier.estimatedCost { total.estimatedCost = (total.estimatedCost ?? 0) + cost }
    return total
  }

  /// One line per figure, for the terminal.
  package var lines: [String] {
    func ms(_ value: Double?) -> String { value.map { String(format: "%.0f ms", $0) } ?? "n/a" }
    var lines = [
      "provider:    \(model): \(state)",
      "calls:       \(calls) (\(failedCalls) failed, \(retries) retries), \(textsEmbedded) texts, \(tokens) tokens",
      "cache:       \(cacheHits) texts from the embedding cache, about \(callsSaved) calls saved",
      String(format: "waiting:     %.1f s throttled or backing off, %.1f s paused", throttledSeconds, pausedSeconds),
      "latency:     p50 \(ms(latencyP50Ms)), p95 \(ms(latencyP95Ms)), p99 \(ms(latencyP99Ms))",
      "redactions:  \(redactionCount)"
        + (redactions.isEmpty ? "" : " (" + redactions.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"),
    ]
    if failedTexts > 0 { lines.append("refused:     \(failedTexts) texts (tried again on the next run)") }
    if let estimatedCost { lines.append(String(format: "cost:        about %.4f at the configured price", estimatedCost)) }
    if let lastFailure { lines.append("last error:  \(lastFailure)") }
    return lines
  }

  static let fileName = "provider-statistics.json"

  /// The report saved in an index directory, if any.
  package static func load(indexDirectory: URL) -> ProviderReport? {
    guard let data = FileManager.default.contents(atPath: indexDirectory.appendingPathComponent(fileName).path) else {
      return nil
    }
    return try? JSONDecoder().decode(ProviderReport.self, from: data)
  }

  /// Adds this run to the saved total, atomically (a kill leaves the earlier total).
  package func save(adding to: URL) throws {
    let total = adding(Self.load(indexDirectory: to))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(total).write(to: to.appendingPathComponent(Self.fileName), options: .atomic)
  }
}
