/// Lane-wise sign extension to `Int32`, written out lane by lane on purpose.
///
/// With constant lane indices LLVM folds the sixteen extract/insert pairs into a single vector
/// `sext` (`vpmovsxbw`/`vpmovsxwd`), which then takes part in the `vpmaddwd` pattern of
/// `Int8Kernels`. The equivalent loop or the standard library's converting initialiser is not
/// folded (see `Int8Kernels`).
enum Widening {
  @inline(__always)
  static func int32(_ v: SIMD16<Int8>) -> SIMD16<Int32> {
    var r = SIMD16<Int32>()
    r[0] = Int32(v[0])
    r[1] = Int32(v[1])
    r[2] = Int32(v[2])
    r[3] = Int32(v[3])
    r[4] = Int32(v[4])
    r[5] = Int32(v[5])
    r[6] = Int32(v[6])
    r[7] = Int32(v[7])
    r[8] = Int32(v[8])
    r[9] = Int32(v[9])
    r[10] = Int32(v[10])
    r[11] = Int32(v[11])
    r[12] = Int32(v[12])
    r[13] = Int32(v[13])
    r[14] = Int32(v[14])
    r[15] = Int32(v[15])
    return r
  }

  @inline(__always)
  static func int32(_ v: SIMD16<Int16>) -> SIMD16<Int32> {
    var r = SIMD16<Int32>()
    r[0] = Int32(v[0])
    r[1] = Int32(v[1])
    r[2] = Int32(v[2])
    r[3] = Int32(v[3])
    r[4] = Int32(v[4])
    r[5] = Int32(v[5])
    r[6] = Int32(v[6])
    r[7] = Int32(v[7])
    r[8] = Int32(v[8])
    r[9] = Int32(v[9])
    r[10] = Int32(v[10])
    r[11] = Int32(v[11])
    r[12] = Int32(v[12])
    r[13] = Int32(v[13])
    r[14] = Int32(v[14])
    r[15] = Int32(v[15])
    return r
  }
}

extension UnsafePointer<Int8> {
  /// Sixteen bytes starting here; no alignment needed.
  @inline(__always)
  func load16(at offset: Int) -> SIMD16<Int8> {
    UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD16<Int8>.self)
  }
}

extension UnsafePointer<Int16> {
  @inline(__always)
  func load16(at offset: Int) -> SIMD16<Int16> {
    UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD16<Int16>.self)
  }
}
