import Embedding
import MetadataStore

/// The catalog's embedding-cache table is the cache every embedder goes through; its methods
/// already have the protocol's shape.
extension Catalog: EmbeddingCache {}
