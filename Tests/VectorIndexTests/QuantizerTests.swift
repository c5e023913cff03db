import Testing

@testable import VectorIndex

struct QuantizerTests {
  static let dimension = 32
  static let values = TestData.gaussian(2_000 * dimension, seed: 21)

  @Test func scalarQuantizerErrorIsWithinHalfAStep() throws {
    let quantizer = try Self.values.withUnsafeBufferPointer {
      try ScalarQuantizer.train(vectors: $0, dimension: Self.dimension, clipFraction: 0)
    }
    var codes = [Int8](repeating: 0, count: Self.dimension)
    var decoded = [Float](repeating: 0, count: Self.dimension)
    for row in 0..<200 {
      let x = TestData.row(Self.values, row, dimension: Self.dimension)
      x.withUnsafeBufferPointer { x in
        codes.withUnsafeMutableBufferPointer { c in
          quantizer.encode(x.baseAddress!, into: c.baseAddress!)
          decoded.withUnsafeMutableBufferPointer { d in quantizer.decode(c.baseAddress!, into: d.baseAddress!) }
        }
      }
      for index in 0..<Self.dimension {
        #expect(abs(decoded[index] - x[index]) <= quantizer.steps[index] * 0.5001)
      }
    }
  }

  @Test func scalarQueryPreparationMatchesDecodedDotProduct() throws {
    let quantizer = try Self.values.withUnsafeBufferPointer {
      try ScalarQuantizer.train(vectors: $0, dimension: Self.dimension)
    }
    let query = TestData.gaussian(Self.dimension, seed: 22)
    var query16 = [Int16](repeating: 0, count: Self.dimension)
    var codes = [Int8](repeating: 0, count: Self.dimension)
    var decoded = [Float](repeating: 0, count: Self.dimension)
    let (scale, constant) = query.withUnsafeBufferPointer { q in
      query16.withUnsafeMutableBufferPointer { quantizer.prepareQuery(q.baseAddress!, into: $0.baseAddress!) }
    }
    for row in 0..<100 {
      let x = TestData.row(Self.values, row, dimension: Self.dimension)
      x.withUnsafeBufferPointer { x in
        codes.withUnsafeMutableBufferPointer { c in
          quantizer.encode(x.baseAddress!, into: c.baseAddress!)
          decoded.withUnsafeMutableBufferPointer { d in quantizer.decode(c.baseAddress!, into: d.baseAddress!) }
        }
      }
      let integer = query16.withUnsafeBufferPointer { q in
        codes.withUnsafeBufferPointer { c in Int8Kernels.dot(q.baseAddress!, c.baseAddress!, count: Self.dimension) }
      }
      let estimate = constant + scale * Float(integer)
      let reference = zip(query, decoded).reduce(Float(0)) { $0 + $1.0 * $1.1 }
      #expect(abs(estimate - reference) < 1e-3 * max(1, abs(reference)))
    }
  }

  @Test func fourBitQuantizerIsWithinHalfAStepAndQueriesMatchDecoding() throws {
    let quantizer = try Self.values.withUnsafeBufferPointer {
      try ScalarQuantizer4.train(vectors: $0, dimension: Self.dimension, clipFraction: 0)
    }
    #expect(quantizer.codeSize == Self.dimension / 2)
    let query = TestData.gaussian(Self.dimension, seed: 25)
    var query16 = [Int16](repeating: 0, count: Self.dimension)
    let (scale, constant) = query.withUnsafeBufferPointer { q in
      query16.withUnsafeMutableBufferPointer { quantizer.prepareQuery(q.baseAddress!, into: $0.baseAddress!) }
    }
    var codes = [UInt8](repeating: 0, count: quantizer.codeSize)
    var decoded = [Float](repeating: 0, count: Self.dimension)
    var score = [Int32](repeating: 0, count: 1)
    for row in 0..<100 {
      let x = TestData.row(Self.values, row, dimension: Self.dimension)
      x.withUnsafeBufferPointer { x in
        codes.withUnsafeMutableBufferPointer { c in
          quantizer.encode(x.baseAddress!, into: c.baseAddress!)
          decoded.withUnsafeMutableBufferPointer { d in quantizer.decode(c.baseAddress!, into: d.baseAddress!) }
        }
      }
      for index in 0..<Self.dimension { #expect(abs(decoded[index] - x[index]) <= quantizer.steps[index] * 0.5001) }
      query16.withUnsafeBufferPointer { q in
        codes.withUnsafeBufferPointer { c in
          score.withUnsafeMutableBufferPointer {
            Int4Kernels.dot(
              query: q.baseAddress!, codes: c.baseAddress!, codeCount: 1, dimension: Self.dimension,
              into: $0.baseAddress!)
          }
        }
      }
      let reference = zip(query, decoded).reduce(Float(0)) { $0 + $1.0 * $1.1 }
      #expect(abs(constant + scale * Float(score[0]) - reference) < 1e-3 * max(1, abs(reference)))
    }
    #expect(throws: VectorIndexError.self) {
      try Self.values.withUnsafeBufferPointer { try ScalarQuantizer4.train(vectors: $0, dimension: 16) }
    }
  }

  @Test func perVectorQuantizerRoundTripsAndHandlesZero() {
    let x = TestData.gaussian(Self.dimension, seed: 23)
    var codes = [Int8](repeating: 0, count: Self.dimension)
    var decoded = [Float](repeating: 0, count: Self.dimension)
    let scale = x.withUnsafeBufferPointer { x in
      codes.withUnsafeMutableBufferPointer {
        PerVectorQuantizer.encode(x.baseAddress!, dimension: Self.dimension, into: $0.baseAddress!)
      }
    }
    codes.withUnsafeBufferPointer { c in
      decoded.withUnsafeMutableBufferPointer {
        PerVectorQuantizer.decode(c.baseAddress!, scale: scale, dimension: Self.dimension, into: $0.baseAddress!)
      }
    }
    for index in 0..<Self.dimension { #expect(abs(decoded[index] - x[index]) <= scale * 0.5001) }
    let zero = [Float](repeating: 0, count: 4)
    var zeroCodes = [Int8](repeating: 9, count: 4)
    let zeroScale = zero.withUnsafeBufferPointer { z in
      zeroCodes.withUnsafeMutableBufferPointer {
        PerVectorQuantizer.encode(z.baseAddress!, dimension: 4, into: $0.baseAddress!)
      }
    }
    #expect(zeroScale == 0)
    #expect(zeroCodes == [0, 0, 0, 0])
  }

  @Test func productQuantizerEncodesToNearestCodewordAndTablesMatchDecoding() throws {
    let m = 8
    let quantizer = try Self.values.withUnsafeBufferPointer {
      try ProductQuantizer.train(vectors: $0, dimension: Self.dimension, subquantizers: m, iterations: 8)
    }
    let sub = Self.dimension / m
    let query = TestData.gaussian(Self.dimension, seed: 24)
    var table = [Float](repeating: 0, count: m * 256)
    query.withUnsafeBufferPointer { q in
      table.withUnsafeMutableBufferPointer {
        quantizer.fillInnerProductTable(query: q.baseAddress!, into: $0.baseAddress!)
      }
    }
    var codes = [UInt8](repeating: 0, count: m)
    var decoded = [Float](repeating: 0, count: Self.dimension)
    for row in 0..<50 {
      let x = TestData.row(Self.values, row, dimension: Self.dimension)
      x.withUnsafeBufferPointer { x in
        codes.withUnsafeMutableBufferPointer { c in
          quantizer.encode(x.baseAddress!, into: c.baseAddress!)
          decoded.withUnsafeMutableBufferPointer { d in quantizer.decode(c.baseAddress!, into: d.baseAddress!) }
        }
      }
      // Brute force: no codeword of any part is closer than the chosen one.
      for part in 0..<m {
        func distance(_ codeword: Int) -> Float {
          var total: Float = 0
          for index in 0..<sub {
            let d = x[part * sub + index] - quantizer.codebooks[(part * 256 + codeword) * sub + index]
            total += d * d
          }
          return total
        }
        let chosen = distance(Int(codes[part]))
        #expect((0..<256).allSatisfy { distance($0) >= chosen })
      }
      let lookup = (0..<m).reduce(Float(0)) { $0 + table[$1 * 256 + Int(codes[$1])] }
      let reference = zip(query, decoded).reduce(Float(0)) { $0 + $1.0 * $1.1 }
      #expect(abs(lookup - reference) < 1e-3 * max(1, abs(reference)))
    }
  }

  @Test func productQuantizerRejectsNonDividingCount() {
    #expect(throws: VectorIndexError.self) {
      try Self.values.withUnsafeBufferPointer {
        try ProductQuantizer.train(vectors: $0, dimension: Self.dimension, subquantizers: 5)
      }
    }
  }
}
