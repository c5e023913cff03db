/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations.
///
/// PCA needs this once per training, on a `d × d` covariance (d = 384): a few seconds at most,
/// so the simplest robust method wins over a faster tridiagonal QL. Jacobi converges
/// quadratically and yields orthonormal eigenvectors to working precision.
package enum SymmetricEigen {
  /// Eigenvalues in descending order with the matching unit eigenvectors as rows
  /// (`vectors[i * n ..< (i + 1) * n]` belongs to `values[i]`). `matrix` is row-major `n × n` and
  /// only its upper triangle is trusted.
  package static func decompose(_ matrix: [Double], size n: Int, maximumSweeps: Int = 50) -> (
    values: [Double], vectors: [Double]
  ) {
    guard n > 0, matrix.count == n * n else { return ([], []) }
    var a = matrix
    for i in 0..<n {
      for j in 0..<i { a[i * n + j] = a[j * n + i] }
    }
    // Rows of `v` are the eigenvectors: each rotation updates two contiguous rows.
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }

    for _ in 0..<maximumSweeps {
      var offDiagonal = 0.0
      var diagonal = 0.0
      for i in 0..<n {
        diagonal += a[i * n + i] * a[i * n + i]
        for j in (i + 1)..<n { offDiagonal += a[i * n + j] * a[i * n + j] }
      }
      if offDiagonal <= 1e-22 * max(diagonal, .leastNormalMagnitude) { break }
      for p in 0..<(n - 1) {
        for q in (p + 1)..<n {
          rotate(&a, &v, n: n, p: p, q: q)
        }
      }
    }
    let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
    var values = [Double]()
    var vectors = [Double]()
    values.reserveCapacity(n)
    vectors.reserveCapacity(n * n)
    for index in order {
      values.append(a[index * n + index])
      vectors.append(contentsOf: v[(index * n)..<((index + 1) * n)])
    }
    return (values, vectors)
  }

  /// One Jacobi rotation zeroing `a[p][q]` (Golub & Van Loan, Algorithm 8.4.1), keeping `a`
  /// symmetric in full storage.
  @inline(__always)
  private static func rotate(_ a: inout [Double], _ v: inout [Double], n: Int, p: Int, q: Int) {
    let apq = a[p * n + q]
    guard abs(apq) > 1e-300 else { return }
    let app = a[p * n + p]
    let aqq = a[q * n + q]
    let theta = (aqq - app) / (2 * apq)
    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
    let c = 1 / (t * t + 1).squareRoot()
    let s = t * c
    a.withUnsafeMutableBufferPointer { a in
      for k in 0..<n where k != p && k != q {
        let akp = a[k * n + p]
        let akq = a[k * n + q]
        let newKP = c * akp - s * akq
        let newKQ = s * akp + c * akq
        a[k * n + p] = newKP
        a[p * n + k] = newKP
        a[k * n + q] = newKQ
        a[q * n + k] = newKQ
      }
      a[p * n + p] = app - t * apq
      a[q * n + q] = aqq + t * apq
      a[p * n + q] = 0
      a[q * n + p] = 0
    }
    v.withUnsafeMutableBufferPointer { v in
      for k in 0..<n {
        let vp = v[p * n + k]
        let vq = v[q * n + k]
        v[p * n + k] = c * vp - s * vq
        v[q * n + k] = s * vp + c * vq
      }
    }
  }
}
