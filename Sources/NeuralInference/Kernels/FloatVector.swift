/// The vector width of every SIMD kernel: sixteen floats, two AVX2 registers or one AVX-512
/// register, enough to keep the FMA units busy without spilling.
typealias FloatVector = SIMD16<Float>

extension FloatVector {
  /// The lane-wise larger value. Written as a compare-and-select because that compiles to
  /// vector instructions, while the standard `pointwiseMax` (NaN-aware) and `clamped` are
  /// lowered lane by lane through memory, which made them the hottest code of the encoder.
  @inline(__always)
  func lanewiseMax(_ other: FloatVector) -> FloatVector {
    replacing(with: other, where: other .> self)
  }

  @inline(__always)
  func lanewiseMin(_ other: FloatVector) -> FloatVector {
    replacing(with: other, where: other .< self)
  }

  /// Each lane limited to `[lower, upper]`; NaN lanes stay NaN.
  @inline(__always)
  func limited(to lower: Float, _ upper: Float) -> FloatVector {
    lanewiseMax(FloatVector(repeating: lower)).lanewiseMin(FloatVector(repeating: upper))
  }
}

extension UnsafePointer<Float> {
  /// Sixteen floats starting here; no alignment needed.
  @inline(__always)
  func loadVector(at offset: Int) -> FloatVector {
    UnsafeRawPointer(self + offset).loadUnaligned(as: FloatVector.self)
  }
}

extension UnsafeMutablePointer<Float> {
  @inline(__always)
  func loadVector(at offset: Int) -> FloatVector {
    UnsafeRawPointer(self + offset).loadUnaligned(as: FloatVector.self)
  }

  @inline(__always)
  func storeVector(_ vector: FloatVector, at offset: Int) {
    UnsafeMutableRawPointer(self + offset).storeBytes(of: vector, as: FloatVector.self)
  }
}
