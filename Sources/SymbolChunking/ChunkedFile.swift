import SearchCore

/// Which chunker's view of the file shaped its chunks.
package enum ChunkerKind: String, Sendable, Hashable {
  /// Declarations came from swift-syntax (Swift files).
  case swiftSyntax
  /// Declarations came from universal-ctags.
  case ctags
  /// No declarations were found or no parser applied: the file is covered by line windows.
  case lineWindows
}

/// Everything the chunker learned about one file.
package struct ChunkedFile: Sendable, Hashable {
  /// The language as ctags names it (`Python`, `Go`, `Swift` …), `nil` when unknown.
  package var language: String?
  package var chunker: ChunkerKind
  /// Every declaration found, in file order, including those too small to be chunks.
  package var symbols: [Symbol]
  /// The chunks in file order; their texts are exact slices of the file.
  package var chunks: [Chunk]
  /// Why the file got a worse treatment than its language allows (ctags missing, crashed …).
  package var warnings: [String]

  package init(
    language: String?, chunker: ChunkerKind, symbols: [Symbol], chunks: [Chunk],
    warnings: [String]
  ) {
    self.language = language
    self.chunker = chunker
    self.symbols = symbols
    self.chunks = chunks
    self.warnings = warnings
  }
}
