import Foundation
import Testing

@testable import Embedding

/// Typed failures, and a blocking model behind the asynchronous interface.
struct AsyncEmbedderTests {
  /// A model that takes `delay` per call and can be told to fail.
  final class SlowModel: Embedder, @unchecked Sendable {
    let identity = ModelIdentity(id: "slow", dimension: 4, maxInputTokens: 16)
    let delay: TimeInterval
    let failure: (any Error)?
    let dimension: Int
    private let lock = NSLock()
    private var callsMade = 0

    init(delay: TimeInterval = 0, failure: (any Error)? = nil, dimension: Int = 4) {
      self.delay = delay
      self.failure = failure
      self.dimension = dimension
    }

    var calls: Int { lock.withLock { callsMade } }

    func embed(_ texts: [String]) throws -> EmbeddingBatch {
      lock.withLock { callsMade += 1 }
      Thread.sleep(forTimeInterval: delay)
      if let failure { throw failure }
      return EmbeddingBatch(vectors: texts.map { _ in [Float](repeating: 0.5, count: dimension) }, tokenCount: texts.count)
    }
  }

  @Test func httpStatusesMapToRetryableOrFinalFailures() {
    #expect(EmbeddingFailure.from(httpStatus: 200, message: "") == nil)
    #expect(EmbeddingFailure.from(httpStatus: 429, message: "slow down", retryAfter: "2") == .rateLimited(retryAfter: .seconds(2)))
    #expect(EmbeddingFailure.from(httpStatus: 429, message: "slow down") == .rateLimited(retryAfter: nil))
    #expect(EmbeddingFailure.from(httpStatus: 503, message: "busy", retryAfter: "1.5") == .rateLimited(retryAfter: .milliseconds(1500)))
    #expect(EmbeddingFailure.from(httpStatus: 502, message: "bad gateway") == .serverError(status: 502, message: "bad gateway"))
    #expect(EmbeddingFailure.from(httpStatus: 401, message: "no") == .authentication("no"))
    #expect(EmbeddingFailure.from(httpStatus: 404, message: "text-embedding-9") == .modelNotFound("text-embedding-9"))
    #expect(EmbeddingFailure.from(httpStatus: 400, message: "too long") == .badRequest("HTTP 400: too long"))
    let retryable = [EmbeddingFailure.rateLimited(retryAfter: nil), .serverError(status: 500, message: ""), .timeout(after: .seconds(1)), .connection("reset")]
    let final = [EmbeddingFailure.authentication(""), .badRequest(""), .wrongDimension(expected: 384, received: 768), .modelNotFound(""), .malformedAnswer(""), .cancelled]
    #expect(retryable.allSatisfy(\.isRetryable) && !final.contains(where: \.isRetryable))
    #expect(EmbeddingFailure.wrongDimension(expected: 384, received: 768).description == "the model answered with 768-dimension vectors, but 384 are configured")
  }

  @Test func aBlockingModelAnswersThroughTheAdapter() async throws {
    let adapter = BlockingEmbedderAdapter(SlowModel())
    let batch = try await adapter.embed(["a", "b"])
    #expect(batch.vectors.count == 2 && adapter.identity.id == "slow")
    do {
      _ = try await BlockingEmbedderAdapter(SlowModel(dimension: 8)).embed(["a"])
      Issue.record("a wrong dimension must fail")
    } catch {
      #expect(error == .wrongDimension(expected: 4, received: 8))
    }
    do {
      _ = try await BlockingEmbedderAdapter(SlowModel(failure: CancellationError())).embed(["a"])
      Issue.record("a cancelled model call must fail")
    } catch {
      #expect(error == .cancelled)
    }
  }

  /// A model call that runs until the test lets it go (or a minute passes).
  final class HeldModel: Embedder, @unchecked Sendable {
    let identity = ModelIdentity(id: "held", dimension: 4, maxInputTokens: 16)
    let release = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var startedCalls = 0
    private var finishedCalls = 0

    var started: Int { lock.withLock { startedCalls } }
    var finished: Int { lock.withLock { finishedCalls } }

    func embed(_ texts: [String]) throws -> EmbeddingBatch {
      lock.withLock { startedCalls += 1 }
      _ = release.wait(timeout: .now() + 60)
      lock.withLock { finishedCalls += 1 }
      return EmbeddingBatch(vectors: texts.map { _ in [0, 0, 0, 1] }, tokenCount: texts.count)
    }
  }

  @Test func aCancelledCallerIsAnsweredWhileTheModelStillRuns() async throws {
    let model = HeldModel()
    let adapter = BlockingEmbedderAdapter(model)
    let task = Task { try await adapter.embed(["held"]) }
    while model.started == 0 { try await Task.sleep(for: .milliseconds(5)) }
    task.cancel()
    let result = await task.result
    // Answered before the model was let go: no timing involved.
    #expect(model.finished == 0, "the caller waited for the model")
    model.release.signal()
    if case .failure(let error) = result {
      #expect(error as? EmbeddingFailure == .cancelled)
    } else {
      Issue.record("a cancelled call must fail")
    }
  }
}
