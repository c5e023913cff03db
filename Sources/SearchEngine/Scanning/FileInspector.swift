#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Examines one candidate file: its kind, size and first bytes.
enum FileInspector {
  enum Outcome: Sendable, Hashable {
    /// A text file to index.
    case indexable(size: Int, modifiedNanoseconds: Int64)
    case skipped(SkipReason)
    /// A real directory (not a link to one); the caller decides whether to descend.
    case directory
    /// Nothing there any more: a tracked file deleted from the work tree, or a race with an
    /// editor. Not a skip: the file is simply not part of the workspace now.
    case missing
  }

  /// Applies the size, kind and content rules to the entry at `path` (absolute), whose
  /// `lstat` result the caller may pass when it already has it.
  static func inspect(
    _ path: [UInt8], status known: PosixFiles.Status? = nil, options: ScanOptions
  ) -> Outcome {
    guard var status = known ?? PosixFiles.status(path) else {
      return errno == ENOENT || errno == ENOTDIR ? .missing : .skipped(.unreadable)
    }
    if status.kind == .symlink {
      guard options.followSymlinks else { return .skipped(.symlink) }
      guard let target = PosixFiles.status(path, followLinks: true) else {
        return .skipped(.unreadable)
      }
      if target.kind == .directory { return .skipped(.symlink) }
      status = target
    }
    switch status.kind {
    case .directory: return .directory
    case .symlink, .other: return .skipped(.notRegularFile)
    case .regular: break
    }
    if status.size > options.maxFileBytes { return .skipped(.tooLarge) }
    if status.size > 0 {
      guard let sample = PosixFiles.readPrefix(path, limit: ContentSniffer.sampleSize) else {
        return .skipped(.unreadable)
      }
      if ContentSniffer.isBinary(sample, fileSize: status.size) { return .skipped(.binary) }
    }
    return .indexable(size: status.size, modifiedNanoseconds: status.modifiedNanoseconds)
  }
}
