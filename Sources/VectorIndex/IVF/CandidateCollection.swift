/// The step after a list's kernel: hand every entry good enough for the pool to the pool.
///
/// Once the pool has filled, almost no entry qualifies, so the common case is a comparison per
/// entry. For integer scores the pool's float threshold is turned into an integer one
/// (`base + scale·s ≥ t  ⇔  s ≥ (t − base)/scale`, rounded down so nothing is lost to rounding),
/// leaving one integer compare and a well-predicted branch per entry. (A `SIMD8` compare with
/// `any(_:)` looked cheaper but compiles to a lane-by-lane mask built through memory.)
enum CandidateCollection {
  static func collect(
    scores: UnsafePointer<Int32>, ids: UnsafePointer<Int64>, count: Int, base: Float, scale: Float,
    filter: SearchFilter?, into pool: CandidatePool
  ) {
    guard scale > 0, scale.isFinite else {
      for entry in 0..<count { offer(ids[entry], base + scale * Float(scores[entry]), filter, pool) }
      return
    }
    var minimum = integerThreshold(pool.threshold, base: base, scale: scale)
    for entry in 0..<count where scores[entry] >= minimum {
      offer(ids[entry], base + scale * Float(scores[entry]), filter, pool)
      minimum = integerThreshold(pool.threshold, base: base, scale: scale)
    }
  }

  static func collect(
    scores: UnsafePointer<Float>, ids: UnsafePointer<Int64>, count: Int, base: Float, filter: SearchFilter?,
    into pool: CandidatePool
  ) {
    for entry in 0..<count { offer(ids[entry], base + scores[entry], filter, pool) }
  }

  @inline(__always)
  private static func offer(_ id: Int64, _ score: Float, _ filter: SearchFilter?, _ pool: CandidatePool) {
    guard score >= pool.threshold else { return }
    if let filter, !filter(id) { return }
    pool.insert(id: id, score: score)
  }

  /// The smallest integer score that could reach `threshold`, minus one for rounding slack.
  @inline(__always)
  private static func integerThreshold(_ threshold: Float, base: Float, scale: Float) -> Int32 {
    let bound = ((threshold - base) / scale).rounded(.down) - 1
    guard !bound.isNaN else { return .min }
    // 2,147,483,520 is the largest Float below 2^31; Float(Int32.max) rounds up to 2^31.
    if bound >= 2_147_483_520 { return .max }
    if bound <= -2_147_483_648 { return .min }
    return Int32(bound)
  }
}
