import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An `.fvecs` file mapped read-only, serving exact vectors by row for rescoring, the way the
/// production vector store serves them from its memory-mapped segments: nothing is copied into
/// the heap, pages come in as they are touched.
package final class MappedVectorFile: @unchecked Sendable {
  // @unchecked: the mapping is read-only for its whole life.
  package let dimension: Int
  package let rows: Int
  private let base: UnsafeRawPointer
  private let length: Int

  package init(path: String) throws(TexmexError) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    let length = Int(status.st_size)
    guard length >= 4 else { throw .truncatedRow(row: 0, offset: 0) }
    guard let mapping = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED else {
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    let base = UnsafeRawPointer(mapping)
    let width = Int32(littleEndian: base.loadUnaligned(as: Int32.self))
    guard width > 0, Int(width) <= TexmexFormat.maximumDimension else {
      munmap(mapping, length)
      throw .invalidDimension(row: 0, value: width)
    }
    let rowBytes = 4 + 4 * Int(width)
    guard length % rowBytes == 0 else {
      munmap(mapping, length)
      throw .truncatedRow(row: length / rowBytes, offset: (length / rowBytes) * rowBytes)
    }
    self.base = base
    self.length = length
    self.dimension = Int(width)
    self.rows = length / rowBytes
  }

  /// Copies row `row` into `buffer` (which must hold `dimension` floats); false if out of range.
  @inline(__always)
  package func copyRow(_ row: Int, into buffer: UnsafeMutableBufferPointer<Float>) -> Bool {
    guard row >= 0, row < rows, buffer.count >= dimension, let target = buffer.baseAddress else { return false }
    UnsafeMutableRawPointer(target).copyMemory(from: base + row * (4 + 4 * dimension) + 4, byteCount: 4 * dimension)
    return true
  }

  deinit {
    munmap(UnsafeMutableRawPointer(mutating: base), length)
  }
}
