import SearchCore

/// Turns the text of a source file into its symbols and chunks.
///
/// Swift files are parsed with swift-syntax; other files go through universal-ctags; files
/// neither understands (or when ctags is missing or fails) are cut into line windows. Safe to
/// use from many threads: Swift parsing runs in parallel, requests to the single ctags process
/// are serialised.
package final class FileChunker: Sendable {
  private let options: ChunkingOptions
  private let ctags: CtagsDriver

  package init(options: ChunkingOptions = .init()) {
    self.options = options.sanitized
    self.ctags = CtagsDriver(
      executable: options.ctagsPath, timeoutSeconds: self.options.ctagsTimeoutSeconds)
  }

  deinit {
    ctags.shutdown()
  }

  /// Names the chunking rules and limits in force. An index records it, and re-chunks every
  /// file when it changes: otherwise a file untouched since an upgrade would keep chunks cut by
  /// the old rules. Bump ``rulesVersion`` with any change to what the planner or builder
  /// produce for the same text.
  package var format: String {
    "\(Self.rulesVersion) lines=\(options.minChunkLines)-\(options.maxChunkLines)"
      + " bytes=\(options.maxChunkBytes) window=\(options.windowLines)/\(options.windowOverlap)"
  }

  package static let rulesVersion = "sextant-chunks-v2"

  /// Whether ctags can be used (found, and not disabled after failing to start).
  package var isCtagsAvailable: Bool { ctags.isAvailable }

  /// Ends the ctags process; a later `chunk` call starts a new one if needed.
  package func shutdown() {
    ctags.shutdown()
  }

  /// Symbols and chunks of the file at workspace-relative `path` whose content is `text`.
  /// Never fails: whatever goes wrong degrades to line windows and a warning.
  package func chunk(path: String, text: String) -> ChunkedFile {
    let source = SourceText(text)
    if Self.isSwift(path) {
      let symbols = SwiftDeclarationCollector(source: source).symbols(in: text)
      return assemble(
        path: path, source: source, language: "Swift", symbols: symbols, chunker: .swiftSyntax,
        warnings: [])
    }
    let mappedLanguage = ctags.language(forPath: path)
    guard !source.isEmpty else {
      return ChunkedFile(
        language: mappedLanguage, chunker: .lineWindows, symbols: [], chunks: [], warnings: [])
    }
    if let mappedLanguage, LanguageSyntax.isWindowOnly(language: mappedLanguage) {
      return assemble(
        path: path, source: source, language: mappedLanguage, symbols: [], chunker: .lineWindows,
        warnings: [])
    }
    switch ctags.tags(forPath: path, content: source.bytes) {
    case .tags(let records):
      let language = records.lazy.compactMap(\.language).first ?? mappedLanguage
      guard let language, !LanguageSyntax.isWindowOnly(language: language) else {
        return assemble(
          path: path, source: source, language: language, symbols: [], chunker: .lineWindows,
          warnings: [])
      }
      let syntax = LanguageSyntax.forLanguage(language)
      let lines = LineClassification(source: source, syntax: syntax)
      let symbols = CtagsSymbolBuilder(
        source: source, lines: lines, syntax: syntax, language: language
      ).symbols(from: records)
      return assemble(
        path: path, source: source, language: language, symbols: symbols, lines: lines,
        chunker: .ctags, warnings: [])
    case .unavailable(let reason):
      return assemble(
        path: path, source: source, language: mappedLanguage, symbols: [], chunker: .lineWindows,
        warnings: ["\(reason); the file is indexed as line windows"])
    case .failed(let reason):
      return assemble(
        path: path, source: source, language: mappedLanguage, symbols: [], chunker: .lineWindows,
        warnings: ["\(reason); the file is indexed as line windows"])
    }
  }

  // MARK: - Test hooks

  /// The process ID of the running ctags, if one runs.
  var ctagsProcessIdentifier: Int32? { ctags.processIdentifier }

  /// Kills the ctags process as a crash would; the next file must still be chunked by ctags.
  @discardableResult
  func killCtagsProcess() -> Bool { ctags.killProcess() }

  // MARK: - Assembly

  private static func isSwift(_ path: String) -> Bool {
    path.hasSuffix(".swift") || path.hasSuffix(".swiftinterface")
  }

  /// Plans and builds the chunks. A file that yielded no symbols is reported as line windows,
  /// whatever parsed it, because that is what its chunks are.
  private func assemble(
    path: String, source: SourceText, language: String?, symbols: [Symbol],
    lines: LineClassification? = nil, chunker: ChunkerKind, warnings: [String]
  ) -> ChunkedFile {
    let lines = lines ?? LineClassification(source: source, syntax: .forLanguage(language))
    let pieces = ChunkPlanner(source: source, lines: lines, options: options).pieces(for: symbols)
    let chunks = ChunkBuilder(
      source: source, lines: lines, options: options, path: path, language: language
    ).chunks(for: pieces)
    let ordered = symbols.sorted {
      ($0.span.bytes.lowerBound, -$0.span.bytes.upperBound)
        < ($1.span.bytes.lowerBound, -$1.span.bytes.upperBound)
    }
    return ChunkedFile(
      language: language, chunker: symbols.isEmpty ? .lineWindows : chunker, symbols: ordered,
      chunks: chunks, warnings: warnings)
  }
}
