import Embedding
import MetadataStore
import SearchCore

/// The text a chunk is embedded from, and its cache key.
///
/// The chunk's kind and qualified name head the text: a method body alone often lacks the
/// words ("upload", "retry") that its name carries. The path is left out so a moved file
/// keeps its vectors. The key hashes the exact input plus a format tag: change the format,
/// change the tag, and every vector is recomputed rather than silently reused.
enum EmbeddingInputs {
  static let formatTag = "sextant-input-v1"
  /// Characters kept from a chunk: the model reads at most 256 word pieces, and tokenizing
  /// text it will cut off anyway only costs time.
  static let maxCharacters = 2400

  static func text(name: String, kind: SymbolKind?, container: String?, body: String) -> String {
    let qualified = container.map { "\($0).\(name)" } ?? name
    let header = kind.map { "\($0.name) \(qualified)" } ?? qualified
    let trimmed = body.count > maxCharacters ? String(body.prefix(maxCharacters)) : body
    return header + "\n" + trimmed
  }

  static func key(forInput text: String) -> ContentHash {
    ContentHash.of(formatTag + "\u{0}" + text)
  }

  static func key(for chunk: Chunk) -> ContentHash {
    key(forInput: text(name: chunk.name, kind: chunk.kind, container: chunk.container, body: chunk.text))
  }

  static func input(for pending: PendingEmbedding) -> CachingEmbedder.Input {
    CachingEmbedder.Input(
      key: pending.key, text: text(name: pending.name, kind: pending.kind, container: pending.container, body: pending.text))
  }
}
