import Embedding
import MetadataStore
import SearchCore

/// The text a chunk is embedded from, and its cache key.
///
/// A declaration's kind and qualified name head the text (a method body alone often lacks the
/// words, "upload", "retry", that its name carries), then the code; the path is left out so a
/// moved file keeps its vectors. A line window stands for no declaration: its header is the
/// file's path, never its line numbers, which would change with every edit above it. The key hashes the exact input plus a format tag:
/// change the format, change the tag, and every key is recomputed (``WorkspaceIndex`` does it
/// when it opens an index written with another tag) rather than a vector silently reused.
enum EmbeddingInputs {
  static let formatTag = "sextant-input-v3"
  /// Characters kept from a chunk: the model reads at most 256 word pieces, and tokenizing
  /// text it will cut off anyway only costs time.
  static let maxCharacters = 2400

  static func text(name: String, kind: SymbolKind?, container: String?, path: String, body: String) -> String {
    let trimmed = body.count > maxCharacters ? String(body.prefix(maxCharacters)) : body
    guard let kind else { return path + "\n" + trimmed }
    let qualified = container.map { "\($0).\(name)" } ?? name
    return "\(kind.name) \(qualified)\n\(trimmed)"
  }

  static func key(forInput text: String) -> ContentHash {
    ContentHash.of(formatTag + "\u{0}" + text)
  }

  static func key(for chunk: Chunk) -> ContentHash {
    key(forInput: text(name: chunk.name, kind: chunk.kind, container: chunk.container, path: chunk.path, body: chunk.text))
  }

  static func key(for pending: PendingEmbedding) -> ContentHash {
    key(forInput: text(pending))
  }

  static func input(for pending: PendingEmbedding) -> CachingEmbedder.Input {
    CachingEmbedder.Input(key: pending.key, text: text(pending))
  }

  private static func text(_ pending: PendingEmbedding) -> String {
    text(name: pending.name, kind: pending.kind, container: pending.container, path: pending.path, body: pending.text)
  }
}
