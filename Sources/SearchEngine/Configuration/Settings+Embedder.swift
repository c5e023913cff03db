import Embedding
import EmbeddingProviders
import Foundation

extension Settings {
  /// The remote provider `model` names, described by the `provider…` settings; `nil` for
  /// the local model, `hashing` and `none`.
  package var remoteProvider: RemoteProviderConfiguration? {
    guard let kind = RemoteProviderKind(rawValue: model) else { return nil }
    return RemoteProviderConfiguration(
      kind: kind, model: providerModel ?? "", dimension: providerDimension,
      endpoint: providerEndpoint.flatMap(URL.init(string:)), keyVariable: providerKeyVariable,
      apiVersion: providerApiVersion, region: providerRegion, normalize: providerNormalize,
      timeout: .milliseconds(providerTimeoutMs),
      maxBatchItems: providerMaxBatchItems > 0 ? providerMaxBatchItems : nil,
      maxBatchTokens: providerMaxBatchTokens > 0 ? providerMaxBatchTokens : nil)
  }

  /// How calls to the remote provider are paced, retried and paused. `waitsForever`: the
  /// server pauses until the provider answers; a command gives up after
  /// `providerMaxPauseSeconds`.
  package func resilienceOptions(waitsForever: Bool) -> ResilientEmbedder.Options {
    ResilientEmbedder.Options(
      rateLimits: .init(requestsPerSecond: providerRequestsPerSecond, tokensPerMinute: providerTokensPerMinute),
      maxConcurrentRequests: providerConcurrency,
      pauseLimit: waitsForever ? nil : .seconds(providerMaxPauseSeconds),
      pricePerThousandTokens: providerPricePer1kTokens > 0 ? providerPricePer1kTokens : nil)
  }

  /// The embedder these settings choose, or why it cannot be had (the local model's files
  /// missing, a provider's key or region unset); `nil` for `none`.
  package func makeEmbedder(
    environment: [String: String] = ProcessInfo.processInfo.environment, waitsForever: Bool
  ) throws -> (any Embedder)? {
    if let remote = remoteProvider {
      do {
        let provider = try remote.makeProvider(environment: environment)
        return ResilientEmbedder(provider, options: resilienceOptions(waitsForever: waitsForever))
      } catch {
        throw EmbeddingError("the \(remote.kind.rawValue) embedding provider cannot be used: \(error)")
      }
    }
    switch model {
    case "none": return nil
    case "hashing": return HashingEmbedder(dimension: 256)
    default:
      let directory = modelDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
      return try MiniLMEmbedder(directory: directory ?? MiniLMEmbedder.defaultDirectory())
    }
  }
}
