import Embedding
import Foundation

/// The embedding services Sextant can call.
package enum RemoteProviderKind: String, Sendable, CaseIterable {
  /// `POST {endpoint}/embeddings`: OpenAI, Azure OpenAI (with an `api-version`), LM Studio,
  /// llama.cpp's server, vLLM, text-embeddings-inference.
  case openai
  /// `POST {endpoint}/api/embed`.
  case ollama
  /// AWS Bedrock `InvokeModel` with an Amazon Titan text embedding model, signed with SigV4.
  case bedrock
  /// Google Gemini `models/{model}:batchEmbedContents`.
  case gemini

  var defaultEndpoint: String? {
    switch self {
    case .openai: "https://api.openai.com/v1"
    case .ollama: "http://127.0.0.1:11434"
    case .bedrock: nil  // from the region
    case .gemini: "https://generativelanguage.googleapis.com/v1beta"
    }
  }

  /// The environment variable holding the API key, when the service takes one.
  var defaultKeyVariable: String? {
    switch self {
    case .openai: "OPENAI_API_KEY"
    case .gemini: "GEMINI_API_KEY"
    case .ollama, .bedrock: nil
    }
  }

  /// What one request may carry, as each service documents it.
  var defaultLimits: ProviderLimits {
    switch self {
    case .openai: ProviderLimits(maxBatchItems: 256, maxBatchTokens: 100_000)
    case .ollama: ProviderLimits(maxBatchItems: 64, maxBatchTokens: 32_768)
    case .bedrock: ProviderLimits(maxBatchItems: 1, maxBatchTokens: 8_192)
    case .gemini: ProviderLimits(maxBatchItems: 100, maxBatchTokens: 200_000)
    }
  }
}

/// How to reach one embedding service: what the `provider…` settings describe.
package struct RemoteProviderConfiguration: Sendable, Equatable {
  package var kind: RemoteProviderKind
  /// The model's name at the service (`text-embedding-3-small`, `nomic-embed-text`,
  /// `amazon.titan-embed-text-v2:0`, `gemini-embedding-001`).
  package var model: String
  /// The vectors' dimension: the index is built for it, and an answer of another is refused.
  package var dimension: Int
  /// The service's base address; each kind has a default (Bedrock's comes from the region).
  package var endpoint: URL?
  /// Where the API key is read from; keys are never put in settings files.
  package var keyVariable: String?
  /// Azure OpenAI's `api-version`: with it the key is sent as `api-key` and the version in
  /// the query, as Azure asks.
  package var apiVersion: String?
  /// Bedrock's region, when the environment and AWS config do not give one.
  package var region: String?
  /// Titan v2's `normalize` option.
  package var normalize: Bool
  package var timeout: Duration
  /// Overrides of the kind's per-request limits.
  package var maxBatchItems: Int?
  package var maxBatchTokens: Int?

  package init(
    kind: RemoteProviderKind, model: String, dimension: Int, endpoint: URL? = nil, keyVariable: String? = nil,
    apiVersion: String? = nil, region: String? = nil, normalize: Bool = true, timeout: Duration = .seconds(60),
    maxBatchItems: Int? = nil, maxBatchTokens: Int? = nil
  ) {
    self.kind = kind
    self.model = model
    self.dimension = dimension
    self.endpoint = endpoint
    self.keyVariable = keyVariable
    self.apiVersion = apiVersion
    self.region = region
    self.normalize = normalize
    self.timeout = timeout
    self.maxBatchItems = maxBatchItems
    self.maxBatchTokens = maxBatchTokens
  }

  package var limits: ProviderLimits {
    let defaults = kind.defaultLimits
    return ProviderLimits(
      maxBatchItems: max(1, kind == .bedrock ? 1 : (maxBatchItems ?? defaults.maxBatchItems)),
      maxBatchTokens: max(1, maxBatchTokens ?? defaults.maxBatchTokens))
  }

  /// The identity vectors are stored under: another service, model, dimension or
  /// normalisation is another vector space, and is never mixed with this one.
  package var identity: ModelIdentity {
    let options = kind == .bedrock && !normalize ? "+raw" : ""
    return ModelIdentity(id: "\(kind.rawValue):\(model)\(options)@\(dimension)", dimension: dimension, maxInputTokens: 8_192)
  }

  /// The provider this configuration describes, or why it cannot be made (a key variable
  /// that is unset, no AWS credentials, an endpoint that is not a URL).
  package func makeProvider(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EmbeddingFailure)
    -> any AsyncEmbedder
  {
    guard dimension > 0 else { throw .badRequest("providerDimension must be a positive number for \(kind.rawValue)") }
    guard !model.isEmpty else { throw .badRequest("providerModel must name the \(kind.rawValue) model to use") }
    switch kind {
    case .openai: return try OpenAICompatibleProvider(configuration: self, environment: environment)
    case .ollama: return try OllamaProvider(configuration: self, environment: environment)
    case .bedrock: return try BedrockTitanProvider(configuration: self, environment: environment)
    case .gemini: return try GeminiProvider(configuration: self, environment: environment)
    }
  }

  /// The endpoint to use, without a trailing slash.
  func baseURL() throws(EmbeddingFailure) -> URL {
    guard let url = endpoint ?? kind.defaultEndpoint.flatMap(URL.init(string:)) else {
      throw .badRequest("providerEndpoint is needed for \(kind.rawValue)")
    }
    guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
      throw .badRequest("providerEndpoint must be an http or https address, not \(url.absoluteString)")
    }
    let text = url.absoluteString
    return text.hasSuffix("/") ? URL(string: String(text.dropLast())) ?? url : url
  }

  /// The API key from its environment variable; `required` makes a missing one an error
  /// naming the variable.
  func apiKey(environment: [String: String], required: Bool) throws(EmbeddingFailure) -> String? {
    guard let variable = keyVariable ?? kind.defaultKeyVariable else { return nil }
    if let key = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty { return key }
    if required { throw .authentication("no API key: set the environment variable \(variable)") }
    return nil
  }
}

/// A provider described by a ``RemoteProviderConfiguration``: its identity and limits are the
/// configuration's, and its text leaves the machine (so the wrapper redacts it).
protocol RemoteProvider: AsyncEmbedder {
  var configuration: RemoteProviderConfiguration { get }
}

extension RemoteProvider {
  var identity: ModelIdentity { configuration.identity }
  var limits: ProviderLimits { configuration.limits }
  var isRemote: Bool { true }
}
