import Testing
import VectorCodecs

/// Damaged zstd blocks must fail with an error: never crash, never come back as other vectors.
struct CompressedBlockTests {
  private static let count = 12
  private static let dimension = 16

  private func block(_ codec: VectorCodec) throws -> [UInt8] {
    try codec.encode(Samples.embeddings(count: Self.count, dimension: Self.dimension, seed: 30), dimension: Self.dimension)
  }

  @Test(arguments: VectorCodec.compressed)
  func everyTruncationIsAnError(codec: VectorCodec) throws {
    let block = try block(codec)
    for length in 0..<block.count {
      #expect(throws: CodecError.self, "truncated to \(length) bytes") {
        try codec.decodeAll(Array(block.prefix(length)), count: Self.count, dimension: Self.dimension)
      }
    }
  }

  @Test(arguments: VectorCodec.compressed)
  func flippedBitsAreCaught(codec: VectorCodec) throws {
    let block = try block(codec)
    let original = try codec.decodeAll(block, count: Self.count, dimension: Self.dimension)
    var ignoredFlips = 0
    for index in block.indices {
      for bit in 0..<8 {
        var damaged = block
        damaged[index] ^= UInt8(1) << bit
        do {
          let decoded = try codec.decodeAll(damaged, count: Self.count, dimension: Self.dimension)
          // A few bits zstd never reads (an unused header flag, padding in entropy tables) may
          // pass; then the content checksum proves the vectors are the original ones.
          #expect(Samples.bits(decoded) == Samples.bits(original), "flip of bit \(bit) in byte \(index)")
          ignoredFlips += 1
        } catch {
          #expect(error is CodecError)
        }
      }
    }
    // Observed: 1 of 6,256 single-bit flips ignored for plain zstd, 3 of 5,616 for shuffled.
    #expect(ignoredFlips < 16)
  }

  @Test(arguments: VectorCodec.compressed)
  func wrongVectorCountIsASizeMismatch(codec: VectorCodec) throws {
    let block = try block(codec)
    let rawBytes = Self.count * Self.dimension * 4
    #expect(throws: CodecError.sizeMismatch(tag: codec.tag, expectedBytes: rawBytes - 64, actualBytes: rawBytes)) {
      try codec.decodeAll(block, count: Self.count - 1, dimension: Self.dimension)
    }
  }

  @Test(arguments: VectorCodec.compressed)
  func garbageIsAnError(codec: VectorCodec) {
    var generator = SeededGenerator(seed: 31)
    for length in [1, 4, 9, 100, 3000] {
      let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      #expect(throws: CodecError.self) { try codec.decodeAll(garbage, count: 2, dimension: 8) }
    }
  }
}
