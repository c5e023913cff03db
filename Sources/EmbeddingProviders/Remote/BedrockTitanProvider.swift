import Embedding
import Foundation

/// AWS Bedrock `InvokeModel` with Amazon Titan text embeddings
/// (`amazon.titan-embed-text-v1`, `amazon.titan-embed-text-v2:0`), signed with
/// ``SignatureV4`` using credentials from ``AWSCredentialChain``.
///
/// Titan embeds one text per call: `POST /model/{id}/invoke` with `{"inputText"}` (v2 adds
/// `"dimensions"`: 256, 512 or 1024, and `"normalize"`), answered by `{"embedding": [numbers],
/// "inputTextTokenCount"}`. The wrapper (``ResilientEmbedder``) runs calls side by side within
/// the account's rate limits.
struct BedrockTitanProvider: RemoteProvider {
  let configuration: RemoteProviderConfiguration
  let base: URL
  let signer: SignatureV4
  let transport: HTTPTransport
  var isVersion2: Bool { configuration.model.contains("titan-embed-text-v2") }

  init(configuration: RemoteProviderConfiguration, environment: [String: String]) throws(EmbeddingFailure) {
    self.configuration = configuration
    let resolved: AWSCredentialChain.Resolved
    do {
      resolved = try AWSCredentialChain(environment: environment).resolve()
    } catch {
      throw .authentication(error.description)
    }
    guard let region = configuration.region ?? resolved.region else {
      throw .badRequest("no AWS region: set providerRegion, AWS_REGION, or a region in the AWS config profile")
    }
    if configuration.model.contains("titan-embed-text-v2"), ![256, 512, 1024].contains(configuration.dimension) {
      throw .badRequest("Titan v2 embeds in 256, 512 or 1024 dimensions, not \(configuration.dimension)")
    }
    if configuration.model.contains("titan-embed-text-v1"), configuration.dimension != 1536 {
      throw .badRequest("Titan v1 embeds in 1536 dimensions, not \(configuration.dimension)")
    }
    var configured = configuration
    if configured.endpoint == nil { configured.endpoint = URL(string: "https://bedrock-runtime.\(region).amazonaws.com") }
    base = try configured.baseURL()
    signer = SignatureV4(credentials: resolved.credentials, region: region, service: "bedrock")
    transport = HTTPTransport(timeout: configuration.timeout)
  }

  func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws(EmbeddingFailure) -> EmbeddingBatch {
    var vectors: [[Float]] = []
    var tokens = 0
    for text in texts {
      if Task.isCancelled { throw .cancelled }
      let (vector, count) = try await embedOne(text)
      vectors.append(vector)
      tokens += count
    }
    return EmbeddingBatch(vectors: vectors, tokenCount: tokens)
  }

  private func embedOne(_ text: String) async throws(EmbeddingFailure) -> ([Float], Int) {
    var input: [String: Any] = ["inputText": text]
    if isVersion2 {
      input["dimensions"] = configuration.dimension
      input["normalize"] = configuration.normalize
    }
    let body = try ProviderAnswer.encode(input)
    let wirePath = "/model/\(SignatureV4.encode(configuration.model))/invoke"
    guard let url = URL(string: base.absoluteString + wirePath), let host = url.host else {
      throw .badRequest("the model id \(configuration.model) cannot be put in a URL")
    }
    let hostHeader = host + (url.port.map { ":\($0)" } ?? "")
    let unsigned = SignatureV4.Request(
      method: "POST", path: Self.canonicalPath(wirePath),
      headers: [("Host", hostHeader), ("Content-Type", "application/json"), ("Accept", "application/json")], body: body)
    let signed = signer.signed(unsigned, at: Date())
    let secrets = [signer.credentials.secretAccessKey] + (signer.credentials.sessionToken.map { [$0] } ?? [])
    let response = try await transport.send(.init(url: url, headers: signed.headers, body: body), secrets: secrets)
    try ProviderAnswer.check(response, model: configuration.model, secrets: secrets)
    let object = try ProviderAnswer.object(response.body)
    let vector = try ProviderAnswer.vector(object["embedding"], dimension: configuration.dimension)
    let tokens = (object["inputTextTokenCount"] as? NSNumber)?.intValue ?? ProviderAnswer.estimatedTokens(text)
    return (vector, tokens)
  }

  /// The path as SigV4 signs it for every service but S3: each segment of the path as sent
  /// (already percent-encoded) is encoded once more, so the model id's `%3A` is signed as
  /// `%253A`.
  static func canonicalPath(_ wirePath: String) -> String {
    wirePath.split(separator: "/", omittingEmptySubsequences: false).map { SignatureV4.encode(String($0)) }
      .joined(separator: "/")
  }
}
