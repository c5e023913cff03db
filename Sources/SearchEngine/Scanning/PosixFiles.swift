#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thin wrappers over the POSIX calls the scan makes per entry.
///
/// The scan touches every file of a workspace, so it calls `lstat`, `open` and `readdir`
/// directly on byte paths: no `URL` or `FileManager` allocation per entry, and names that
/// are not valid UTF-8 can still be examined (and reported) instead of silently mangled.
enum PosixFiles {
  /// The kind of a directory entry, as far as the scan cares.
  enum EntryKind: Sendable, Hashable {
    case regular, directory, symlink, other
  }

  /// What `lstat`/`stat` report about an entry.
  struct Status: Sendable, Hashable {
    var kind: EntryKind
    var size: Int
    var modifiedNanoseconds: Int64
  }

  /// Calls `body` with `path` as a NUL-terminated C string.
  static func withCString<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
    var terminated = path.map { CChar(bitPattern: $0) }
    terminated.append(0)
    return body(terminated)
  }

  /// `lstat` (or `stat` when `followLinks`), `nil` when the entry cannot be examined.
  static func status(_ path: [UInt8], followLinks: Bool = false) -> Status? {
    var info = stat()
    let result = withCString(path) { followLinks ? stat($0, &info) : lstat($0, &info) }
    guard result == 0 else { return nil }
    #if canImport(Darwin)
      let modified = info.st_mtimespec
    #else
      let modified = info.st_mtim
    #endif
    return Status(
      kind: kind(ofMode: info.st_mode), size: Int(info.st_size),
      modifiedNanoseconds: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec))
  }

  static func kind(ofMode mode: mode_t) -> EntryKind {
    switch mode & S_IFMT {
    case S_IFREG: .regular
    case S_IFDIR: .directory
    case S_IFLNK: .symlink
    default: .other
    }
  }

  /// Whether anything (of any kind, even a dangling link) exists at `path`.
  static func exists(_ path: [UInt8]) -> Bool {
    status(path) != nil
  }

  /// Reads at most `limit` bytes from the start of the file. `nil` when it cannot be opened
  /// or read. Symbolic links are refused when `followLinks` is false.
  static func readPrefix(_ path: [UInt8], limit: Int, followLinks: Bool = true) -> [UInt8]? {
    // O_NONBLOCK: a FIFO that replaced a regular file mid-scan must not hang the scan.
    var flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK
    if !followLinks { flags |= O_NOFOLLOW }
    let fd = withCString(path) { open($0, flags) }
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: limit)
    var filled = 0
    while filled < limit {
      let count = bytes.withUnsafeMutableBytes { raw in
        read(fd, raw.baseAddress.map { $0 + filled }, limit - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { break }
      filled += count
    }
    bytes.removeSubrange(filled...)
    return bytes
  }

  /// Names in the directory at `path` with the kind `readdir` reports (`nil` when it does
  /// not know and the caller must `lstat`), sorted by bytes; `nil` if it cannot be opened.
  static func listDirectory(_ path: [UInt8]) -> [(name: [UInt8], kind: EntryKind?)]? {
    guard let dir = withCString(path, { opendir($0) }) else { return nil }
    defer { closedir(dir) }
    var entries: [(name: [UInt8], kind: EntryKind?)] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> [UInt8] in
        let length = raw.firstIndex(of: 0) ?? raw.count
        return Array(raw[0..<length])
      }
      if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] {
        continue
      }
      let kind: EntryKind? =
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_REG): .regular
        case Int32(DT_DIR): .directory
        case Int32(DT_LNK): .symlink
        case Int32(DT_UNKNOWN): nil
        default: .other
        }
      entries.append((name, kind))
    }
    entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
    return entries
  }
}
