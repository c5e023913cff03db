import Embedding
import Foundation

/// `POST {endpoint}/embeddings`, the OpenAI shape that LM Studio, llama.cpp's server, vLLM and
/// text-embeddings-inference also serve. With an `api-version` it is Azure OpenAI's: the
/// endpoint is the deployment's (`https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT`),
/// the version goes in the query and the key in an `api-key` header.
///
/// Request: `{"model", "input": [texts], "encoding_format": "float"}` (and `"dimensions"` for
/// `text-embedding-3-*`); answer:
/// `{"data": [{"index", "embedding": [numbers]}], "usage": {"prompt_tokens"}}`.
struct OpenAICompatibleProvider: RemoteProvider {
  let configuration: RemoteProviderConfiguration
  let url: URL
  let key: String?
  let transport: HTTPTransport

  init(configuration: RemoteProviderConfiguration, environment: [String: String]) throws(EmbeddingFailure) {
    self.configuration = configuration
    let base = try configuration.baseURL()
    var components = URLComponents(url: base.appendingPathComponent("embeddings"), resolvingAgainstBaseURL: false)
    if let version = configuration.apiVersion {
      components?.queryItems = [URLQueryItem(name: "api-version", value: version)]
    }
    guard let url = components?.url else { throw .badRequest("providerEndpoint \(base.absoluteString) cannot take /embeddings") }
    self.url = url
    // Local servers (LM Studio, llama.cpp) take no key; OpenAI and Azure refuse the call
    // without one, which they say themselves.
    key = try configuration.apiKey(environment: environment, required: false)
    transport = HTTPTransport(timeout: configuration.timeout)
  }

  func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> EmbeddingBatch {
    guard !texts.isEmpty else { return EmbeddingBatch(vectors: [], tokenCount: 0) }
    var headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
    if let key {
      headers.append(configuration.apiVersion == nil ? ("Authorization", "Bearer \(key)") : ("api-key", key))
    }
    var request: [String: Any] = ["model": configuration.model, "input": texts, "encoding_format": "float"]
    // OpenAI's third-generation models shorten their vectors on request; other servers may
    // refuse a field they do not know, so it goes only to those.
    if configuration.model.hasPrefix("text-embedding-3") { request["dimensions"] = configuration.dimension }
    let body = try ProviderAnswer.encode(request)
    let secrets = key.map { [$0] } ?? []
    let response = try await transport.send(.init(url: url, headers: headers, body: body), secrets: secrets)
    try ProviderAnswer.check(response, model: configuration.model, secrets: secrets)
    let object = try ProviderAnswer.object(response.body)
    guard let data = object["data"] as? [[String: Any]] else { throw .malformedAnswer("no `data` array") }
    guard data.count == texts.count else { throw .malformedAnswer("\(data.count) vectors for \(texts.count) texts") }
    var vectors = [[Float]?](repeating: nil, count: texts.count)
    for (position, item) in data.enumerated() {
      let index = (item["index"] as? NSNumber)?.intValue ?? position
      guard vectors.indices.contains(index), vectors[index] == nil else { throw .malformedAnswer("vector index \(index) is out of place") }
      vectors[index] = try ProviderAnswer.vector(item["embedding"], dimension: configuration.dimension)
    }
    let usage = object["usage"] as? [String: Any]
    let tokens =
      (usage?["prompt_tokens"] as? NSNumber)?.intValue ?? (usage?["total_tokens"] as? NSNumber)?.intValue
      ?? texts.reduce(0) { $0 + ProviderAnswer.estimatedTokens($1) }
    return EmbeddingBatch(vectors: vectors.compactMap { $0 }, tokenCount: tokens)
  }
}
