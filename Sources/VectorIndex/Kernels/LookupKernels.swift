/// Table-lookup scoring for product-quantised codes (asymmetric distance computation).
///
/// For inner product the per-query table holds `table[j·256 + c] = q_j · codebook_j[c]`, and a
/// code's score is the sum of one entry per sub-quantizer. The loads are data-dependent gathers,
/// so the win comes from instruction-level parallelism: four codes are summed at once with
/// independent accumulators.
package enum LookupKernels {
  package static func sum(
    table: UnsafePointer<Float>, codes: UnsafePointer<UInt8>, codeCount: Int, subquantizers m: Int,
    into scores: UnsafeMutablePointer<Float>
  ) {
    var code = 0
    while code + 4 <= codeCount {
      let c0 = codes + code * m
      let c1 = c0 + m
      let c2 = c1 + m
      let c3 = c2 + m
      var s0: Float = 0
      var s1: Float = 0
      var s2: Float = 0
      var s3: Float = 0
      var row = table
      for j in 0..<m {
        s0 += row[Int(c0[j])]
        s1 += row[Int(c1[j])]
        s2 += row[Int(c2[j])]
        s3 += row[Int(c3[j])]
        row += 256
      }
      scores[code] = s0
      scores[code + 1] = s1
      scores[code + 2] = s2
      scores[code + 3] = s3
      code += 4
    }
    while code < codeCount {
      let c = codes + code * m
      var s: Float = 0
      for j in 0..<m { s += table[j * 256 + Int(c[j])] }
      scores[code] = s
      code += 1
    }
  }
}
