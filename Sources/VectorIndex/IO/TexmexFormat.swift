import Foundation

/// Rows of equal width read from or written to the TEXMEX formats of the ANN benchmarks
/// (`.fvecs`, `.ivecs`): each row is a little-endian `Int32` width followed by that many 4-byte
/// values.
package struct TexmexMatrix<Element: TexmexScalar>: Sendable {
  package var dimension: Int
  /// `rows × dimension`, row-major.
  package var values: [Element]

  package init(dimension: Int, values: [Element]) {
    self.dimension = dimension
    self.values = values
  }

  package var rows: Int { dimension > 0 ? values.count / dimension : 0 }
}

/// The 4-byte element types of the TEXMEX files: `Float` (`.fvecs`) and `Int32` (`.ivecs`).
package protocol TexmexScalar: BitwiseCopyable, Sendable {}
extension Float: TexmexScalar {}
extension Int32: TexmexScalar {}

package enum TexmexError: Error, Equatable, Sendable {
  case unreadable(path: String, reason: String)
  case unwritable(path: String, reason: String)
  /// Row `row` starts at byte `offset` but the data ends before the row does.
  case truncatedRow(row: Int, offset: Int)
  /// Row `row` declares `found` values where earlier rows had `expected`.
  case inconsistentDimension(row: Int, expected: Int, found: Int)
  /// A row declares a width that is zero, negative or absurd.
  case invalidDimension(row: Int, value: Int32)
  /// The values given to an encoder are not a whole number of rows.
  case raggedValues(count: Int, dimension: Int)
}

package enum TexmexFormat {
  /// Widths above this are rejected as corrupt rather than allocated.
  static let maximumDimension = 1 << 20

  package static func decode<Element: TexmexScalar>(
    _ bytes: UnsafeRawBufferPointer, as type: Element.Type = Element.self
  ) throws(TexmexError) -> TexmexMatrix<Element> {
    guard bytes.count > 0 else { return TexmexMatrix(dimension: 0, values: []) }
    guard bytes.count >= 4 else { throw .truncatedRow(row: 0, offset: 0) }
    let first = Int32(littleEndian: bytes.loadUnaligned(as: Int32.self))
    guard first > 0, Int(first) <= maximumDimension else { throw .invalidDimension(row: 0, value: first) }
    let dimension = Int(first)
    let rowBytes = 4 + 4 * dimension
    let rows = bytes.count / rowBytes
    // Validate every row header first, so the copy below cannot run past the data.
    var offset = 0
    var row = 0
    while offset < bytes.count {
      guard bytes.count - offset >= 4 else { throw .truncatedRow(row: row, offset: offset) }
      let width = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
      guard width > 0, Int(width) <= maximumDimension else { throw .invalidDimension(row: row, value: width) }
      guard Int(width) == dimension else {
        throw .inconsistentDimension(row: row, expected: dimension, found: Int(width))
      }
      guard bytes.count - offset >= rowBytes else { throw .truncatedRow(row: row, offset: offset) }
      offset += rowBytes
      row += 1
    }
    let values = [Element](unsafeUninitializedCapacity: rows * dimension) { buffer, initialized in
      guard let target = UnsafeMutableRawPointer(buffer.baseAddress), let source = bytes.baseAddress else {
        initialized = 0
        return
      }
      for row in 0..<rows {
        (target + row * dimension * 4).copyMemory(from: source + row * rowBytes + 4, byteCount: dimension * 4)
      }
      initialized = rows * dimension
    }
    return TexmexMatrix(dimension: dimension, values: values)
  }

  package static func encode<Element: TexmexScalar>(_ matrix: TexmexMatrix<Element>) throws(TexmexError) -> [UInt8] {
    let dimension = matrix.dimension
    guard dimension > 0, matrix.values.count % dimension == 0 else {
      throw .raggedValues(count: matrix.values.count, dimension: dimension)
    }
    var bytes = [UInt8]()
    bytes.reserveCapacity(matrix.rows * (4 + 4 * dimension))
    matrix.values.withUnsafeBytes { raw in
      for row in 0..<matrix.rows {
        withUnsafeBytes(of: Int32(dimension).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: raw[(row * dimension * 4)..<((row + 1) * dimension * 4)])
      }
    }
    return bytes
  }

  /// Reads a `.fvecs` file.
  package static func readFloatVectors(path: String) throws(TexmexError) -> TexmexMatrix<Float> {
    try read(path: path)
  }

  /// Reads an `.ivecs` file (ground truth neighbour lists).
  package static func readIntVectors(path: String) throws(TexmexError) -> TexmexMatrix<Int32> {
    try read(path: path)
  }

  package static func write<Element: TexmexScalar>(_ matrix: TexmexMatrix<Element>, path: String) throws(TexmexError) {
    let bytes = try encode(matrix)
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw .unwritable(path: path, reason: "\(error)")
    }
  }

  private static func read<Element: TexmexScalar>(path: String) throws(TexmexError) -> TexmexMatrix<Element> {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw .unreadable(path: path, reason: "\(error)")
    }
    let result: Result<TexmexMatrix<Element>, TexmexError> = data.withUnsafeBytes { raw in
      do throws(TexmexError) {
        return .success(try decode(raw, as: Element.self))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}
