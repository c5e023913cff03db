/// Why an entry of the workspace was left out of the index.
///
/// Paths that `.gitignore` (or git itself) excludes are not skips: they are not part of the
/// workspace at all, so they are neither counted nor reported.
package enum SkipReason: String, Sendable, Hashable, CaseIterable {
  /// Larger than ``ScanOptions/maxFileBytes``.
  case tooLarge
  /// Looks like binary content; see ``ContentSniffer``.
  case binary
  /// A generated or vendored folder from ``GeneratedPaths``; counted once per folder.
  case generatedFolder
  /// A generated file such as a minified bundle or a lock file, from ``GeneratedPaths``.
  case generatedFile
  /// A file that commonly holds secrets (``SecretFiles``) and is not allowed by
  /// ``ScanOptions/allowedSecretPatterns``.
  case secretFile
  /// Excluded by a `.sextantignore` file or ``ScanOptions/extraIgnorePatterns``; a folder
  /// counts once.
  case sextantIgnore
  /// Could not be examined or read (permissions, vanished mid-scan, dangling link).
  case unreadable
  /// A symbolic link that was not followed.
  case symlink
  /// A FIFO, socket, device or other entry that is neither a file nor a folder.
  case notRegularFile
  /// The name is not valid UTF-8, so it cannot be a `String` path or an editor URI.
  case undecodableName
}
