import Embedding
import Foundation

/// Ollama's `POST {endpoint}/api/embed`: `{"model", "input": [texts], "truncate": true}`,
/// answered by `{"embeddings": [[numbers]], "prompt_eval_count"}`. Ollama takes no key; a
/// model that is not pulled is a 404 whose message says so.
struct OllamaProvider: RemoteProvider {
  let configuration: RemoteProviderConfiguration
  let url: URL
  let transport: HTTPTransport

  init(configuration: RemoteProviderConfiguration, environment: [String: String]) throws(EmbeddingFailure) {
    self.configuration = configuration
    url = try configuration.baseURL().appendingPathComponent("api").appendingPathComponent("embed")
    transport = HTTPTransport(timeout: configuration.timeout)
  }

  func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> EmbeddingBatch {
    guard !texts.isEmpty else { return EmbeddingBatch(vectors: [], tokenCount: 0) }
    let body = try ProviderAnswer.encode(["model": configuration.model, "input": texts, "truncate": true] as [String: Any])
    let response = try await transport.send(
      .init(url: url, headers: [("Content-Type", "application/json")], body: body), secrets: [])
    try ProviderAnswer.check(response, model: configuration.model, secrets: [])
    let object = try ProviderAnswer.object(response.body)
    guard let embeddings = object["embeddings"] as? [Any] else { throw .malformedAnswer("no `embeddings` array") }
    guard embeddings.count == texts.count else { throw .malformedAnswer("\(embeddings.count) vectors for \(texts.count) texts") }
    var vectors: [[Float]] = []
    for embedding in embeddings { vectors.append(try ProviderAnswer.vector(embedding, dimension: configuration.dimension)) }
    let tokens = (object["prompt_eval_count"] as? NSNumber)?.intValue ?? texts.reduce(0) { $0 + ProviderAnswer.estimatedTokens($1) }
    return EmbeddingBatch(vectors: vectors, tokenCount: tokens)
  }
}
