/// Single-precision inner products.
///
/// Written with `SIMD8<Float>` (one AVX register) and `addingProduct`, which lowers to
/// `vfmadd231ps` when the target has FMA. Four independent accumulators hide the FMA latency; the
/// batched form scores four rows per pass so each query load feeds four FMAs.
package enum FloatKernels {
  /// Σ a[i]·b[i] over `count` elements; any `count`, no alignment needed.
  @inline(__always)
  package static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var s0 = SIMD8<Float>()
    var s1 = SIMD8<Float>()
    var s2 = SIMD8<Float>()
    var s3 = SIMD8<Float>()
    var index = 0
    while index + 32 <= count {
      s0 = s0.addingProduct(a.vector8(at: index), b.vector8(at: index))
      s1 = s1.addingProduct(a.vector8(at: index + 8), b.vector8(at: index + 8))
      s2 = s2.addingProduct(a.vector8(at: index + 16), b.vector8(at: index + 16))
      s3 = s3.addingProduct(a.vector8(at: index + 24), b.vector8(at: index + 24))
      index += 32
    }
    while index + 8 <= count {
      s0 = s0.addingProduct(a.vector8(at: index), b.vector8(at: index))
      index += 8
    }
    var total = ((s0 + s1) + (s2 + s3)).sum()
    while index < count {
      total += a[index] * b[index]
      index += 1
    }
    return total
  }

  /// Scores one query against `rowCount` rows of `dimension` floats stored back to back:
  /// `scores[r] = query · rows[r]`. The coarse quantizer and k-means assignment run on this.
  package static func dot(
    query: UnsafePointer<Float>, rows: UnsafePointer<Float>, rowCount: Int, dimension: Int,
    into scores: UnsafeMutablePointer<Float>
  ) {
    var row = 0
    let bulk = dimension & ~7
    while row + 4 <= rowCount {
      let r0 = rows + row * dimension
      let r1 = r0 + dimension
      let r2 = r1 + dimension
      let r3 = r2 + dimension
      var s0 = SIMD8<Float>()
      var s1 = SIMD8<Float>()
      var s2 = SIMD8<Float>()
      var s3 = SIMD8<Float>()
      var index = 0
      while index < bulk {
        let q = query.vector8(at: index)
        s0 = s0.addingProduct(q, r0.vector8(at: index))
        s1 = s1.addingProduct(q, r1.vector8(at: index))
        s2 = s2.addingProduct(q, r2.vector8(at: index))
        s3 = s3.addingProduct(q, r3.vector8(at: index))
        index += 8
      }
      var t0 = s0.sum()
      var t1 = s1.sum()
      var t2 = s2.sum()
      var t3 = s3.sum()
      while index < dimension {
        let q = query[index]
        t0 += q * r0[index]
        t1 += q * r1[index]
        t2 += q * r2[index]
        t3 += q * r3[index]
        index += 1
      }
      scores[row] = t0
      scores[row + 1] = t1
      scores[row + 2] = t2
      scores[row + 3] = t3
      row += 4
    }
    while row < rowCount {
      scores[row] = dot(query, rows + row * dimension, count: dimension)
      row += 1
    }
  }

  /// `y += alpha · x` over `count` elements (covariance accumulation, centroid sums).
  @inline(__always)
  package static func addScaled(
    _ x: UnsafePointer<Float>, scale alpha: Float, into y: UnsafeMutablePointer<Float>, count: Int
  ) {
    let a = SIMD8<Float>(repeating: alpha)
    var index = 0
    while index + 8 <= count {
      y.storeVector8(y.vector8(at: index).addingProduct(a, x.vector8(at: index)), at: index)
      index += 8
    }
    while index < count {
      y[index] += alpha * x[index]
      index += 1
    }
  }

  /// Σ (a[i] − b[i])² over `count` elements.
  @inline(__always)
  package static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var s0 = SIMD8<Float>()
    var index = 0
    while index + 8 <= count {
      let d = a.vector8(at: index) - b.vector8(at: index)
      s0 = s0.addingProduct(d, d)
      index += 8
    }
    var total = s0.sum()
    while index < count {
      let d = a[index] - b[index]
      total += d * d
      index += 1
    }
    return total
  }
}

extension UnsafePointer<Float> {
  /// Eight floats starting here; no alignment needed (`vmovups`).
  @inline(__always)
  func vector8(at offset: Int) -> SIMD8<Float> {
    UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD8<Float>.self)
  }
}

extension UnsafeMutablePointer<Float> {
  @inline(__always)
  func vector8(at offset: Int) -> SIMD8<Float> {
    UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always)
  func storeVector8(_ vector: SIMD8<Float>, at offset: Int) {
    UnsafeMutableRawPointer(self + offset).storeBytes(of: vector, as: SIMD8<Float>.self)
  }
}
