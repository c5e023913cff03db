/// The outcome of scanning a workspace: what to index and what was left out, and why.
package struct ScanReport: Sendable {
  /// Files to index, sorted by the UTF-8 bytes of their relative path (git's order).
  package var files: [ScannedFile]
  /// How many entries were skipped for each reason. A skipped folder counts once and what is
  /// beneath it is not visited, so the numbers are comparable between git and walker mode.
  package var skipped: [SkipReason: Int]
  /// A few skipped paths per reason, sorted, for logging.
  package var skipExamples: [SkipReason: [String]]
  /// Whether git listed the files (as opposed to the directory walker).
  package var usedGit: Bool
  /// Why git was not used although ``ScanOptions/useGit`` asked for it (not a work tree,
  /// git missing, git failed); `nil` when git was used or not asked for.
  package var gitFallbackReason: String?

  package init(
    files: [ScannedFile], skipped: [SkipReason: Int], skipExamples: [SkipReason: [String]],
    usedGit: Bool, gitFallbackReason: String?
  ) {
    self.files = files
    self.skipped = skipped
    self.skipExamples = skipExamples
    self.usedGit = usedGit
    self.gitFallbackReason = gitFallbackReason
  }

  /// Total number of skipped entries over all reasons.
  package var skippedCount: Int { skipped.values.reduce(0, +) }
}
