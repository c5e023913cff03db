import Foundation
import Synchronization
import Testing

@testable import Embedding
@testable import EmbeddingProviders

/// The wrapper every remote provider goes through: retries, splitting, pauses, limits,
/// redaction and cancellation, against a scripted provider (the HTTP side is tested against
/// loopback services in clients/pytest/test_remote_providers.py).
struct ResilientEmbedderTests {
  /// A provider whose answers follow `script(callNumber, texts)`: a failure, or vectors.
  final class ScriptedProvider: AsyncEmbedder, Sendable {
    let identity = ModelIdentity(id: "scripted", dimension: 4, maxInputTokens: 512)
    let limits: ProviderLimits
    let isRemote: Bool
    let delay: Duration
    let script: @Sendable (Int, [String]) -> EmbeddingFailure?
    private let sent = Mutex<[[String]]>([])

    init(
      limits: ProviderLimits = ProviderLimits(maxBatchItems: 4, maxBatchTokens: 10_000), remote: Bool = true,
      delay: Duration = .zero, script: @escaping @Sendable (Int, [String]) -> EmbeddingFailure? = { _, _ in nil }
    ) {
      self.limits = limits
      self.isRemote = remote
      self.delay = delay
      self.script = script
    }

    /// Every call's texts, in the order calls were made.
    var calls: [[String]] { sent.withLock { $0 } }

    func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> EmbeddingBatch {
      let number = sent.withLock {
        $0.append(texts)
        return $0.count
      }
      if delay > .zero {
        do { try await Task.sleep(for: delay) } catch { throw .cancelled }
      }
      if let failure = script(number, texts) { throw failure }
      return EmbeddingBatch(
        vectors: texts.map { text in [Float(text.count), 1, 0, 0].map { $0 / (Float(text.count * text.count) + 1).squareRoot() } },
        tokenCount: texts.count)
    }
  }

  static let quickRetries = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))

  @Test func rateLimitedCallsAreTriedAgainNoSoonerThanRetryAfter() async throws {
    let provider = ScriptedProvider { call, _ in call == 1 ? .rateLimited(retryAfter: .milliseconds(300)) : nil }
    let wrapper = ResilientEmbedder(provider, options: .init(retry: Self.quickRetries))
    let start = ContinuousClock.now
    let result = try await wrapper.vectors(["alpha", "beta"], purpose: .document)
    #expect(ContinuousClock.now - start >= .milliseconds(300))
    #expect(result.vectors.allSatisfy { $0 != nil })
    let statistics = wrapper.statistics
    #expect(statistics.retries == 1 && statistics.failedCalls == 1 && statistics.calls == 2 && statistics.texts == 2)
    #expect(statistics.lastFailure == "rate limited (retry after 0.3 s)")
  }

  @Test func aTextRefusedOnItsOwnIsSplitFromItsBatch() async throws {
    let provider = ScriptedProvider { _, texts in texts.contains("poison") ? .badRequest("input too long") : nil }
    let wrapper = ResilientEmbedder(provider, options: .init(retry: Self.quickRetries))
    let texts = ["a", "b", "poison", "d", "e", "f", "g"]
    let result = try await wrapper.vectors(texts, purpose: .document)
    #expect(result.vectors.count == 7)
    #expect(result.vectors[2] == nil)
    #expect(result.vectors.enumerated().allSatisfy { $0.offset == 2 || $0.element != nil })
    #expect(wrapper.statistics.failedTexts == 1)
    // The lone text was tried alone before it was given up.
    #expect(provider.calls.contains(["poison"]))
    // Through the all-or-nothing interface the refusal is an error naming the text.
    await #expect(throws: EmbeddingFailure.badRequest("the provider refused text 3 of 7")) {
      _ = try await wrapper.embed(texts, purpose: .document)
    }
  }

  @Test func failuresThatConcernEveryTextAreNotSplit() async throws {
    for failure in [
      EmbeddingFailure.wrongDimension(expected: 4, received: 8), .authentication("bad key"), .modelNotFound("nope"),
    ] {
      let provider = ScriptedProvider { _, _ in failure }
      let wrapper = ResilientEmbedder(provider, options: .init(retry: Self.quickRetries))
      await #expect(throws: failure) { _ = try await wrapper.embed(["a", "b", "c"], purpose: .document) }
      #expect(provider.calls.count == 1)
    }
  }

  @Test func vectorsThatArrivedBeforeAFailureAreKept() async throws {
    let provider = ScriptedProvider { call, _ in call == 3 ? .authentication("key revoked") : nil }
    let wrapper = ResilientEmbedder(provider, options: .init(retry: Self.quickRetries, maxConcurrentRequests: 1))
    let result = try await wrapper.vectors((0..<16).map { "text \($0)" }, purpose: .document)
    #expect(result.stoppedBy == .authentication("key revoked"))
    #expect(result.vectors[..<8].allSatisfy { $0 != nil } && result.vectors[8...].allSatisfy { $0 == nil })
    // The fourth batch was never sent.
    #expect(provider.calls.count == 3)
  }

  @Test func batchesKeepToItemAndTokenLimits() {
    let limits = ProviderLimits(maxBatchItems: 3, maxBatchTokens: 10)
    #expect(ResilientEmbedder.batches(of: [1, 1, 1, 1, 1], limits: limits) == [0..<3, 3..<5])
    #expect(ResilientEmbedder.batches(of: [4, 4, 4, 1], limits: limits) == [0..<2, 2..<4])
    // A text over the token limit goes alone rather than never.
    #expect(ResilientEmbedder.batches(of: [2, 50, 2], limits: limits) == [0..<1, 1..<2, 2..<3])
    #expect(ResilientEmbedder.batches(of: [], limits: limits).isEmpty)
  }

  @Test func secretsAreReplacedBeforeTextLeavesAndOnlyThen() async throws {
    let text = "let id = \"AKIAIOSFODNN7EXAMPLE\"\nfunc upload() {}"
    let remote = ScriptedProvider()
    let wrapper = ResilientEmbedder(remote)
    _ = try await wrapper.vectors([text], purpose: .document)
    let sent = try #require(remote.calls.first?.first)
    #expect(!sent.contains("AKIAIOSFODNN7EXAMPLE") && sent.contains("[REDACTED:aws-access-key-id]"))
    #expect(wrapper.statistics.redactions == ["aws-access-key-id": 1])

    let local = ScriptedProvider(remote: false)
    let localWrapper = ResilientEmbedder(local)
    _ = try await localWrapper.vectors([text], purpose: .document)
    #expect(local.calls.first?.first == text && localWrapper.statistics.redactionCount == 0)
  }

  @Test func aProviderThatStaysDownPausesOnceAndResumes() async throws {
    // Down for the first six calls: two rounds of retries, then a probe that succeeds.
    let provider = ScriptedProvider { call, _ in call <= 6 ? .serverError(status: 503, message: "maintenance") : nil }
    let wrapper = ResilientEmbedder(
      provider, options: .init(retry: Self.quickRetries, firstProbe: .milliseconds(30), longestProbe: .milliseconds(60)))
    let states = Mutex<[ProviderState]>([])
    wrapper.onStateChange { state in states.withLock { $0.append(state) } }
    let result = try await wrapper.vectors(["a"], purpose: .document)
    #expect(result.vectors.first??.isEmpty == false)
    let seen = states.withLock { $0 }
    #expect(seen.count == 2)
    #expect(seen.first?.isPaused == true && seen.last == .available)
    #expect(wrapper.state == .available && wrapper.statistics.pausedSeconds > 0)
  }

  @Test func aQueryIsTriedTwiceAndNeverPauses() async throws {
    let provider = ScriptedProvider { _, _ in .serverError(status: 503, message: "down") }
    let wrapper = ResilientEmbedder(provider, options: .init(retry: Self.quickRetries))
    await #expect(throws: EmbeddingFailure.serverError(status: 503, message: "down")) {
      _ = try await wrapper.embed(["where do we retry uploads"], purpose: .query)
    }
    #expect(provider.calls.count == 2 && !wrapper.state.isPaused)
  }

  @Test func aCallerWaitingSynchronouslyCanGiveUp() throws {
    let provider = ScriptedProvider { _, _ in .connection("refused") }
    let wrapper = ResilientEmbedder(provider, options: .init(retry: Self.quickRetries, firstProbe: .seconds(30)))
    let start = ContinuousClock.now
    let partial = try wrapper.embedEach(["a"], isCancelled: { wrapper.state.isPaused })
    #expect(partial.stoppedBy == .cancelled && partial.vectors == [nil])
    #expect(ContinuousClock.now - start < .seconds(10))
  }

  @Test func aCommandStopsWaitingAfterItsPauseLimit() async throws {
    let provider = ScriptedProvider { _, _ in .connection("refused") }
    let wrapper = ResilientEmbedder(
      provider,
      options: .init(retry: Self.quickRetries, pauseLimit: .milliseconds(100), firstProbe: .milliseconds(20), longestProbe: .milliseconds(40)))
    await #expect(throws: EmbeddingFailure.connection("refused")) { _ = try await wrapper.embed(["a"], purpose: .document) }
    #expect(wrapper.state.isPaused)
  }

  @Test func cancellingTheCallerEndsTheCall() async throws {
    let provider = ScriptedProvider(delay: .seconds(30))
    let wrapper = ResilientEmbedder(provider)
    let task = Task { try await wrapper.vectors(["a"], purpose: .document) }
    while provider.calls.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
    task.cancel()
    #expect(try await task.value.stoppedBy == .cancelled)
    await #expect(throws: EmbeddingFailure.cancelled) {
      let call = Task { try await wrapper.embed(["b"], purpose: .document) }
      while provider.calls.count < 2 { try await Task.sleep(for: .milliseconds(5)) }
      call.cancel()
      _ = try await call.value
    }
  }

  @Test func theSynchronousInterfaceRunsOffTheCooperativePool() throws {
    let provider = ScriptedProvider { call, _ in call == 1 ? .timeout(after: .seconds(1)) : nil }
    let wrapper = ResilientEmbedder(provider, options: .init(retry: Self.quickRetries))
    let partial = try wrapper.embedEach(["one", "two", "three", "four", "five"])
    #expect(partial.vectors.count == 5 && partial.vectors.allSatisfy { $0 != nil })
    // Four texts per call: two batches, the first tried twice.
    #expect(provider.calls.count == 3)
  }

  @Test func callsGoSideBySideUpToTheConcurrencyLimit() async throws {
    let provider = ScriptedProvider(limits: ProviderLimits(maxBatchItems: 1, maxBatchTokens: 100), delay: .milliseconds(50))
    let wrapper = ResilientEmbedder(provider, options: .init(maxConcurrentRequests: 3))
    let result = try await wrapper.vectors((0..<6).map { "text \($0)" }, purpose: .document)
    #expect(result.vectors.count == 6 && provider.calls.count == 6)
    #expect(wrapper.preferredBatchSize == 3)
  }

  @Test func theRateLimiterKeepsEveryWindowWithinBounds() async throws {
    // Time runs 10x faster: a "second" of 100 ms and a "minute" of 300 ms.
    let limiter = RequestRateLimiter(
      limits: .init(requestsPerSecond: 4, tokensPerMinute: 100), margin: 0.05, second: .milliseconds(100),
      minute: .milliseconds(300))
    var events: [(ContinuousClock.Instant, Int)] = []
    try await withThrowingTaskGroup(of: (ContinuousClock.Instant, Int).self) { group in
      for index in 0..<16 {
        group.addTask {
          let tokens = index % 2 == 0 ? 10 : 20
          return (try await limiter.acquire(tokens: tokens).at, tokens)
        }
      }
      for try await event in group { events.append(event) }
    }
    events.sort { $0.0 < $1.0 }
    #expect(events.count == 16)
    for (index, event) in events.enumerated() {
      let inSecond = events[index...].prefix { $0.0 - event.0 < .milliseconds(100) }
      #expect(inSecond.count <= 4)
      let inMinute = events[index...].prefix { $0.0 - event.0 < .milliseconds(300) }
      #expect(inMinute.reduce(0) { $0 + $1.1 } <= 100)
    }
  }

  @Test func backoffGrowsWithJitterAndHonoursRetryAfter() {
    let policy = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(500), maxDelay: .seconds(4))
    let failure = EmbeddingFailure.serverError(status: 500, message: "")
    #expect(policy.delay(after: failure, attempt: 1, random: 0) == .milliseconds(250))
    #expect(policy.delay(after: failure, attempt: 3, random: 0) == .seconds(1))
    #expect(policy.delay(after: failure, attempt: 3, random: 1) == .seconds(2))
    #expect(policy.delay(after: failure, attempt: 10, random: 1) == .seconds(4))
    #expect(policy.delay(after: .rateLimited(retryAfter: .seconds(7)), attempt: 1, random: 1) == .seconds(7))
    #expect(policy.shouldRetry(failure, attempt: 5) && !policy.shouldRetry(failure, attempt: 6))
    #expect(!policy.shouldRetry(.authentication("no"), attempt: 1))
    #expect(policy.shouldRetry(.malformedAnswer("cut"), attempt: 5) && !policy.shouldRetry(.malformedAnswer("cut"), attempt: 6))
  }
}

/// Reading providers' answers, and what their requests look like, without a network.
struct ProviderAnswerTests {
  @Test func vectorsAreCheckedAndNormalised() throws {
    #expect(try ProviderAnswer.vector([3, 4] as [Any], dimension: 2) == [0.6, 0.8])
    #expect(throws: EmbeddingFailure.wrongDimension(expected: 3, received: 2)) {
      try ProviderAnswer.vector([3, 4] as [Any], dimension: 3)
    }
    #expect(throws: EmbeddingFailure.malformedAnswer("a vector holds something other than finite numbers")) {
      try ProviderAnswer.vector([3, "x"] as [Any], dimension: 2)
    }
    #expect(throws: EmbeddingFailure.malformedAnswer("a vector is all zeros")) {
      try ProviderAnswer.vector([0, 0] as [Any], dimension: 2)
    }
  }

  @Test func serviceMessagesAreFoundInEveryShapeAndScrubbed() throws {
    let openAI = Array(#"{"error":{"message":"Incorrect API key provided: sk-abc123456"}}"#.utf8)
    #expect(ProviderAnswer.serviceMessage(openAI) == "Incorrect API key provided: sk-abc123456")
    #expect(ProviderAnswer.serviceMessage(Array(#"{"error":"model 'x' not found"}"#.utf8)) == "model 'x' not found")
    #expect(ProviderAnswer.serviceMessage(Array(#"{"Message":"ThrottlingException"}"#.utf8)) == "ThrottlingException")
    let response = HTTPTransport.Response(status: 401, headers: [], body: openAI)
    #expect(throws: EmbeddingFailure.authentication("Incorrect API key provided: [REDACTED]")) {
      try ProviderAnswer.check(response, model: "m", secrets: ["sk-abc123456"])
    }
    let limited = HTTPTransport.Response(status: 429, headers: [("Retry-After", "3")], body: [])
    #expect(throws: EmbeddingFailure.rateLimited(retryAfter: .seconds(3))) { try ProviderAnswer.check(limited, model: "m", secrets: []) }
  }

  @Test func bedrockSignsTheModelIdEncodedTwice() {
    #expect(
      BedrockTitanProvider.canonicalPath("/model/amazon.titan-embed-text-v2%3A0/invoke")
        == "/model/amazon.titan-embed-text-v2%253A0/invoke")
  }

  @Test func configurationsCheckWhatTheyNeedAndNameIt() throws {
    func failure(_ configuration: RemoteProviderConfiguration, _ environment: [String: String] = [:]) -> String? {
      do {
        _ = try configuration.makeProvider(environment: environment)
        return nil
      } catch {
        return error.description
      }
    }
    #expect(failure(.init(kind: .gemini, model: "gemini-embedding-001", dimension: 768)) == "authentication refused: no API key: set the environment variable GEMINI_API_KEY")
    #expect(failure(.init(kind: .openai, model: "m", dimension: 0)) == "bad request: providerDimension must be a positive number for openai")
    #expect(failure(.init(kind: .ollama, model: "", dimension: 768)) == "bad request: providerModel must name the ollama model to use")
    #expect(failure(.init(kind: .ollama, model: "nomic-embed-text", dimension: 768, endpoint: URL(string: "ftp://host"))) == "bad request: providerEndpoint must be an http or https address, not ftp://host")
    let aws = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1", "HOME": "/nonexistent"]
    #expect(failure(.init(kind: .bedrock, model: "amazon.titan-embed-text-v2:0", dimension: 300), aws) == "bad request: Titan v2 embeds in 256, 512 or 1024 dimensions, not 300")
    #expect(failure(.init(kind: .bedrock, model: "amazon.titan-embed-text-v2:0", dimension: 512), aws) == nil)
    // Identities differ by service, model, dimension and options: never one vector space.
    let a = RemoteProviderConfiguration(kind: .openai, model: "m", dimension: 8).identity.id
    let b = RemoteProviderConfiguration(kind: .ollama, model: "m", dimension: 8).identity.id
    let c = RemoteProviderConfiguration(kind: .openai, model: "m", dimension: 16).identity.id
    #expect(Set([a, b, c]).count == 3)
  }
}
