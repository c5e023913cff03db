import Testing
import VectorCodecs

struct LosslessCodecTests {
  @Test(arguments: VectorCodec.lossless)
  func embeddingsRoundTripBitExact(codec: VectorCodec) throws {
    let values = Samples.embeddings(count: 37, dimension: 24, seed: 1)
    #expect(Samples.bits(try codec.roundTrip(values, dimension: 24)) == Samples.bits(values))
  }

  @Test(arguments: VectorCodec.lossless)
  func arbitraryBitPatternsRoundTripBitExact(codec: VectorCodec) throws {
    // Uniform bit patterns include NaNs with every payload; `==` on floats would miss them.
    let values = Samples.arbitraryBitPatterns(count: 50 * 17, seed: 2)
    #expect(Samples.bits(try codec.roundTrip(values, dimension: 17)) == Samples.bits(values))
  }

  @Test(arguments: VectorCodec.lossless)
  func trickyValuesRoundTripBitExact(codec: VectorCodec) throws {
    let dimension = Samples.trickyValues.count
    // Each vector a rotation of the list, so every value meets every position and byte plane offset.
    let values = (0..<dimension).flatMap { shift in
      Samples.trickyValues[shift...] + Samples.trickyValues[..<shift]
    }
    #expect(Samples.bits(try codec.roundTrip(values, dimension: dimension)) == Samples.bits(values))
  }

  @Test(arguments: VectorCodec.compressed, [Int32(1), 3, 9, 19])
  func everyLevelRoundTrips(codec: VectorCodec, level: Int32) throws {
    let values = Samples.embeddings(count: 16, dimension: 48, seed: 3)
    #expect(Samples.bits(try codec.roundTrip(values, dimension: 48, level: level)) == Samples.bits(values))
  }

  @Test func fp32StoresRawLittleEndianFloats() throws {
    let block = try VectorCodec.fp32.encode([1, -2], dimension: 2)
    #expect(block == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
  }

  @Test func shufflingHelpsZstdOnEmbeddings() throws {
    // Unit vectors share sign/exponent bytes, which only shuffling lines up for zstd.
    let values = Samples.embeddings(count: 64, dimension: 96, seed: 4)
    let raw = try VectorCodec.fp32.encode(values, dimension: 96).count
    let plain = try VectorCodec.fp32Zstd.encode(values, dimension: 96).count
    let shuffled = try VectorCodec.fp32ShuffleZstd.encode(values, dimension: 96).count
    #expect(shuffled < plain)
    #expect(plain <= raw + 64)
  }
}
