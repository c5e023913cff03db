import Foundation
import SearchCore
import Synchronization
import Testing

@testable import Embedding
@testable import EmbeddingProviders

/// An in-memory cache that counts what it is asked.
final class MemoryCache: EmbeddingCache {
  let storage = Mutex<[String: [ContentHash: [Float]]]>([:])

  func cachedVectors(model: String, keys: [ContentHash]) throws -> [ContentHash: [Float]] {
    storage.withLock { all in
      let forModel = all[model] ?? [:]
      return forModel.filter { keys.contains($0.key) }
    }
  }

  func storeVectors(model: String, _ vectors: [(ContentHash, [Float])]) throws {
    storage.withLock { all in
      for (key, vector) in vectors { all[model, default: [:]][key] = vector }
    }
  }
}

/// An embedder that records every text it is sent.
final class RecordingEmbedder: Embedder {
  let inner = HashingEmbedder(dimension: 16)
  let seen = Mutex<[[String]]>([])
  var identity: ModelIdentity { inner.identity }

  func embed(_ texts: [String]) throws -> EmbeddingBatch {
    seen.withLock { $0.append(texts) }
    return try inner.embed(texts)
  }
}

struct CachingEmbedderTests {
  @Test func onlyMissesReachTheModelAndDuplicatesOnce() throws {
    let model = RecordingEmbedder()
    let cache = MemoryCache()
    let embedder = CachingEmbedder(embedder: model, cache: cache, batchSize: 2)
    let inputs = ["alpha", "beta", "alpha", "gamma"].map { CachingEmbedder.Input(text: $0) }
    let first = try embedder.vectors(for: inputs)
    #expect(first.count == 4)
    #expect(first[0] == first[2])
    #expect(model.seen.withLock { $0 } == [["alpha", "beta"], ["gamma"]])
    let second = try embedder.vectors(for: inputs)
    #expect(second == first)
    #expect(model.seen.withLock { $0.count } == 2)
    #expect(embedder.statistics.cacheHits == 4)
    #expect(embedder.statistics.textsEmbedded == 3)
    #expect(embedder.statistics.modelCalls == 2)
  }

  @Test func vectorsOfAnotherModelAreNeverReused() throws {
    let cache = MemoryCache()
    let small = CachingEmbedder(embedder: HashingEmbedder(dimension: 8), cache: cache)
    let large = CachingEmbedder(embedder: HashingEmbedder(dimension: 32), cache: cache)
    let input = [CachingEmbedder.Input(text: "retry the upload")]
    #expect(try small.vectors(for: input).first?.count == 8)
    #expect(try large.vectors(for: input).first?.count == 32)
    #expect(large.statistics.cacheHits == 0)
  }

  @Test func progressCountsEveryInput() throws {
    let embedder = CachingEmbedder(embedder: HashingEmbedder(dimension: 8), cache: MemoryCache(), batchSize: 3)
    var reports: [Int] = []
    _ = try embedder.vectors(for: (0..<7).map { CachingEmbedder.Input(text: "text \($0)") }, onBatch: { reports.append($0) })
    #expect(reports == [0, 3, 6, 7])
  }

  @Test func aModelReturningTooFewVectorsIsAnError() {
    struct Broken: Embedder {
      var identity: ModelIdentity { ModelIdentity(id: "broken", dimension: 4, maxInputTokens: 8) }
      func embed(_ texts: [String]) throws -> EmbeddingBatch { EmbeddingBatch(vectors: [], tokenCount: 0) }
    }
    let embedder = CachingEmbedder(embedder: Broken(), cache: MemoryCache())
    #expect(throws: EmbeddingError.self) { try embedder.vectors(for: [.init(text: "x")]) }
  }
}

struct HashingEmbedderTests {
  private func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

  @Test func deterministicNormalisedAndWordSensitive() throws {
    let embedder = HashingEmbedder(dimension: 64)
    let vectors = try embedder.embed(["retryUpload after failure", "retry the upload", "parse json config"]).vectors
    #expect(try embedder.embed(["retryUpload after failure"]).vectors[0] == vectors[0])
    for vector in vectors { #expect(abs(cosine(vector, vector) - 1) < 1e-5) }
    #expect(cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]))
  }

  @Test func emptyTextIsTheZeroVector() throws {
    #expect(try HashingEmbedder(dimension: 4).embed([""]).vectors[0] == [0, 0, 0, 0])
  }
}
