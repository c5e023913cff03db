/// Why the vector store could not do what was asked, in words fit for a log or a status line.
package enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
  case fileSystem(FileSystemError)
  case corruptSegment(String, String)
  case corruptBlock(segment: String, block: Int)
  case corruptManifest(String, String)
  case unknownCodec(String)
  case invalidArgument(String)

  package var description: String {
    switch self {
    case .fileSystem(let error): "vector store: \(error)"
    case .corruptSegment(let name, let why): "vector store: segment \(name) is damaged: \(why)"
    case .corruptBlock(let name, let block): "vector store: block \(block) of segment \(name) fails its checksum"
    case .corruptManifest(let name, let why): "vector store: manifest \(name) is damaged: \(why)"
    case .unknownCodec(let tag): "vector store: unknown codec '\(tag)'"
    case .invalidArgument(let why): "vector store: \(why)"
    }
  }

  /// Runs a file operation, turning its failure into a store error.
  static func wrap<T>(_ body: () throws(FileSystemError) -> T) throws(StoreError) -> T {
    do { return try body() } catch { throw .fileSystem(error) }
  }
}
