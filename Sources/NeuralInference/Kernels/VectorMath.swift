/// Vectorized `exp` and `erf` for the softmax and GELU kernels. The C library's scalar
/// versions cost as much as the surrounding matrix products at these sizes (GELU alone runs
/// 2.4 M times for one 256-token input), so these trade a few ulps for a 16-wide evaluation.
enum VectorMath {
  /// e^x with a relative error below 2e-7 on [-87, 88]. Larger inputs saturate at e^88;
  /// smaller ones give ~1e-38 rather than 0, which a softmax sum cannot tell apart.
  ///
  /// Range reduction x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in two parts so r is exact),
  /// then the Cephes degree-6 polynomial for e^r, then 2^n assembled in the exponent bits.
  @inline(__always)
  static func exp(_ x: FloatVector) -> FloatVector {
    let clamped = x.limited(to: -87.336_54, 88)
    // Adding 1.5·2^23 rounds to an integer and leaves it in the low mantissa bits.
    let shifter = FloatVector(repeating: 12_582_912)
    let shifted = clamped * FloatVector(repeating: 1.442_695_04) + shifter
    let n = shifted - shifter
    var r = clamped - n * FloatVector(repeating: 0.693_359_375)
    r = r - n * FloatVector(repeating: -2.121_944_4e-4)
    var p = FloatVector(repeating: 1.987_569_15e-4)
    p = p * r + FloatVector(repeating: 1.398_199_95e-3)
    p = p * r + FloatVector(repeating: 8.333_451_9e-3)
    p = p * r + FloatVector(repeating: 4.166_579_59e-2)
    p = p * r + FloatVector(repeating: 1.666_666_55e-1)
    p = p * r + FloatVector(repeating: 5.000_000_12e-1)
    let er = p * (r * r) + r + FloatVector(repeating: 1)
    let bits = unsafeBitCast(shifted, to: SIMD16<UInt32>.self)
    // bits = 0x4B40_0000 + n; the biased exponent field wants n + 127.
    let scaleBits = (bits &- SIMD16<UInt32>(repeating: 0x4B40_0000 - 127)) &<< 23
    return er * unsafeBitCast(scaleBits, to: FloatVector.self)
  }

  /// erf(x) with an absolute error below 5e-7, from a rational minimax approximation on
  /// [-4, 4] (erf is ±1 in single precision beyond). Odd numerator over even denominator.
  @inline(__always)
  static func erf(_ x: FloatVector) -> FloatVector {
    let z = x.limited(to: -4, 4)
    let z2 = z * z
    var p = FloatVector(repeating: -2.726_142_25e-10)
    p = p * z2 + FloatVector(repeating: 2.770_681_42e-08)
    p = p * z2 + FloatVector(repeating: -2.101_024_02e-06)
    p = p * z2 + FloatVector(repeating: -5.692_506_39e-05)
    p = p * z2 + FloatVector(repeating: -7.349_906_30e-04)
    p = p * z2 + FloatVector(repeating: -2.954_599_80e-03)
    p = p * z2 + FloatVector(repeating: -1.609_603_33e-02)
    p = p * z
    var q = FloatVector(repeating: -1.456_607_18e-05)
    q = q * z2 + FloatVector(repeating: -2.133_740_55e-04)
    q = q * z2 + FloatVector(repeating: -1.682_826_97e-03)
    q = q * z2 + FloatVector(repeating: -7.373_329_17e-03)
    q = q * z2 + FloatVector(repeating: -1.426_473_91e-02)
    return p / q
  }

  /// GELU as BERT defines it, 0.5·x·(1 + erf(x/√2)), not the tanh approximation.
  @inline(__always)
  static func gelu(_ x: FloatVector) -> FloatVector {
    let half = FloatVector(repeating: 0.5)
    return half * x * (FloatVector(repeating: 1) + erf(x * FloatVector(repeating: 0.707_106_78)))
  }
}
