import Testing
import VectorCodecs

struct HalfPrecisionCodecTests {
  @Test func relativeErrorWithinHalfAnUnitInTheLastPlace() throws {
    // Values spread over the whole normal half range, 2^-14 up to 65504.
    var generator = SeededGenerator(seed: 10)
    let values = (0..<4096).map { _ -> Float in
      let binade = Float(sign: .plus, exponent: Int.random(in: -14...15, using: &generator), significand: 1)
      let magnitude = Float.random(in: 1..<2, using: &generator) * binade
      return Bool.random(using: &generator) ? -min(magnitude, 65504) : min(magnitude, 65504)
    }
    let decoded = try VectorCodec.fp16.roundTrip(values, dimension: 64)
    let bound = Double(Float(sign: .plus, exponent: -11, significand: 1))
    for (value, result) in zip(values, decoded) {
      #expect(abs(Double(result) - Double(value)) <= bound * abs(Double(value)), "\(value) decoded as \(result)")
    }
  }

  @Test func specialValues() throws {
    let values: [Float] = [0, -0.0, .infinity, -.infinity, 65504, 65519.99, 65520, -1e9, 1e-5, 6e-8, 2e-8, .nan, -.nan]
    let decoded = try VectorCodec.fp16.roundTrip(values, dimension: values.count)
    let expected: [Float] = [0, -0.0, .infinity, -.infinity, 65504, 65504, .infinity, -.infinity]
    #expect(Samples.bits(decoded.prefix(expected.count)) == Samples.bits(expected))
    #expect(decoded[8] == 168 * 0x1p-24, "1e-5 rounds to the subnormal 168 × 2^-24")
    #expect(decoded[9] == Float(sign: .plus, exponent: -24, significand: 1), "6e-8 rounds to the least subnormal")
    #expect(decoded[10] == 0, "below half the least subnormal rounds to zero")
    #expect(decoded[11].isNaN && decoded[11].sign == .plus)
    #expect(decoded[12].isNaN && decoded[12].sign == .minus)
  }

  @Test func tiesRoundToEven() throws {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: even is 1. 1 + 3×2^-11 rounds up to 1 + 2^-9.
    let values: [Float] = [1 + 0x1p-11, 1 + 3 * 0x1p-11, 1 + 0x1p-11 + 0x1p-20]
    let decoded = try VectorCodec.fp16.roundTrip(values, dimension: 3)
    #expect(decoded == [1, 1 + 0x1p-9, 1 + 0x1p-10])
  }

  @Test func storesTwoBytesPerComponent() throws {
    #expect(try VectorCodec.fp16.encode([1, -2], dimension: 2) == [0x00, 0x3C, 0x00, 0xC0])
  }
}

struct Int8CodecTests {
  @Test func errorWithinHalfAScaleStep() throws {
    let dimension = 48
    let values = Samples.embeddings(count: 40, dimension: dimension, seed: 11).enumerated().map { index, value in
      // Vary magnitudes between vectors, so the per-vector scale matters.
      value * Float(1 + index / dimension)
    }
    let block = try VectorCodec.int8.encode(values, dimension: dimension)
    let decoded = try VectorCodec.int8.decodeAll(block, count: 40, dimension: dimension)
    for vector in 0..<40 {
      let slice = values[vector * dimension..<(vector + 1) * dimension]
      let scale = Double(slice.map(abs).max() ?? 0) / 127
      for index in slice.indices {
        let error = abs(Double(decoded[index]) - Double(values[index]))
        #expect(error <= scale * (0.5 + 0x1p-16) + Double(values[index].ulp), "component \(index)")
      }
    }
  }

  @Test func zeroVectorHasZeroScaleAndCodes() throws {
    let values = [Float](repeating: 0, count: 8) + [0, 0, 0, 0, 0, 0, 0, 1]
    let block = try VectorCodec.int8.encode(values, dimension: 8)
    #expect(block.count == 2 * 12)
    #expect(block[0..<12].allSatisfy { $0 == 0 })
    #expect(try VectorCodec.int8.decodeAll(block, count: 2, dimension: 8) == values)
  }

  @Test func blockRecordIsScaleThenCodes() throws {
    let vector: [Float] = [0.5, -1.27, 0.01, 1.27]
    let quantized = Int8Codes.quantize(vector)
    #expect(quantized.codes == [50, -127, 1, 127])
    let block = try VectorCodec.int8.encode(vector, dimension: 4)
    let scaleBytes = withUnsafeBytes(of: quantized.scale.bitPattern.littleEndian) { Array($0) }
    #expect(block == scaleBytes + quantized.codes.map { UInt8(bitPattern: $0) })
  }

  @Test func extremesMapToPlusMinus127() {
    let quantized = Int8Codes.quantize([-3, 3, 1.2, -1.2, 0])
    #expect(quantized.codes == [-127, 127, 51, -51, 0])
    #expect(quantized.scale == Float(3) / 127)
    #expect(abs(Int8Codes.dequantize(quantized)[0] + 3) < 1e-6)
  }

  @Test func nonFiniteComponentsDoNotSpoilTheRest() {
    let quantized = Int8Codes.quantize([.infinity, -.infinity, .nan, 2, -0.9])
    #expect(quantized.scale == Float(2) / 127)
    #expect(quantized.codes == [127, -127, 0, 127, -57])
  }

  @Test func allNonFiniteVectorQuantizesToZero() {
    let quantized = Int8Codes.quantize([.nan, .infinity])
    #expect(quantized.scale == 0)
    #expect(quantized.codes == [0, 0])
  }
}
