import Foundation
import SearchCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file's size and modification time, read with one `stat` call: the cheap check that lets an
/// unchanged file cost nothing on a re-index.
struct FileStat: Hashable {
  var size: Int
  var modifiedNanoseconds: Int64

  init(size: Int, modifiedNanoseconds: Int64) {
    self.size = size
    self.modifiedNanoseconds = modifiedNanoseconds
  }

  /// `nil` when the file is gone or not a regular file.
  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    size = Int(info.st_size)
    #if canImport(Darwin)
      modifiedNanoseconds = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
    #else
      modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    #endif
  }
}

/// A file's content as read for indexing: the bytes' hash and the text the chunkers see.
struct FileContent {
  var text: String
  var hash: ContentHash
  var size: Int

  /// Invalid UTF-8 is replaced (U+FFFD) rather than failing: the text is for search, and the
  /// hash is of the original bytes, so change detection stays exact.
  init(bytes: Data) {
    hash = bytes.withUnsafeBytes { ContentHash.of(bytes: $0) }
    text = String(decoding: bytes, as: UTF8.self)
    size = bytes.count
  }

  init(text: String) {
    self.text = text
    hash = ContentHash.of(text)
    size = text.utf8.count
  }
}
