import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Keeps the protocol's stdout away from everything else that might print.
enum StandardOutputGuard {
  /// The descriptor the language server writes messages to (a duplicate of the original fd 1).
  nonisolated(unsafe) static var protocolFileDescriptor: Int32 = 1

  /// Duplicates fd 1 for the protocol and points fd 1 at stderr; returns the duplicate.
  static func divert() -> Int32 {
    let copy = dup(STDOUT_FILENO)
    guard copy >= 0 else { return STDOUT_FILENO }
    dup2(STDERR_FILENO, STDOUT_FILENO)
    return copy
  }

  /// Puts the original stdout back (for headless commands, whose output is their result).
  static func restore(_ copy: Int32) {
    guard copy != STDOUT_FILENO else { return }
    dup2(copy, STDOUT_FILENO)
    close(copy)
  }
}
