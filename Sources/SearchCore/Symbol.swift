/// One declaration found in a file: what `workspace/symbol` and `sextant symbols` list.
///
/// Every declaration a chunker sees is a symbol, even those too small to be a chunk of their own
/// (they are grouped into their container's chunk but stay findable by name).
package struct Symbol: Hashable, Sendable {
  package var name: String
  package var kind: SymbolKind
  /// Dotted path of enclosing declarations, `nil` at top level (`"Outer.Inner"`).
  package var container: String?
  /// The declaration's signature as the source spells it, if the chunker knows it.
  package var signature: String?
  /// The whole declaration.
  package var span: TextSpan
  /// Where the name itself stands: what an editor selects when jumping to the symbol.
  package var nameSpan: TextSpan

  package init(
    name: String, kind: SymbolKind, container: String?, signature: String?, span: TextSpan,
    nameSpan: TextSpan
  ) {
    self.name = name
    self.kind = kind
    self.container = container
    self.signature = signature
    self.span = span
    self.nameSpan = nameSpan
  }

  /// `Container.name`, or just the name at top level.
  package var qualifiedName: String {
    container.map { "\($0).\(name)" } ?? name
  }
}
