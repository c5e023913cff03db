/// The validated sizes of a block. Counts and dimensions come from stored headers, which may be
/// corrupt, so every product is checked for overflow before anything is allocated or indexed.
struct BlockShape {
  let codec: VectorCodec
  let count: Int
  let dimension: Int
  /// `count × dimension`.
  let components: Int
  /// The block's size as raw fp32, `components × 4`.
  let rawBytes: Int
  /// For fixed-size codecs, the bytes of one vector and of the whole block; nil for zstd.
  let bytesPerVector: Int?
  let fixedBlockBytes: Int?

  init(codec: VectorCodec, count: Int, dimension: Int) throws(CodecError) {
    func invalid(_ reason: String) -> CodecError { .invalidShape(tag: codec.tag, reason: reason) }
    guard dimension > 0 else { throw invalid("dimension \(dimension) is not positive") }
    guard count >= 0 else { throw invalid("vector count \(count) is negative") }
    // 4 + dimension ≤ 5 × dimension bounds every codec's bytes per vector.
    let (largestVectorBytes, vectorOverflow) = dimension.multipliedReportingOverflow(by: 5)
    let (_, blockOverflow) = count.multipliedReportingOverflow(by: largestVectorBytes)
    guard !vectorOverflow, !blockOverflow else {
      throw invalid("\(count) vectors of dimension \(dimension) overflow a block's size")
    }
    self.codec = codec
    self.count = count
    self.dimension = dimension
    components = count * dimension
    rawBytes = components * 4
    bytesPerVector = codec.fixedBytesPerVector(dimension: dimension)
    fixedBlockBytes = bytesPerVector.map { $0 * count }
  }

  /// Checks that a fixed-size block has exactly the bytes its vectors need.
  func checkFixedSize(_ bytes: UnsafeRawBufferPointer, expected: Int) throws(CodecError) {
    if bytes.count < expected {
      throw .truncatedBlock(tag: codec.tag, expectedBytes: expected, actualBytes: bytes.count)
    }
    if bytes.count > expected {
      throw .sizeMismatch(tag: codec.tag, expectedBytes: expected, actualBytes: bytes.count)
    }
  }

  /// Checks that an output buffer has room for `needed` floats.
  func checkOutput(_ output: UnsafeMutableBufferPointer<Float>, needs needed: Int) throws(CodecError) {
    guard output.count >= needed else {
      throw .invalidShape(tag: codec.tag, reason: "output holds \(output.count) floats, decoding needs \(needed)")
    }
  }
}
