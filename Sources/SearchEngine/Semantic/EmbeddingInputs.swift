import Embedding
import MetadataStore
import SearchCore
import SymbolChunking

/// The text a chunk is embedded from, and its cache key.
///
/// A declaration's kind and qualified name head the text (a method body alone often lacks the
/// words, "upload", "retry", that its name carries), then the code; the path is left out so a
/// moved file keeps its vectors. A line window stands for no declaration: its header is the
/// file's path, never its line numbers, which would change with every edit above it. A part
/// of a long declaration cut into several chunks carries the declaration's signature under
/// its name: the parameters say what the body after the cut works on. The key hashes the
/// exact input plus a format tag:
/// change the format, change the tag, and every key is recomputed (``WorkspaceIndex`` does it
/// when it opens an index written with another tag) rather than a vector silently reused.
enum EmbeddingInputs {
  static let formatTag = "sextant-input-v4"
  /// Characters kept from a chunk: the model reads at most 256 word pieces, and tokenizing
  /// text it will cut off anyway only costs time.
  static let maxCharacters = 2400

  static func text(
    name: String, kind: SymbolKind?, container: String?, signature: String?, path: String, body: String
  ) -> String {
    let trimmed = body.count > maxCharacters ? String(body.prefix(maxCharacters)) : body
    guard let kind else { return path + "\n" + trimmed }
    let qualified = container.map { "\($0).\(name)" } ?? name
    // A part that does not name its declaration is a continuation after a cut.
    if let signature, !signature.isEmpty, !trimmed.contains(DocComments.baseName(name)) {
      return "\(kind.name) \(qualified)\n\(signature)\n\(trimmed)"
    }
    return "\(kind.name) \(qualified)\n\(trimmed)"
  }

  static func key(forInput text: String) -> ContentHash {
    ContentHash.of(formatTag + "\u{0}" + text)
  }

  static func key(for chunk: Chunk) -> ContentHash {
    key(forInput: text(
        name: chunk.name, kind: chunk.kind, container: chunk.container, signature: chunk.signature, path: chunk.path,
        body: chunk.text))
  }

  /// The input of a chunk as a search returns it (the same as of the chunk it was cut as).
  static func input(for hit: ChunkHit) -> CachingEmbedder.Input {
    let input = text(
      name: hit.id.name, kind: hit.kind, container: hit.id.container, signature: hit.signature, path: hit.id.path,
      body: hit.text)
    return CachingEmbedder.Input(key: key(forInput: input), text: input)
  }

  static func key(for pending: PendingEmbedding) -> ContentHash {
    key(forInput: text(pending))
  }

  static func input(for pending: PendingEmbedding) -> CachingEmbedder.Input {
    CachingEmbedder.Input(key: pending.key, text: text(pending))
  }

  private static func text(_ pending: PendingEmbedding) -> String {
    text(
      name: pending.name, kind: pending.kind, container: pending.container, signature: pending.signature,
      path: pending.path, body: pending.text)
  }
}
