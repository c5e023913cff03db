import Testing
import VectorCodecs

struct ByteShuffleTests {
  private func shuffle(_ values: [Float]) -> [UInt8] {
    var planes = [UInt8](repeating: 0, count: values.count * 4)
    values.withUnsafeBufferPointer { source in
      planes.withUnsafeMutableBytes { ByteShuffle.shuffle(source, into: $0) }
    }
    return planes
  }

  private func unshuffle(_ planes: [UInt8]) -> [Float] {
    var values = [Float](repeating: 0, count: planes.count / 4)
    planes.withUnsafeBytes { source in
      values.withUnsafeMutableBufferPointer { ByteShuffle.unshuffle(source, into: $0) }
    }
    return values
  }

  @Test func planesHoldOneByteOfEveryValue() {
    let values = [Float(bitPattern: 0x0403_0201), Float(bitPattern: 0x0807_0605), Float(bitPattern: 0x0C0B_0A09)]
    #expect(shuffle(values) == [0x01, 0x05, 0x09, 0x02, 0x06, 0x0A, 0x03, 0x07, 0x0B, 0x04, 0x08, 0x0C])
  }

  @Test func roundTripsEveryLength() {
    // Lengths around the vector widths the loops may be compiled to, and their tails.
    for count in 0..<80 {
      let values = Samples.arbitraryBitPatterns(count: count, seed: UInt64(40 + count))
      #expect(Samples.bits(unshuffle(shuffle(values))) == Samples.bits(values), "\(count) values")
    }
  }
}
