import Foundation
import SearchCore

/// A file's size and modification time: the cheap check that lets an unchanged file cost
/// nothing on a re-index. A full run takes them from the scan; single-file updates stat once.
struct FileStat: Hashable {
  var size: Int
  var modifiedNanoseconds: Int64

  init(size: Int, modifiedNanoseconds: Int64) {
    self.size = size
    self.modifiedNanoseconds = modifiedNanoseconds
  }

  /// `nil` when the file is gone or not a regular file (links are followed).
  init?(path: String) {
    guard let status = PosixFiles.status(Array(path.utf8), followLinks: true), status.kind == .regular else {
      return nil
    }
    size = status.size
    modifiedNanoseconds = status.modifiedNanoseconds
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
