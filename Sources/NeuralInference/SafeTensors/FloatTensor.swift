/// A read-only F32 tensor: its shape and its elements in row-major order.
///
/// The elements usually point straight into a mapped safetensors file; `owner` keeps that
/// mapping (or the tensor's own buffer, when one had to be made) alive as long as the tensor.
package struct FloatTensor: @unchecked Sendable {
  // @unchecked: the elements are never written after creation, and `owner` keeps them valid.

  package let shape: [Int]
  package let count: Int
  /// The first element (valid even when the tensor is empty). Only valid while this tensor,
  /// or a copy of it, is alive: the kernels use it on weights that the model holds.
  let pointer: UnsafePointer<Float>
  private let owner: AnyObject

  init(shape: [Int], pointer: UnsafePointer<Float>, count: Int, owner: AnyObject) {
    self.shape = shape
    self.pointer = pointer
    self.count = count
    self.owner = owner
  }

  /// A tensor that owns a copy of `values`, for weights the model rearranges at load time.
  package init(shape: [Int], copying values: some Collection<Float>) {
    let buffer = AlignedFloatBuffer(count: values.count)
    _ = buffer.storage.initialize(from: values)
    self.init(
      shape: shape, pointer: UnsafePointer(buffer.pointer), count: values.count, owner: buffer)
  }

  /// Calls `body` with the elements, which stay valid for the duration of the call.
  package func withElements<Result>(
    _ body: (UnsafeBufferPointer<Float>) throws -> Result
  ) rethrows -> Result {
    try withExtendedLifetime(owner) {
      try body(UnsafeBufferPointer(start: pointer, count: count))
    }
  }

  /// A copy of the elements.
  package var values: [Float] { withElements(Array.init) }
}
