import Foundation
import SearchCore
import Synchronization

/// The one path every embedding takes: cache lookup first, only misses go to the model, in
/// batches, and results are stored before they are returned.
package final class CachingEmbedder: Sendable {
  package let embedder: any Embedder
  private let cache: any EmbeddingCache
  private let batchSize: Int
  private let counters = Mutex(EmbeddingStatistics())

  package init(embedder: any Embedder, cache: any EmbeddingCache, batchSize: Int = 32) {
    self.embedder = embedder
    self.cache = cache
    self.batchSize = max(1, embedder.preferredBatchSize > 0 ? embedder.preferredBatchSize : batchSize)
  }

  package var identity: ModelIdentity { embedder.identity }

  package var statistics: EmbeddingStatistics { counters.withLock { $0 } }

  /// A text to embed and the key it is cached under.
  package struct Input: Sendable {
    package var key: ContentHash
    package var text: String
    package init(key: ContentHash, text: String) {
      self.key = key
      self.text = text
    }
    package init(text: String) {
      self.init(key: ContentHash.of(text), text: text)
    }
  }

  /// Vectors for every input, in order. `onBatch` reports how many inputs are done so far.
  package func vectors(
    for inputs: [Input], onBatch: (Int) -> Void = { _ in }, isCancelled: () -> Bool = { false }
  ) throws -> [[Float]] {
    let vectors = try partialVectors(for: inputs, onBatch: onBatch, isCancelled: isCancelled)
    return try zip(inputs, vectors).map { input, vector in
      guard let vector else { throw EmbeddingError("\(embedder.identity.id) refused the text of \(input.key)") }
      return vector
    }
  }

  /// Vectors for the inputs, in order, `nil` where the model refused an input on its own (it
  /// is not cached, so a later run asks again).
  package func partialVectors(
    for inputs: [Input], onBatch: (Int) -> Void = { _ in }, isCancelled: () -> Bool = { false }
  ) throws -> [[Float]?] {
    let model = embedder.identity.id
    var found = try cache.cachedVectors(model: model, keys: Array(Set(inputs.map(\.key))))
    let hits = inputs.filter { found[$0.key] != nil }.count
    counters.withLock { $0.cacheHits += hits }
    var multiplicity: [ContentHash: Int] = [:]
    for input in inputs { multiplicity[input.key, default: 0] += 1 }
    var pending: [Input] = []
    var seen = Set<ContentHash>()
    for input in inputs where found[input.key] == nil && seen.insert(input.key).inserted {
      pending.append(input)
    }
    onBatch(hits)
    var done = hits
    var start = 0
    while start < pending.count {
      if isCancelled() { throw CancellationError() }
      let batch = Array(pending[start..<min(start + batchSize, pending.count)])
      start += batch.count
      let clock = ContinuousClock.now
      let result = try embedder.embedEach(batch.map(\.text), isCancelled: isCancelled)
      guard result.vectors.count == batch.count else {
        throw EmbeddingError("\(model) returned \(result.vectors.count) vectors for \(batch.count) texts")
      }
      let elapsed = ContinuousClock.now - clock
      let answered = zip(batch, result.vectors).compactMap { input, vector in vector.map { (input.key, $0) } }
      try cache.storeVectors(model: model, answered)
      for (key, vector) in answered { found[key] = vector }
      if let failure = result.stoppedBy {
        // What arrived is cached (above) before the failure ends the run.
        if failure == .cancelled { throw CancellationError() }
        throw failure
      }
      counters.withLock {
        $0.modelCalls += 1
        $0.textsEmbedded += answered.count
        $0.textsRefused += batch.count - answered.count
        $0.tokens += result.tokenCount
        $0.modelSeconds += elapsed.seconds
      }
      done += batch.reduce(0) { $0 + (multiplicity[$1.key] ?? 1) }
      onBatch(done)
    }
    return inputs.map { found[$0.key] }
  }
}

/// Counters of an embedder's work: what `sextant status` and benchmarks report.
package struct EmbeddingStatistics: Sendable, Hashable {
  package var modelCalls = 0
  package var cacheHits = 0
  package var textsEmbedded = 0
  /// Texts the model refused on their own (left without a vector until a later run).
  package var textsRefused = 0
  package var tokens = 0
  package var modelSeconds = 0.0

  package init() {}
}
