/// The unit of indexing: a piece of a file that is embedded, searched and returned as a hit.
///
/// A chunk is a symbol's declaration (a function, a type with its tiny members) or, where no
/// symbol covers the code, a window of lines.
package struct Chunk: Hashable, Sendable {
  /// Workspace-relative path with `/` separators.
  package var path: String
  /// The symbol's name, or `lines A-B` for a line window.
  package var name: String
  /// `nil` for a line window that stands for no declaration.
  package var kind: SymbolKind?
  package var container: String?
  package var signature: String?
  /// Disambiguates chunks that share path, container and name (overloads, split parts).
  package var ordinal: Int
  package var span: TextSpan
  package var text: String
  package var contentHash: ContentHash
  /// ctags' language name (`Python`, `Go`, `Swift` …), or `nil` when unknown.
  package var language: String?

  package init(
    path: String, name: String, kind: SymbolKind?, container: String?, signature: String?,
    ordinal: Int, span: TextSpan, text: String, language: String?
  ) {
    self.path = path
    self.name = name
    self.kind = kind
    self.container = container
    self.signature = signature
    self.ordinal = ordinal
    self.span = span
    self.text = text
    self.contentHash = ContentHash.of(text)
    self.language = language
  }

  /// Stable identity: `path#Container.name` plus the ordinal when it is not the first.
  ///
  /// It survives edits elsewhere in the file (no line numbers in it), so an edited function
  /// keeps its identity and its embedding history.
  package var id: ChunkID {
    ChunkID(path: path, container: container, name: name, ordinal: ordinal)
  }
}

/// The stable identity of a chunk, printable as `path#Container.name` or `path#name~2`.
package struct ChunkID: Hashable, Sendable, Comparable, CustomStringConvertible {
  package var path: String
  package var container: String?
  package var name: String
  package var ordinal: Int

  package init(path: String, container: String?, name: String, ordinal: Int) {
    self.path = path
    self.container = container
    self.name = name
    self.ordinal = ordinal
  }

  package var description: String {
    let qualified = container.map { "\($0).\(name)" } ?? name
    return ordinal == 0 ? "\(path)#\(qualified)" : "\(path)#\(qualified)~\(ordinal)"
  }

  package static func < (lhs: ChunkID, rhs: ChunkID) -> Bool {
    lhs.description < rhs.description
  }
}
