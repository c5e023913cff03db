import Embedding

/// A deterministic embedder that needs no model: words (and identifier parts) are hashed into
/// signed buckets, then the vector is L2-normalised.
///
/// Texts that share words get similar vectors, which is enough to test every path that
/// embeddings take (caching, storage, ranking) quickly and reproducibly. It is not a
/// substitute for a language model and is never chosen silently in its place.
package struct HashingEmbedder: Embedder {
  package let identity: ModelIdentity

  package init(dimension: Int = 64) {
    identity = ModelIdentity(id: "hashing-v1-\(dimension)", dimension: dimension, maxInputTokens: 4096)
  }

  package func embed(_ texts: [String]) throws -> EmbeddingBatch {
    var tokens = 0
    let vectors = texts.map { text -> [Float] in
      var vector = [Float](repeating: 0, count: identity.dimension)
      let words = HashingEmbedder.words(of: text)
      tokens += min(words.count, identity.maxInputTokens)
      for word in words.prefix(identity.maxInputTokens) {
        let hash = HashingEmbedder.fnv1a(word)
        let bucket = Int(hash % UInt64(identity.dimension))
        vector[bucket] += (hash >> 63) == 0 ? 1 : -1
      }
      let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
      return norm > 0 ? vector.map { $0 / norm } : vector
    }
    return EmbeddingBatch(vectors: vectors, tokenCount: tokens)
  }

  /// Lower-cased words, with camelCase and snake_case parts as words of their own.
  static func words(of text: String) -> [String] {
    var words: [String] = []
    var current = ""
    func flush() {
      guard !current.isEmpty else { return }
      words.append(current.lowercased())
      var part = ""
      var parts: [String] = []
      for character in current {
        if character == "_" || (character.isUppercase && !part.isEmpty && !(part.last?.isUppercase ?? false)) {
          if !part.isEmpty { parts.append(part.lowercased()) }
          part = character == "_" ? "" : String(character)
        } else {
          part.append(character)
        }
      }
      if !part.isEmpty { parts.append(part.lowercased()) }
      if parts.count > 1 { words += parts }
      current = ""
    }
    for character in text {
      if character.isLetter || character.isNumber || character == "_" {
        current.append(character)
      } else {
        flush()
      }
    }
    flush()
    return words
  }

  static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return hash
  }
}
