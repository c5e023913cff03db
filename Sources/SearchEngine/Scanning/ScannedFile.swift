import Foundation

/// A file the scan decided to index.
package struct ScannedFile: Sendable, Hashable {
  /// Path relative to the scanned root, `/`-separated, never starting with `./` or `/`.
  package var relativePath: String
  package var size: Int
  /// Modification time in nanoseconds since the Unix epoch: exact, so comparing two scans
  /// tells reliably whether a file may have changed without rounding through `Date`.
  package var modifiedNanoseconds: Int64

  package init(relativePath: String, size: Int, modifiedNanoseconds: Int64) {
    self.relativePath = relativePath
    self.size = size
    self.modifiedNanoseconds = modifiedNanoseconds
  }

  /// The modification time as a `Date`, for display and logging.
  package var modified: Date {
    Date(timeIntervalSince1970: Double(modifiedNanoseconds) / 1_000_000_000)
  }
}
