/// 4-bit scalar quantizer with a range per dimension: `x[i] ≈ low[i] + step[i] · code[i]`,
/// `code[i] ∈ 0...15`, two codes per byte.
///
/// Half the bytes of `ScalarQuantizer`. The IVF scan reads every code of every probed cell, and
/// at 100k vectors those bytes come from L3 or memory: the 8-bit scan measured ~45% of a query,
/// mostly waiting on loads. The coarser codes only have to rank candidates for exact rescoring,
/// which a slightly larger refine factor absorbs.
///
/// Packing: dimensions go in blocks of 32; in a block, byte `i` holds dimension `i` in its low
/// nibble and dimension `i + 16` in its high nibble, so one 16-byte load and a mask and a shift
/// give two runs of sixteen consecutive dimensions (`Int4Kernels`). `dimension` must therefore be
/// a multiple of 32.
package struct ScalarQuantizer4: Sendable, Equatable {
  package static let levels: Float = 15
  package static let blockWidth = 32

  package let dimension: Int
  package let lows: [Float]
  package let steps: [Float]

  package init(dimension: Int, lows: [Float], steps: [Float]) {
    self.dimension = dimension
    self.lows = lows
    self.steps = steps
  }

  package var codeSize: Int { dimension / 2 }

  /// Largest |query lane| for which `Σ q16·code` over `dimension` lanes fits in `Int32`.
  package static func maximumQueryMagnitude(dimension: Int) -> Float {
    let bound = Double(Int32.max) / (15 * Double(max(dimension, 1)))
    return Float(min(32_767, bound.rounded(.down)))
  }

  package static func train(
    vectors: UnsafeBufferPointer<Float>, dimension: Int, clipFraction: Double = 0.001
  ) throws(VectorIndexError) -> ScalarQuantizer4 {
    guard dimension > 0, dimension % blockWidth == 0 else {
      throw .invalidParameter("4-bit codes need a dimension that is a multiple of 32, got \(dimension)")
    }
    let (lows, highs) = try ScalarQuantizer.ranges(vectors: vectors, dimension: dimension, clipFraction: clipFraction)
    let steps = (0..<dimension).map { max((highs[$0] - lows[$0]) / levels, 1e-12) }
    return ScalarQuantizer4(dimension: dimension, lows: lows, steps: steps)
  }

  /// Byte and nibble shift holding dimension `index`.
  @inline(__always)
  static func position(of index: Int) -> (byte: Int, shift: UInt8) {
    let block = index / blockWidth
    let lane = index % blockWidth
    return (block * 16 + lane % 16, lane < 16 ? 0 : 4)
  }

  package func encode(_ vector: UnsafePointer<Float>, into codes: UnsafeMutablePointer<UInt8>) {
    for byte in 0..<codeSize { codes[byte] = 0 }
    for index in 0..<dimension {
      let code = Saturating.nibble((vector[index] - lows[index]) / steps[index])
      let (byte, shift) = Self.position(of: index)
      codes[byte] |= code << shift
    }
  }

  package func decode(_ codes: UnsafePointer<UInt8>, into vector: UnsafeMutablePointer<Float>) {
    for index in 0..<dimension {
      let (byte, shift) = Self.position(of: index)
      vector[index] = lows[index] + steps[index] * Float((codes[byte] >> shift) & 0x0F)
    }
  }

  /// Returns `scale` and `constant` with `q·decode(code) ≈ constant + scale · Σ query16[i]·code[i]`.
  package func prepareQuery(
    _ query: UnsafePointer<Float>, into query16: UnsafeMutablePointer<Int16>
  ) -> (scale: Float, constant: Float) {
    var largest: Float = 0
    var constant: Float = 0
    for index in 0..<dimension {
      largest = max(largest, abs(query[index] * steps[index]))
      constant += query[index] * lows[index]
    }
    guard largest > 0, largest.isFinite else {
      for index in 0..<dimension { query16[index] = 0 }
      return (0, constant)
    }
    let toInteger = Self.maximumQueryMagnitude(dimension: dimension) / largest
    for index in 0..<dimension {
      query16[index] = Saturating.int16(query[index] * steps[index] * toInteger)
    }
    return (1 / toInteger, constant)
  }
}
