import Testing

@testable import VectorIndex

/// Every kernel against a plain scalar loop, on lengths that exercise each tail path.
struct KernelTests {
  static let lengths = [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 100, 127, 128, 129, 384, 385]

  @Test(arguments: lengths)
  func floatDotMatchesReference(length: Int) {
    let a = TestData.gaussian(length, seed: 1)
    let b = TestData.gaussian(length, seed: 2)
    var reference: Double = 0
    for index in 0..<length { reference += Double(a[index]) * Double(b[index]) }
    let result = a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in FloatKernels.dot(a.baseAddress!, b.baseAddress!, count: length) }
    }
    #expect(abs(Double(result) - reference) <= 1e-4 * max(1, Double(length).squareRoot()))
  }

  @Test(arguments: [(1, 5), (3, 7), (4, 8), (5, 33), (9, 384), (13, 129)])
  func batchedFloatDotMatchesSingle(rows: Int, dimension: Int) {
    let query = TestData.gaussian(dimension, seed: 3)
    let matrix = TestData.gaussian(rows * dimension, seed: 4)
    var scores = [Float](repeating: .nan, count: rows)
    query.withUnsafeBufferPointer { q in
      matrix.withUnsafeBufferPointer { m in
        scores.withUnsafeMutableBufferPointer { s in
          FloatKernels.dot(
            query: q.baseAddress!, rows: m.baseAddress!, rowCount: rows, dimension: dimension, into: s.baseAddress!)
        }
      }
    }
    for row in 0..<rows {
      var reference: Float = 0
      for index in 0..<dimension { reference += query[index] * matrix[row * dimension + index] }
      #expect(abs(scores[row] - reference) <= 1e-4 * max(1, abs(reference)))
    }
  }

  @Test(arguments: lengths)
  func squaredDistanceAndAxpyMatchReference(length: Int) {
    let a = TestData.gaussian(length, seed: 5)
    let b = TestData.gaussian(length, seed: 6)
    var reference: Float = 0
    for index in 0..<length { reference += (a[index] - b[index]) * (a[index] - b[index]) }
    var y = b
    let distance = a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in FloatKernels.squaredDistance(a.baseAddress!, b.baseAddress!, count: length) }
    }
    a.withUnsafeBufferPointer { a in
      y.withUnsafeMutableBufferPointer { y in
        FloatKernels.addScaled(a.baseAddress!, scale: 0.5, into: y.baseAddress!, count: length)
      }
    }
    #expect(abs(distance - reference) <= 1e-4 * max(1, reference))
    for index in 0..<length { #expect(abs(y[index] - (b[index] + 0.5 * a[index])) <= 1e-5) }
  }

  static func randomInt8(_ count: Int, seed: UInt64) -> [Int8] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in Int8(truncatingIfNeeded: rng.next()) }
  }

  @Test(arguments: lengths)
  func int8DotMatchesReference(length: Int) {
    let a = Self.randomInt8(length, seed: 7)
    let b = Self.randomInt8(length, seed: 8)
    var reference: Int32 = 0
    for index in 0..<length { reference += Int32(a[index]) * Int32(b[index]) }
    let result = a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in Int8Kernels.dot(a.baseAddress!, b.baseAddress!, count: length) }
    }
    #expect(result == reference)
  }

  @Test func int8DotExtremesDoNotOverflow() {
    let a = [Int8](repeating: -128, count: 1000)
    let result = a.withUnsafeBufferPointer { a in Int8Kernels.dot(a.baseAddress!, a.baseAddress!, count: 1000) }
    #expect(result == 16_384_000)
  }

  @Test(arguments: [(1, 1), (3, 5), (4, 16), (5, 33), (7, 128), (9, 385)])
  func batchedInt16ByInt8MatchesReference(codes count: Int, dimension: Int) {
    var rng = SplitMix64(seed: 9)
    let limit = Int(ScalarQuantizer.maximumQueryMagnitude(dimension: dimension))
    let query = (0..<dimension).map { _ in Int16(rng.nextIndex(below: 2 * limit + 1) - limit) }
    let codes = Self.randomInt8(count * dimension, seed: 10).map { max($0, -127) }
    var scores = [Int32](repeating: 0, count: count)
    query.withUnsafeBufferPointer { q in
      codes.withUnsafeBufferPointer { c in
        scores.withUnsafeMutableBufferPointer { s in
          Int8Kernels.dot(
            query: q.baseAddress!, codes: c.baseAddress!, codeCount: count, dimension: dimension, into: s.baseAddress!)
        }
      }
    }
    for code in 0..<count {
      var reference: Int64 = 0
      for index in 0..<dimension { reference += Int64(query[index]) * Int64(codes[code * dimension + index]) }
      #expect(Int64(scores[code]) == reference)
    }
  }

  @Test(arguments: [(1, 32), (2, 64), (3, 128), (5, 384)])
  func packedInt4MatchesReference(codes count: Int, dimension: Int) {
    var rng = SplitMix64(seed: 13)
    let limit = Int(ScalarQuantizer4.maximumQueryMagnitude(dimension: dimension))
    let query = (0..<dimension).map { _ in Int16(rng.nextIndex(below: 2 * limit + 1) - limit) }
    let values = (0..<(count * dimension)).map { _ in UInt8(rng.nextIndex(below: 16)) }
    // Pack with the documented layout, independently of the quantizer.
    var packed = [UInt8](repeating: 0, count: count * dimension / 2)
    for code in 0..<count {
      for index in 0..<dimension {
        let byte = code * dimension / 2 + (index / 32) * 16 + index % 16
        packed[byte] |= values[code * dimension + index] << (index % 32 < 16 ? 0 : 4)
      }
    }
    var scores = [Int32](repeating: 0, count: count)
    query.withUnsafeBufferPointer { q in
      packed.withUnsafeBufferPointer { c in
        scores.withUnsafeMutableBufferPointer { s in
          Int4Kernels.dot(
            query: q.baseAddress!, codes: c.baseAddress!, codeCount: count, dimension: dimension, into: s.baseAddress!)
        }
      }
    }
    for code in 0..<count {
      var reference: Int64 = 0
      for index in 0..<dimension { reference += Int64(query[index]) * Int64(values[code * dimension + index]) }
      #expect(Int64(scores[code]) == reference)
    }
  }

  @Test(arguments: [(1, 1), (4, 8), (6, 48), (9, 3)])
  func lookupSumMatchesReference(codes count: Int, subquantizers m: Int) {
    let table = TestData.gaussian(m * 256, seed: 11)
    var rng = SplitMix64(seed: 12)
    let codes = (0..<(count * m)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    var scores = [Float](repeating: 0, count: count)
    table.withUnsafeBufferPointer { t in
      codes.withUnsafeBufferPointer { c in
        scores.withUnsafeMutableBufferPointer { s in
          LookupKernels.sum(
            table: t.baseAddress!, codes: c.baseAddress!, codeCount: count, subquantizers: m, into: s.baseAddress!)
        }
      }
    }
    for code in 0..<count {
      var reference: Float = 0
      for j in 0..<m { reference += table[j * 256 + Int(codes[code * m + j])] }
      #expect(abs(scores[code] - reference) <= 1e-4)
    }
  }

  @Test func checksumIsFNV1aOnShortInputsAndSensitiveToEveryByte() {
    // Fewer than 32 bytes: no full block, so the lane fold runs on the untouched basis values.
    var lanesOnly = Checksum.offsetBasis
    for _ in 0..<8 { lanesOnly = (lanesOnly ^ Checksum.offsetBasis) &* Checksum.prime }
    #expect([UInt8]().withUnsafeBytes { Checksum.fnv1a32Lanes($0) } == lanesOnly)
    let bytes = (0..<100).map { UInt8($0) }
    let base = bytes.withUnsafeBytes { Checksum.fnv1a32Lanes($0) }
    for position in [0, 31, 32, 63, 64, 99] {
      var changed = bytes
      changed[position] ^= 1
      #expect(changed.withUnsafeBytes { Checksum.fnv1a32Lanes($0) } != base)
    }
  }
}
