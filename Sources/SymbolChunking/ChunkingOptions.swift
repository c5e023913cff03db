/// Size limits that decide how declarations and uncovered code become chunks.
///
/// The defaults aim at embedding models with a context of about 512 tokens: a chunk of 80
/// lines or 4 KiB of code is roughly that much, so a whole chunk is seen by the model instead of
/// being truncated silently.
package struct ChunkingOptions: Sendable, Hashable {
  /// Declarations longer than this are split into overlapping parts (distinguished by ordinal).
  package var maxChunkLines: Int
  /// Declarations larger than this many UTF-8 bytes are split too, even when they have few lines.
  package var maxChunkBytes: Int
  /// Declarations with fewer lines are not chunks of their own: they stay in their container's
  /// chunk (or, at top level, in a line window) but are still reported as symbols. Three
  /// lines makes a short function or accessor a chunk of its own: against four, `sextant eval`
  /// found the answer's own chunk far more often (hybrid MRR@10 +17% to +62% on Go, Rust, Java
  /// and Swift repositories, level on Python) for 4–17% more chunks; two lines gained nothing.
  package var minChunkLines: Int
  /// Height of a fallback line window (files without a parser, code between declarations).
  package var windowLines: Int
  /// Lines repeated at the start of a window or of a split part from the end of the previous
  /// one, so that code around a cut is seen whole in at least one chunk.
  package var windowOverlap: Int
  /// The `ctags` executable to run; `nil` looks up `ctags` on `PATH`.
  package var ctagsPath: String?
  /// How long ctags may take for one file before it is killed and the file falls back to
  /// line windows. Generous because a healthy ctags answers in milliseconds: hitting it means
  /// the process is stuck.
  package var ctagsTimeoutSeconds: Double

  package init(
    maxChunkLines: Int = 80,
    maxChunkBytes: Int = 4096,
    minChunkLines: Int = 3,
    windowLines: Int = 40,
    windowOverlap: Int = 8,
    ctagsPath: String? = nil,
    ctagsTimeoutSeconds: Double = 10
  ) {
    self.maxChunkLines = maxChunkLines
    self.maxChunkBytes = maxChunkBytes
    self.minChunkLines = minChunkLines
    self.windowLines = windowLines
    self.windowOverlap = windowOverlap
    self.ctagsPath = ctagsPath
    self.ctagsTimeoutSeconds = ctagsTimeoutSeconds
  }

  /// The same options with every limit forced into a range the chunker can work with, so that
  /// odd settings (zero, negative, huge, an overlap as tall as a window) degrade instead of
  /// looping or overflowing.
  var sanitized: ChunkingOptions {
    var copy = self
    copy.maxChunkLines = min(max(2, maxChunkLines), Self.lineCeiling)
    copy.maxChunkBytes = min(max(64, maxChunkBytes), Self.byteCeiling)
    copy.minChunkLines = min(max(1, minChunkLines), Self.lineCeiling)
    copy.windowLines = min(max(2, windowLines), Self.lineCeiling)
    copy.windowOverlap = max(0, min(windowOverlap, min(copy.windowLines, copy.maxChunkLines) / 2))
    copy.ctagsTimeoutSeconds =
      ctagsTimeoutSeconds > 0 ? min(ctagsTimeoutSeconds, Self.timeoutCeiling) : 10
    return copy
  }

  private static let lineCeiling = 1 << 24
  private static let byteCeiling = 1 << 30
  private static let timeoutCeiling = 3600.0
}
