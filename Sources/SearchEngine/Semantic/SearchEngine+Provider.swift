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

  /// Embeds the queries a search will need that are not among the recent ones, without
  /// holding the caller's thread: a remote provider's call runs on the network's threads,
  /// the local model on a thread of its own (never the cooperative pool that serves
  /// requests). The search that follows finds them in the cache.
  package func prepareQueryVectors(_ texts: [String]) async throws {
    guard let model = configuration.embedder, !texts.isEmpty else { return }
    let missing = queryVectors.withLock { cache in Set(texts).filter { !cache.contains($0) } }.sorted()
    guard !missing.isEmpty else { return }
    let embedder: any AsyncEmbedder = (model as? ResilientEmbedder) ?? BlockingEmbedderAdapter(model)
    let batch: EmbeddingBatch
    do {
      batch = try await embedder.embed(missing, purpose: .query)
    } catch .cancelled {
      throw CancellationError()
    } catch {
      throw SearchError("\(model.identity.id) could not embed the query: \(error)")
    }
    queryVectors.withLock { cache in
      for (text, vector) in zip(missing, batch.vectors) { cache.storePrepared(vector, for: text) }
    }
  }

  /// What the status says about text leaving the machine: the local model sends nothing.
  package var textLeavesMachine: Bool { provider?.isRemote ?? false }
}
