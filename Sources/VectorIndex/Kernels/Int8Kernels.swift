/// Integer inner products over int8 codes, accumulated exactly in `Int32`.
///
/// Sixteen lanes at a time are sign-extended to `Int32`, multiplied, and the even and odd
/// products added pairwise; LLVM's x86 backend recognises exactly this shape as `vpmaddwd`
/// (16-bit products summed in pairs into 32-bit lanes), so each 16-dimension step is one
/// `vpmovsxbw`, one `vpmaddwd` and one `vpaddd` on 256-bit registers.
///
/// The widening is spelled lane by lane (`Widening.swift`): the standard library's
/// `SIMD16<Int32>(truncatingIfNeeded:)` is compiled as an out-of-line call per block, and a plain
/// scalar loop only vectorises to 128-bit `vpmaddwd`; the explicit form measured 3.7 ns per
/// 128-byte code against 7.5 ns for the best scalar loop.
///
/// Overflow: |int8 · int8| ≤ 16,384 and |int16 · int8| ≤ 4,194,176, so `Int32` holds any sum of
/// up to 131,072 resp. 512 such products; callers quantise queries so their range respects that
/// (`ScalarQuantizer.maximumQueryMagnitude`). Adds wrap, which is exact within that range.
package enum Int8Kernels {
  /// Σ a[i]·b[i] for two int8 vectors.
  @inline(__always)
  package static func dot(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int) -> Int32 {
    var acc = SIMD8<Int32>()
    var index = 0
    while index + 16 <= count {
      let product = Widening.int32(a.load16(at: index)) &* Widening.int32(b.load16(at: index))
      acc &+= product.evenHalf &+ product.oddHalf
      index += 16
    }
    var sum = acc.wrappedSum()
    while index < count {
      sum &+= Int32(a[index]) &* Int32(b[index])
      index += 1
    }
    return sum
  }

  /// Σ q[i]·c[i] for an int16 query against an int8 code: the asymmetric form the scans use,
  /// which keeps 15 bits of query precision at the same cost as int8 · int8.
  @inline(__always)
  package static func dot(_ query: UnsafePointer<Int16>, _ code: UnsafePointer<Int8>, count: Int) -> Int32 {
    var acc = SIMD8<Int32>()
    var index = 0
    while index + 16 <= count {
      let product = Widening.int32(query.load16(at: index)) &* Widening.int32(code.load16(at: index))
      acc &+= product.evenHalf &+ product.oddHalf
      index += 16
    }
    var sum = acc.wrappedSum()
    while index < count {
      sum &+= Int32(query[index]) &* Int32(code[index])
      index += 1
    }
    return sum
  }

  /// Scores an int16 query against `codeCount` codes of `dimension` bytes stored back to back.
  ///
  /// Four codes per pass share each widened query block and keep four accumulators in flight.
  package static func dot(
    query: UnsafePointer<Int16>, codes: UnsafePointer<Int8>, codeCount: Int, dimension: Int,
    into scores: UnsafeMutablePointer<Int32>
  ) {
    let bulk = dimension & ~15
    var code = 0
    while code + 4 <= codeCount {
      let c0 = codes + code * dimension
      let c1 = c0 + dimension
      let c2 = c1 + dimension
      let c3 = c2 + dimension
      var a0 = SIMD8<Int32>()
      var a1 = SIMD8<Int32>()
      var a2 = SIMD8<Int32>()
      var a3 = SIMD8<Int32>()
      var index = 0
      while index < bulk {
        let q = Widening.int32(query.load16(at: index))
        let p0 = q &* Widening.int32(c0.load16(at: index))
        let p1 = q &* Widening.int32(c1.load16(at: index))
        let p2 = q &* Widening.int32(c2.load16(at: index))
        let p3 = q &* Widening.int32(c3.load16(at: index))
        a0 &+= p0.evenHalf &+ p0.oddHalf
        a1 &+= p1.evenHalf &+ p1.oddHalf
        a2 &+= p2.evenHalf &+ p2.oddHalf
        a3 &+= p3.evenHalf &+ p3.oddHalf
        index += 16
      }
      var s0 = a0.wrappedSum()
      var s1 = a1.wrappedSum()
      var s2 = a2.wrappedSum()
      var s3 = a3.wrappedSum()
      while index < dimension {
        let q = Int32(query[index])
        s0 &+= q &* Int32(c0[index])
        s1 &+= q &* Int32(c1[index])
        s2 &+= q &* Int32(c2[index])
        s3 &+= q &* Int32(c3[index])
        index += 1
      }
      scores[code] = s0
      scores[code + 1] = s1
      scores[code + 2] = s2
      scores[code + 3] = s3
      code += 4
    }
    while code < codeCount {
      scores[code] = dot(query, codes + code * dimension, count: dimension)
      code += 1
    }
  }
}
