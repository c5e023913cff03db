import Embedding
import Foundation

/// Google Gemini's `POST {endpoint}/models/{model}:batchEmbedContents`, with the key in the
/// `x-goog-api-key` header (never in the URL, where it would reach logs):
/// `{"requests": [{"model": "models/M", "content": {"parts": [{"text"}]}, "taskType",
/// "outputDimensionality"}]}`, answered by `{"embeddings": [{"values": [numbers]}]}`.
///
/// Code is embedded as `RETRIEVAL_DOCUMENT` and queries as `RETRIEVAL_QUERY`, the task types
/// Gemini tunes for search.
struct GeminiProvider: RemoteProvider {
  let configuration: RemoteProviderConfiguration
  let url: URL
  let key: String
  let transport: HTTPTransport

  init(configuration: RemoteProviderConfiguration, environment: [String: String]) throws(EmbeddingFailure) {
    self.configuration = configuration
    let name = configuration.model.hasPrefix("models/") ? String(configuration.model.dropFirst(7)) : configuration.model
    let base = try configuration.baseURL()
    guard let url = URL(string: base.absoluteString + "/models/\(name):batchEmbedContents") else {
      throw .badRequest("the Gemini model name \(name) cannot be put in a URL")
    }
    self.url = url
    guard let key = try configuration.apiKey(environment: environment, required: true) else {
      throw .authentication("no API key for Gemini")
    }
    self.key = key
    transport = HTTPTransport(timeout: configuration.timeout)
  }

  func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> EmbeddingBatch {
    guard !texts.isEmpty else { return EmbeddingBatch(vectors: [], tokenCount: 0) }
    let model = configuration.model.hasPrefix("models/") ? configuration.model : "models/\(configuration.model)"
    let requests: [[String: Any]] = texts.map { text in
      [
        "model": model, "content": ["parts": [["text": text]]],
        "taskType": purpose == .query ? "RETRIEVAL_QUERY" : "RETRIEVAL_DOCUMENT",
        "outputDimensionality": configuration.dimension,
      ]
    }
    let body = try ProviderAnswer.encode(["requests": requests])
    let response = try await transport.send(
      .init(url: url, headers: [("Content-Type", "application/json"), ("x-goog-api-key", key)], body: body), secrets: [key])
    try ProviderAnswer.check(response, model: configuration.model, secrets: [key])
    let object = try ProviderAnswer.object(response.body)
    guard let embeddings = object["embeddings"] as? [[String: Any]] else { throw .malformedAnswer("no `embeddings` array") }
    guard embeddings.count == texts.count else { throw .malformedAnswer("\(embeddings.count) vectors for \(texts.count) texts") }
    var vectors: [[Float]] = []
    for embedding in embeddings {
      vectors.append(try ProviderAnswer.vector(embedding["values"], dimension: configuration.dimension))
    }
    // Gemini does not report tokens for embeddings: the estimate is what limits and costs use.
    return EmbeddingBatch(vectors: vectors, tokenCount: texts.reduce(0) { $0 + ProviderAnswer.estimatedTokens($1) })
  }
}
