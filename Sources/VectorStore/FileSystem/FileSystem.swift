/// The file operations the vector store performs, behind one seam.
///
/// Durability is decided by the order of writes, fsyncs and renames; tests swap in
/// ``SimulatedFileSystem`` to drop unsynced writes and crash between any two of those steps,
/// then check that the store reopens at its last committed generation.
package protocol FileSystem: Sendable {
  /// Creates (or truncates) a file for writing.
  func createFile(atPath path: String) throws(FileSystemError) -> any WritableFile
  /// Renames atomically, replacing any file at `destination`.
  func rename(_ source: String, to destination: String) throws(FileSystemError)
  /// Makes the directory's entries (creations, renames, removals) durable.
  func syncDirectory(atPath path: String) throws(FileSystemError)
  func removeFile(atPath path: String) throws(FileSystemError)
  func createDirectory(atPath path: String) throws(FileSystemError)
  /// Names (not paths) of the entries of a directory; empty when it does not exist.
  func contentsOfDirectory(atPath path: String) throws(FileSystemError) -> [String]
  /// The whole file, read into memory (manifests: small).
  func readFile(atPath path: String) throws(FileSystemError) -> [UInt8]
  /// The file mapped read-only (segments: large, read in place).
  func mapFile(atPath path: String) throws(FileSystemError) -> MappedRegion
  func fileSize(atPath path: String) throws(FileSystemError) -> Int
}

/// A file open for appending.
package protocol WritableFile: AnyObject {
  func write(_ bytes: UnsafeRawBufferPointer) throws(FileSystemError)
  /// Makes everything written so far durable (fsync).
  func sync() throws(FileSystemError)
  func close() throws(FileSystemError)
}

extension WritableFile {
  func write(_ bytes: [UInt8]) throws(FileSystemError) {
    let result = bytes.withUnsafeBytes { raw in Result { () throws(FileSystemError) in try write(raw) } }
    try result.get()
  }
}

/// Read-only bytes of a file that stay valid as long as this object lives.
package final class MappedRegion: @unchecked Sendable {
  package let bytes: UnsafeRawBufferPointer
  private let release: @Sendable (UnsafeRawBufferPointer) -> Void

  package init(bytes: UnsafeRawBufferPointer, release: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
    self.bytes = bytes
    self.release = release
  }

  deinit { release(bytes) }
}

/// A failed file operation, with the path and the system's reason.
package struct FileSystemError: Error, CustomStringConvertible, Sendable, Equatable {
  package var operation: String
  package var path: String
  package var reason: String

  package init(_ operation: String, _ path: String, _ reason: String) {
    self.operation = operation
    self.path = path
    self.reason = reason
  }

  package var description: String { "\(operation) \(path): \(reason)" }
}
