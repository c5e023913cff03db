import Foundation
import MetadataStore
import SearchCore

/// A chunk of code an answer names, as the front ends (server, command line) receive it:
/// where it is, what it is and how it scored. It is the engine's own type: no catalog row, row
/// id or content hash crosses into a front end, which maps it to its own form in one place
/// (the server's `items`, the command line's `printHits`).
package struct CodeMatch: Sendable, Hashable {
  package var root: URL
  package var chunk: MatchedChunk
  /// What the ranking sorted by: the cosine in semantic mode, BM25 in lexical mode, the fused
  /// score (0–1, see ``HybridFusion``) in hybrid mode; for find-similar the cosine; in a
  /// duplicate cluster the best cosine to another member.
  package var score: Double
  /// The cosine of the chunk's embedding to the query's, when semantic search saw it.
  package var similarity: Double?
  /// The chunk's BM25 score for the query, when full-text search matched it.
  package var keywordScore: Double?

  package init(_ hit: SearchHit) {
    root = hit.root
    chunk = MatchedChunk(hit.chunk)
    score = hit.score
    similarity = hit.similarity
    keywordScore = hit.keywordScore
  }

  package var absolutePath: String { root.appendingPathComponent(chunk.id.path).path }

  /// The first few non-blank lines of the chunk: enough to recognise it in a result list.
  package func snippet(maxLines: Int = 6, maxCharacters: Int = 400) -> String {
    Snippet.of(chunk.text, maxLines: maxLines, maxCharacters: maxCharacters)
  }
}

/// The chunk of a ``CodeMatch``: its stable identity (path, container, name, ordinal), kind,
/// language, position and text.
package struct MatchedChunk: Sendable, Hashable {
  package var id: ChunkID
  package var kind: SymbolKind?
  package var signature: String?
  package var language: String?
  package var span: TextSpan
  package var text: String

  init(_ chunk: ChunkHit) {
    id = chunk.id
    kind = chunk.kind
    signature = chunk.signature
    language = chunk.language
    span = chunk.span
    text = chunk.text
  }
}

/// The first lines of a chunk's text, as every answer shows them.
enum Snippet {
  static func of(_ text: String, maxLines: Int, maxCharacters: Int) -> String {
    var lines: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if lines.isEmpty && line.allSatisfy(\.isWhitespace) { continue }
      lines.append(line)
      if lines.count == maxLines { break }
    }
    let joined = lines.joined(separator: "\n")
    return joined.count > maxCharacters ? String(joined.prefix(maxCharacters)) + "…" : joined
  }
}
