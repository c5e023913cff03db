#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds an executable the way a shell would, so that `ctags` resolves to the same program a
/// developer gets on the command line.
enum ExecutableLocator {
  /// `name` itself when it contains a `/`, else the first match in the directories of `PATH`;
  /// `nil` when nothing executable is there.
  static func locate(_ name: String, path: String? = environmentPath()) -> String? {
    guard !name.isEmpty else { return nil }
    if name.contains("/") {
      return isExecutableFile(name) ? name : nil
    }
    for directory in (path ?? "").split(separator: ":", omittingEmptySubsequences: true) {
      let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
      if isExecutableFile(candidate) { return candidate }
    }
    return nil
  }

  static func environmentPath() -> String? {
    getenv("PATH").map { String(cString: $0) }
  }

  private static func isExecutableFile(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
    return access(path, X_OK) == 0
  }
}
