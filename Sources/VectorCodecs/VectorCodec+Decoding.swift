extension VectorCodec {
  /// Decodes all `count` vectors of a block into the first `count × dimension` floats of
  /// `output`. The block must be exactly what `encode` wrote: a fixed-size block of another
  /// length, or a frame that decodes to another length, is an error. After an error the
  /// contents of `output` are unspecified.
  package func decode(
    _ bytes: UnsafeRawBufferPointer, count: Int, dimension: Int, into output: UnsafeMutableBufferPointer<Float>
  ) throws(CodecError) {
    let shape = try BlockShape(codec: self, count: count, dimension: dimension)
    try shape.checkOutput(output, needs: shape.components)
    let destination = UnsafeMutableBufferPointer(rebasing: output[0..<shape.components])
    switch self {
    case .fp32Zstd:
      try decompress(bytes, into: UnsafeMutableRawBufferPointer(destination))
    case .fp32ShuffleZstd:
      let planes = UnsafeMutableRawBufferPointer.allocate(byteCount: shape.rawBytes, alignment: 16)
      defer { planes.deallocate() }
      try decompress(bytes, into: planes)
      ByteShuffle.unshuffle(UnsafeRawBufferPointer(planes), into: destination)
    case .fp32, .fp16, .int8:
      try shape.checkFixedSize(bytes, expected: shape.fixedBlockBytes ?? 0)
      decodeFixedSize(bytes, count: count, dimension: dimension, into: destination)
    }
  }

  /// Decodes the vector in `slot` (0-based) into the first `dimension` floats of `output`.
  ///
  /// For the fixed-size codecs this reads only that vector's bytes (after checking the block's
  /// total length), which is what makes rescoring a few candidates from a large block cheap.
  /// The zstd codecs cannot seek inside a frame: they decode the whole block into scratch
  /// memory and copy the slot out, so callers reading several slots should `decode` once.
  package func decodeOne(
    _ bytes: UnsafeRawBufferPointer, slot: Int, count: Int, dimension: Int, into output: UnsafeMutableBufferPointer<Float>
  ) throws(CodecError) {
    let shape = try BlockShape(codec: self, count: count, dimension: dimension)
    guard slot >= 0, slot < count else {
      throw .invalidShape(tag: tag, reason: "slot \(slot) is outside the block's \(count) vectors")
    }
    try shape.checkOutput(output, needs: dimension)
    let destination = UnsafeMutableBufferPointer(rebasing: output[0..<dimension])
    guard let bytesPerVector = shape.bytesPerVector else {
      let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: shape.components)
      defer { scratch.deallocate() }
      try decode(bytes, count: count, dimension: dimension, into: scratch)
      let vector = UnsafeBufferPointer(rebasing: scratch[slot * dimension..<(slot + 1) * dimension])
      UnsafeMutableRawBufferPointer(destination).copyMemory(from: UnsafeRawBufferPointer(vector))
      return
    }
    try shape.checkFixedSize(bytes, expected: shape.fixedBlockBytes ?? 0)
    let record = UnsafeRawBufferPointer(rebasing: bytes[slot * bytesPerVector..<(slot + 1) * bytesPerVector])
    decodeFixedSize(record, count: 1, dimension: dimension, into: destination)
  }

  /// Decodes `count` vectors of a fixed-size codec whose byte count has been checked.
  private func decodeFixedSize(
    _ bytes: UnsafeRawBufferPointer, count: Int, dimension: Int, into destination: UnsafeMutableBufferPointer<Float>
  ) {
    switch self {
    case .fp32:
      UnsafeMutableRawBufferPointer(destination).copyMemory(from: bytes)
    case .fp16:
      HalfFloat.decode(bytes, into: destination)
    case .int8:
      let recordBytes = 4 + dimension
      for vector in 0..<count {
        let record = vector * recordBytes
        let scale = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: record, as: UInt32.self)))
        // Int8 may alias the block's bytes, whatever their bound type.
        let codes = UnsafeRawBufferPointer(rebasing: bytes[record + 4..<record + recordBytes]).assumingMemoryBound(to: Int8.self)
        let vectorOutput = UnsafeMutableBufferPointer(rebasing: destination[vector * dimension..<(vector + 1) * dimension])
        Int8Codes.dequantize(codes, scale: scale, into: vectorOutput)
      }
    case .fp32Zstd, .fp32ShuffleZstd:
      // Not fixed-size; `decode` and `decodeOne` never route these here.
      break
    }
  }

  private func decompress(_ bytes: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) throws(CodecError) {
    do throws(ZstdError) {
      try Zstd.decompress(bytes, into: destination)
    } catch {
      if case .sizeMismatch(let expected, let actual) = error {
        throw .sizeMismatch(tag: tag, expectedBytes: expected, actualBytes: actual)
      }
      throw .zstdFailure(tag: tag, error)
    }
  }
}
