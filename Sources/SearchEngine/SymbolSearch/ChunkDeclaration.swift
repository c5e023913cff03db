import MetadataStore
import SearchCore

extension SearchEngine {
  /// Whether `symbol` is the declaration a chunk belongs to: the same name and container, and
  /// lines in common (a chunk may start above its symbol, at a doc comment, and a part of a long
  /// declaration starts inside it). Find-similar, duplicates and `workspace/symbol` all ask this.
  static func isDeclaration(_ symbol: Symbol, of chunk: ChunkHit) -> Bool {
    symbol.name == chunk.id.name && symbol.container == chunk.id.container
      && symbol.span.start.line <= chunk.span.lastLine && chunk.span.start.line <= symbol.span.lastLine
  }
}
