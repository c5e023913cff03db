/// A heap buffer of floats aligned to 64 bytes (a cache line, and the width of the widest
/// SIMD register), zero-filled and freed with the object. Workspaces and load-time weight
/// copies use it so kernels never straddle cache lines at row starts.
final class AlignedFloatBuffer: @unchecked Sendable {
  // @unchecked: sharing is the owner's business; workspaces are used by one thread at a time
  // and weight copies are written once before they are shared.

  static let alignment = 64

  /// Valid even for `count == 0`: at least one element is always allocated.
  let pointer: UnsafeMutablePointer<Float>
  let count: Int

  init(count: Int) {
    let capacity = max(count, 1)
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: capacity * MemoryLayout<Float>.stride, alignment: Self.alignment)
    pointer = raw.initializeMemory(as: Float.self, repeating: 0, count: capacity)
    self.count = count
  }

  var storage: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: pointer, count: count)
  }

  deinit {
    pointer.deallocate()
  }
}
