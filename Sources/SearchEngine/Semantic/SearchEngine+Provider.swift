import Embedding
import EmbeddingProviders
import Foundation

extension SearchEngine {
  /// The remote provider embeddings go through, when the model is one.
  package var provider: ResilientEmbedder? { configuration.embedder as? ResilientEmbedder }

  /// The provider's figures in this process, with the embedding-cache hits of every open
  /// folder; `nil` for the local model, `hashing` and `none`.
  package func providerReport() -> ProviderReport? {
    guard let provider else { return nil }
    let hits = openFolders.reduce(0) { $0 + ($1.embedder?.statistics.cacheHits ?? 0) }
    return ProviderReport(
      model: provider.identity.id, statistics: provider.statistics, cacheHits: hits,
      pricePerThousandTokens: provider.options.pricePerThousandTokens)
  }

  /// What the status says about text leaving the machine: the local model sends nothing.
  package var textLeavesMachine: Bool { provider?.isRemote ?? false }
}
