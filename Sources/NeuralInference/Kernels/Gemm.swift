import CBLAS

/// The encoder's matrix products, all row-major single precision through OpenBLAS.
enum Gemm {
  /// C[m×n] = A[m×k] · Bᵀ (+ C when `accumulating`), where B is stored `n × k`: the layout of
  /// a PyTorch `Linear` weight (out × in), so weights are used as mapped, never transposed.
  ///
  /// Accumulating lets a layer start C with its bias (and residual) and skip BLAS's separate
  /// pass that zeroes C, as well as a later pass that would add them.
  @inline(__always)
  static func multiplyTransposed(
    _ a: UnsafePointer<Float>, rows m: Int, inner k: Int, lda: Int,
    _ b: UnsafePointer<Float>, columns n: Int, ldb: Int,
    into c: UnsafeMutablePointer<Float>, ldc: Int, accumulating: Bool = false
  ) {
    cblas_sgemm(
      CblasRowMajor, CblasNoTrans, CblasTrans, blasint(m), blasint(n), blasint(k), 1,
      a, blasint(lda), b, blasint(ldb), accumulating ? 1 : 0, c, blasint(ldc))
  }

  /// C[m×n] = A[m×k] · B[k×n].
  @inline(__always)
  static func multiply(
    _ a: UnsafePointer<Float>, rows m: Int, inner k: Int, lda: Int,
    _ b: UnsafePointer<Float>, columns n: Int, ldb: Int,
    into c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k), 1,
      a, blasint(lda), b, blasint(ldb), 0, c, blasint(ldc))
  }
}
