import Embedding
import EmbeddingProviders
import Foundation
import LSPProtocol
import SearchEngine
import Testing

@testable import SearchServer

/// A search waiting for its query's embedding holds no thread that serves requests: the
/// model runs outside any Swift task (on a thread of its own), and other requests are
/// answered while slow query embeddings are in flight.
struct QueryEmbeddingTests {
  /// Hashing vectors, with every query embedding taking `delay` and noting whether it ran
  /// inside a task (on the cooperative pool) — documents are quick, so the index builds at once.
  final class SlowQueries: Embedder, @unchecked Sendable {
    // @unchecked: `onPool` is only touched under `lock`.
    let base = HashingEmbedder(dimension: 64)
    let delay: TimeInterval
    private let lock = NSLock()
    private var onPool: [Bool] = []

    init(delay: TimeInterval) { self.delay = delay }

    var identity: ModelIdentity { base.identity }
    /// For each query embedding, whether it ran inside a Swift task.
    var queryCallsInsideTasks: [Bool] { lock.withLock { onPool } }

    func embed(_ texts: [String]) throws -> EmbeddingBatch { try base.embed(texts) }
    func embed(_ texts: [String], purpose: EmbeddingPurpose) throws -> EmbeddingBatch {
      if purpose == .query {
        let insideTask = withUnsafeCurrentTask { $0 != nil }
        lock.withLock { onPool.append(insideTask) }
        Thread.sleep(forTimeInterval: delay)
      }
      return try base.embed(texts)
    }
  }

  @Test func slowQueryEmbeddingsDoNotHoldUpOtherRequests() async throws {
    let workspace = try TestWorkspace(["upload.py": "def retry_failed_uploads(queue):\n    return queue\n"])
    defer { workspace.remove() }
    let model = SlowQueries(delay: 2)
    let client = TestClient(makeEngine: { configuration in
      var configuration = configuration
      configuration.embedder = model
      return SearchEngine(configuration: configuration)
    })
    _ = await client.request(
      "initialize",
      [
        "capabilities": [:], "rootUri": .string(workspace.uri),
        "initializationOptions": ["indexDir": .string(workspace.indexDirectory.path), "model": "hashing"],
      ])
    client.notify("initialized", [:])
    var indexed = false
    for _ in 0..<500 where !indexed {
      if case .success(let status)? = await client.request("sextant/status"), status["indexing"]?.boolValue == false,
        status["folders"]?.arrayValue?.first?["chunks"]?.intValue ?? 0 > 0
      {
        indexed = true
      } else {
        try await Task.sleep(for: .milliseconds(20))
      }
    }
    #expect(indexed)

    let searches = (0...ProcessInfo.processInfo.activeProcessorCount).map { number in
      client.send("sextant/search", ["query": .string("retry uploads \(number)"), "mode": "semantic"])
    }
    try await Task.sleep(for: .milliseconds(200))
    let clock = ContinuousClock.now
    let status = await client.request("sextant/status")
    let waited = ContinuousClock.now - clock
    #expect(status.map { if case .success = $0 { true } else { false } } == true)
    // Every search waits two seconds for its model call; the status did not wait for them.
    #expect(waited < .seconds(1.5), "status took \(waited)")
    for search in searches {
      guard case .success(let result)? = await client.response(to: search) else {
        Issue.record("a search failed")
        continue
      }
      #expect(result["items"]?.arrayValue?.isEmpty == false)
    }
    // One embedding per query, none of them on a thread that serves requests.
    #expect(model.queryCallsInsideTasks == Array(repeating: false, count: searches.count))
  }
}
