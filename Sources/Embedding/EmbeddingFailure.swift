import Foundation

/// Why an embedding call failed, typed so that the caller knows what to do: wait and try
/// again (``isRetryable``), or stop and tell the user. Messages never hold a secret (a key, a
/// token, a signed header): providers build them from status codes and the service's own
/// error text.
package enum EmbeddingFailure: Error, Sendable, Equatable, CustomStringConvertible {
  /// Too many requests; the service may say when to come back.
  case rateLimited(retryAfter: Duration?)
  /// The service failed (HTTP 5xx and the like).
  case serverError(status: Int, message: String)
  case timeout(after: Duration)
  /// The connection could not be made or broke (refused, reset, a truncated body).
  case connection(String)
  /// The credentials were refused (HTTP 401, 403).
  case authentication(String)
  /// The request itself is wrong and would fail again the same way (HTTP 400, an input too long).
  case badRequest(String)
  /// The answer's vectors have another dimension than the model is configured with.
  case wrongDimension(expected: Int, received: Int)
  case modelNotFound(String)
  /// The answer could not be read (malformed JSON, missing vectors, a count that does not match).
  case malformedAnswer(String)
  case cancelled
  /// Anything else a provider reports, final.
  case other(String)

  /// Whether trying the same call again later may succeed.
  package var isRetryable: Bool {
    switch self {
    case .rateLimited, .serverError, .timeout, .connection: true
    case .authentication, .badRequest, .wrongDimension, .modelNotFound, .malformedAnswer, .cancelled, .other: false
    }
  }

  package var description: String {
    switch self {
    case .rateLimited(let after):
      "rate limited" + (after.map { " (retry after \(Self.seconds($0)))" } ?? "")
    case .serverError(let status, let message): "server error \(status): \(message)"
    case .timeout(let after): "no answer within \(Self.seconds(after))"
    case .connection(let reason): "connection failed: \(reason)"
    case .authentication(let reason): "authentication refused: \(reason)"
    case .badRequest(let reason): "bad request: \(reason)"
    case .wrongDimension(let expected, let received):
      "the model answered with \(received)-dimension vectors, but \(expected) are configured"
    case .modelNotFound(let model): "model not found: \(model)"
    case .malformedAnswer(let reason): "unreadable answer: \(reason)"
    case .cancelled: "cancelled"
    case .other(let reason): reason
    }
  }

  private static func seconds(_ duration: Duration) -> String {
    String(format: "%.1f s", duration.seconds)
  }

  /// The failure an HTTP status stands for, with the service's own message; `nil` for success.
  /// `Retry-After` (seconds) is honoured for 429 and 503.
  package static func from(httpStatus status: Int, message: String, retryAfter: String? = nil) -> EmbeddingFailure? {
    let delay = retryAfter.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.map { Duration.milliseconds(Int($0 * 1000)) }
    switch status {
    case 200..<300: return nil
    case 429: return .rateLimited(retryAfter: delay)
    case 401, 403: return .authentication(message)
    case 404: return .modelNotFound(message)
    case 408: return .timeout(after: .zero)
    case 503: return delay.map { .rateLimited(retryAfter: $0) } ?? .serverError(status: status, message: message)
    case 500..<600: return .serverError(status: status, message: message)
    default: return .badRequest("HTTP \(status): \(message)")
    }
  }
}

/// What a provider accepts in one call.
package struct ProviderLimits: Sendable, Equatable {
  /// Inputs per request.
  package var maxBatchItems: Int
  /// Tokens per request, all inputs together (estimated for providers that do not tokenize here).
  package var maxBatchTokens: Int

  package init(maxBatchItems: Int, maxBatchTokens: Int) {
    self.maxBatchItems = maxBatchItems
    self.maxBatchTokens = maxBatchTokens
  }
}

/// An embedding model called asynchronously: what remote providers are, and what the local
/// model and the hashing embedder are adapted to (``BlockingEmbedderAdapter``). Calls can be
/// cancelled, fail with an ``EmbeddingFailure``, and respect ``limits``.
package protocol AsyncEmbedder: Sendable {
  var identity: ModelIdentity { get }
  var limits: ProviderLimits { get }
  /// Whether texts leave the machine: such a provider gets redacted text
  /// (``ResilientEmbedder``), a local one the text as it is.
  var isRemote: Bool { get }
  func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> EmbeddingBatch
}

extension AsyncEmbedder {
  package var isRemote: Bool { false }

  package func embed(_ texts: [String]) async throws(EmbeddingFailure) -> EmbeddingBatch {
    try await embed(texts, purpose: .document)
  }
}

/// What a text is embedded for. Most models embed both the same way; some (Gemini's task
/// types) embed a search query differently from the code it should find.
package enum EmbeddingPurpose: String, Sendable, Hashable {
  case document
  case query
}
