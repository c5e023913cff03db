extension VectorCodec {
  /// Encodes `vectors.count / dimension` vectors, stored back to back in `vectors`, as one block.
  ///
  /// `level` is the zstd level for the compressed codecs (ignored by the others). Float
  /// mantissas leave zstd little to find: on 384-d embeddings level 1 is the fastest and
  /// compresses shuffled blocks as well as 3 or 9 do.
  package func encode(_ vectors: UnsafeBufferPointer<Float>, dimension: Int, level: Int32 = 3) throws(CodecError) -> [UInt8] {
    guard dimension > 0, vectors.count % dimension == 0 else {
      throw .invalidShape(tag: tag, reason: "\(vectors.count) floats are not whole vectors of dimension \(dimension)")
    }
    let shape = try BlockShape(codec: self, count: vectors.count / dimension, dimension: dimension)
    switch self {
    case .fp32:
      return Array(UnsafeRawBufferPointer(vectors))
    case .fp32Zstd:
      return try compress(UnsafeRawBufferPointer(vectors), level: level)
    case .fp32ShuffleZstd:
      let planes = UnsafeMutableRawBufferPointer.allocate(byteCount: shape.rawBytes, alignment: 16)
      defer { planes.deallocate() }
      ByteShuffle.shuffle(vectors, into: planes)
      // A block per plane: each gets its own literal statistics (see `Zstd.compress`).
      return try compress(UnsafeRawBufferPointer(planes), level: level, endBlockEvery: shape.components)
    case .fp16, .int8:
      let blockBytes = shape.fixedBlockBytes ?? 0
      return [UInt8](unsafeUninitializedCapacity: blockBytes) { buffer, initializedCount in
        let block = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[0..<blockBytes]))
        if self == .fp16 {
          HalfFloat.encode(vectors, into: block)
        } else {
          Self.encodeInt8(vectors, shape: shape, into: block)
        }
        initializedCount = blockBytes
      }
    }
  }

  /// Writes each vector as its scale followed by its codes.
  private static func encodeInt8(
    _ vectors: UnsafeBufferPointer<Float>, shape: BlockShape, into block: UnsafeMutableRawBufferPointer
  ) {
    guard let start = block.baseAddress else { return }
    let dimension = shape.dimension
    let recordBytes = 4 + dimension
    for vector in 0..<shape.count {
      let record = start + vector * recordBytes
      let source = UnsafeBufferPointer(rebasing: vectors[vector * dimension..<(vector + 1) * dimension])
      // The block's bytes are UInt8, which Int8 may alias.
      let codes = UnsafeMutableBufferPointer(start: (record + 4).assumingMemoryBound(to: Int8.self), count: dimension)
      let scale = Int8Codes.quantize(source, into: codes)
      record.storeBytes(of: scale.bitPattern.littleEndian, as: UInt32.self)
    }
  }

  private func compress(_ bytes: UnsafeRawBufferPointer, level: Int32, endBlockEvery segmentBytes: Int? = nil)
    throws(CodecError) -> [UInt8]
  {
    do throws(ZstdError) {
      return try Zstd.compress(bytes, level: level, endBlockEvery: segmentBytes)
    } catch {
      throw .zstdFailure(tag: tag, error)
    }
  }
}
