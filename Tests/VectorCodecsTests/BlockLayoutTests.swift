import Testing
import VectorCodecs

struct BlockLayoutTests {
  @Test(arguments: VectorCodec.allCases)
  func decodeOneEqualsTheSliceOfDecode(codec: VectorCodec) throws {
    let count = 9
    let dimension = 13
    let values = Samples.embeddings(count: count, dimension: dimension, seed: 20)
    let block = try codec.encode(values, dimension: dimension)
    let all = try codec.decodeAll(block, count: count, dimension: dimension)
    for slot in 0..<count {
      let one = try codec.decodeSlot(block, slot: slot, count: count, dimension: dimension)
      #expect(Samples.bits(one) == Samples.bits(all[slot * dimension..<(slot + 1) * dimension]), "slot \(slot)")
    }
  }

  @Test(arguments: [VectorCodec.fp32, .fp16, .int8])
  func decodeOneReadsOnlyItsSlot(codec: VectorCodec) throws {
    let count = 5
    let dimension = 7
    let values = Samples.embeddings(count: count, dimension: dimension, seed: 21)
    let block = try codec.encode(values, dimension: dimension)
    let bytesPerVector = try #require(codec.fixedBytesPerVector(dimension: dimension))
    #expect(block.count == count * bytesPerVector)
    let slot = 3
    let expected = try codec.decodeSlot(block, slot: slot, count: count, dimension: dimension)
    // Scribble over every other vector: the slot must decode the same.
    var scribbled = block
    for index in scribbled.indices where !(slot * bytesPerVector..<(slot + 1) * bytesPerVector).contains(index) {
      scribbled[index] = 0xA5
    }
    let decoded = try codec.decodeSlot(scribbled, slot: slot, count: count, dimension: dimension)
    #expect(Samples.bits(decoded) == Samples.bits(expected))
  }

  @Test(arguments: VectorCodec.allCases)
  func emptyBlockRoundTrips(codec: VectorCodec) throws {
    let block = try codec.encode([], dimension: 384)
    if codec.fixedBytesPerVector(dimension: 384) != nil {
      #expect(block.isEmpty)
    }
    #expect(try codec.decodeAll(block, count: 0, dimension: 384).isEmpty)
    #expect(throws: CodecError.self) { try codec.decodeSlot(block, slot: 0, count: 0, dimension: 384) }
  }

  @Test(arguments: [VectorCodec.fp32, .fp16, .int8])
  func fixedSizeBlockOfWrongLengthIsRejected(codec: VectorCodec) throws {
    let block = try codec.encode(Samples.embeddings(count: 3, dimension: 8, seed: 22), dimension: 8)
    let expected = block.count
    #expect(throws: CodecError.truncatedBlock(tag: codec.tag, expectedBytes: expected, actualBytes: expected - 1)) {
      try codec.decodeAll(Array(block.dropLast()), count: 3, dimension: 8)
    }
    #expect(throws: CodecError.sizeMismatch(tag: codec.tag, expectedBytes: expected, actualBytes: expected + 1)) {
      try codec.decodeAll(block + [0], count: 3, dimension: 8)
    }
    #expect(throws: CodecError.truncatedBlock(tag: codec.tag, expectedBytes: expected, actualBytes: expected - 1)) {
      try codec.decodeSlot(Array(block.dropLast()), slot: 0, count: 3, dimension: 8)
    }
  }

  @Test(arguments: VectorCodec.allCases)
  func invalidShapesAreRejected(codec: VectorCodec) throws {
    let values = Samples.embeddings(count: 2, dimension: 4, seed: 23)
    #expect(throws: CodecError.self) { try codec.encode(values, dimension: 3) }
    #expect(throws: CodecError.self) { try codec.encode(values, dimension: 0) }
    let block = try codec.encode(values, dimension: 4)
    #expect(throws: CodecError.self) { try codec.decodeAll(block, count: 2, dimension: 0) }
    #expect(throws: CodecError.self) { try codec.decodeAll(block, count: -1, dimension: 4) }
    #expect(throws: CodecError.self) { try codec.decodeAll(block, count: Int.max / 2, dimension: 4) }
    #expect(throws: CodecError.self) { try codec.decodeSlot(block, slot: 2, count: 2, dimension: 4) }
    #expect(throws: CodecError.self) { try codec.decodeSlot(block, slot: -1, count: 2, dimension: 4) }
    var small = [Float](repeating: 0, count: 7)
    #expect(throws: CodecError.self) {
      try block.withUnsafeBytes { bytes in
        try small.withUnsafeMutableBufferPointer { try codec.decode(bytes, count: 2, dimension: 4, into: $0) }
      }
    }
  }

  @Test func decodeWritesOnlyTheBlocksFloats() throws {
    let block = try VectorCodec.fp16.encode([1, 2], dimension: 2)
    var output: [Float] = [9, 9, 9]
    try block.withUnsafeBytes { bytes in
      try output.withUnsafeMutableBufferPointer { try VectorCodec.fp16.decode(bytes, count: 1, dimension: 2, into: $0) }
    }
    #expect(output == [1, 2, 9])
  }

  @Test func fixedSizes() {
    #expect(VectorCodec.fp32.fixedBytesPerVector(dimension: 384) == 1536)
    #expect(VectorCodec.fp16.fixedBytesPerVector(dimension: 384) == 768)
    #expect(VectorCodec.int8.fixedBytesPerVector(dimension: 384) == 388)
    #expect(VectorCodec.fp32Zstd.fixedBytesPerVector(dimension: 384) == nil)
    #expect(VectorCodec.fp32ShuffleZstd.fixedBytesPerVector(dimension: 384) == nil)
  }
}

struct CodecTagTests {
  @Test func tagsAreStableAndRoundTrip() throws {
    #expect(VectorCodec.allCases.map(\.tag) == ["fp32-v1", "fp32-zstd-v1", "fp32-shuffle-zstd-v1", "fp16-v1", "int8-v1"])
    for codec in VectorCodec.allCases {
      #expect(VectorCodec(tag: codec.tag) == codec)
      #expect(try VectorCodec(checkedTag: codec.tag) == codec)
    }
  }

  @Test func unknownTagIsAnError() {
    #expect(VectorCodec(tag: "fp32-v2") == nil)
    #expect(VectorCodec(tag: "") == nil)
    #expect(throws: CodecError.unknownTag("bf16-v1")) { try VectorCodec(checkedTag: "bf16-v1") }
    #expect(CodecError.unknownTag("bf16-v1").description.contains("fp32-shuffle-zstd-v1"))
  }

  @Test func losslessness() {
    #expect(VectorCodec.allCases.filter(\.isLossless) == [.fp32, .fp32Zstd, .fp32ShuffleZstd])
  }
}
