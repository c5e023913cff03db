/// What a workspace scan takes in and what it leaves out.
///
/// The defaults suit a code index: sources are small text files, so anything larger than
/// 1 MiB is almost always data, a bundle or a generated dump that would only dilute results.
package struct ScanOptions: Sendable, Hashable {
  /// Files larger than this many bytes are skipped as ``SkipReason/tooLarge``.
  package var maxFileBytes: Int
  /// Index the targets of symbolic links to files. Links to directories are never descended:
  /// they invite cycles, can lead out of the workspace, and git itself sees a link as one entry.
  package var followSymlinks: Bool
  /// Extra `.gitignore`-syntax lines applied as if they opened the root `.sextantignore`,
  /// so that file can still re-include what they exclude with `!`.
  package var extraIgnorePatterns: [String]
  /// `.gitignore`-syntax patterns of files to index although ``SecretFiles`` names them.
  package var allowedSecretPatterns: [String] = []
  /// Ask git for the file list when the root is inside a work tree. Off forces the walker,
  /// which tests use to compare both modes on the same tree.
  package var useGit: Bool
  /// At most this many example paths are kept per skip reason, for logging.
  package var examplesPerReason: Int

  package init(
    maxFileBytes: Int = 1 << 20, followSymlinks: Bool = false, extraIgnorePatterns: [String] = [],
    useGit: Bool = true, examplesPerReason: Int = 5
  ) {
    self.maxFileBytes = maxFileBytes
    self.followSymlinks = followSymlinks
    self.extraIgnorePatterns = extraIgnorePatterns
    self.useGit = useGit
    self.examplesPerReason = examplesPerReason
  }
}
