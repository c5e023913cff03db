/// An owned, 64-byte-aligned copy of an index file, for callers that have bytes rather than a
/// mapping (tests, network). Indexes loaded from it borrow from it and keep it alive.
package final class IndexBytes: @unchecked Sendable {
  // @unchecked: written once in init, read-only afterwards.
  package let buffer: UnsafeRawBufferPointer

  package init(_ bytes: [UInt8]) {
    let raw = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(bytes.count, 1), alignment: IndexFileHeader.alignment)
    bytes.withUnsafeBytes { source in
      if let from = source.baseAddress, let to = raw.baseAddress { to.copyMemory(from: from, byteCount: bytes.count) }
    }
    buffer = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(raw)[0..<bytes.count])
  }

  deinit {
    UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.deallocate()
  }
}
