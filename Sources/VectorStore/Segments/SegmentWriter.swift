import VectorCodecs

/// Writes one immutable segment file: blocks encoded with each column's codec, a trailer
/// with per-block checksums, ids and fingerprints, then an fsync.
struct SegmentWriter {
  /// Which codecs a segment carries: the store's codec and, when that codec is meant for
  /// scanning only (int8), a raw fp32 copy for exact rescoring. Raw, not compressed: a
  /// rescoring read must cost a copy, not a block decompression.
  static func columns(for codec: VectorCodec) -> [VectorCodec] {
    codec == .int8 ? [.int8, .fp32] : [codec]
  }

  /// Bytes written per column, for the status and the benchmark.
  struct Summary {
    var columnBytes: [Int]
    var fileBytes: Int
  }

  let fileSystem: any FileSystem
  let dimension: Int
  let codec: VectorCodec
  let vectorsPerBlock: Int
  let compressionLevel: Int32

  /// `vectors` holds `ids.count × dimension` floats, row-major.
  func write(path: String, ids: [Int64], fingerprints: [UInt64], vectors: [Float]) throws(StoreError) -> Summary {
    guard ids.count == fingerprints.count, vectors.count == ids.count * dimension, vectorsPerBlock > 0 else {
      throw StoreError.invalidArgument("segment rows do not match: \(ids.count) ids, \(fingerprints.count) fingerprints, \(vectors.count) floats")
    }
    let file = try StoreError.wrap { () throws(FileSystemError) in try fileSystem.createFile(atPath: path) }
    let columns = Self.columns(for: codec)
    let blockCount = (ids.count + vectorsPerBlock - 1) / vectorsPerBlock
    var header = ByteWriter()
    header.append(SegmentLayout.magic)
    header.append(SegmentLayout.formatVersion)
    header.append(UInt32(dimension))
    header.append(UInt32(ids.count))
    header.append(UInt32(vectorsPerBlock))
    header.append(UInt32(blockCount))
    header.append(UInt32(columns.count))
    header.pad(to: SegmentLayout.headerSize)
    var offset = SegmentLayout.headerSize
    var trailer = ByteWriter()
    var columnBytes: [Int] = []
    try StoreError.wrap { () throws(FileSystemError) in try file.write(header.bytes) }
    for column in columns {
      let tag = Array(column.tag.utf8)
      trailer.append(UInt16(tag.count))
      trailer.append(tag)
      var bytesInColumn = 0
      for block in 0..<blockCount {
        let start = block * vectorsPerBlock
        let end = min(ids.count, start + vectorsPerBlock)
        let encoded: [UInt8]
        do {
          encoded = try vectors.withUnsafeBufferPointer { all in
            try column.encode(
              UnsafeBufferPointer(rebasing: all[start * dimension..<end * dimension]), dimension: dimension,
              level: compressionLevel)
          }
        } catch {
          throw StoreError.invalidArgument("cannot encode block \(block) with \(column.tag): \(error)")
        }
        let aligned = SegmentLayout.aligned(offset)
        let padding = [UInt8](repeating: 0, count: aligned - offset)
        let checksum = encoded.withUnsafeBytes { Checksum.crc32c($0) }
        try StoreError.wrap { () throws(FileSystemError) in
          try file.write(padding)
          try file.write(encoded)
        }
        trailer.append(UInt64(aligned))
        trailer.append(UInt32(encoded.count))
        trailer.append(checksum)
        offset = aligned + encoded.count
        bytesInColumn += encoded.count
      }
      columnBytes.append(bytesInColumn)
    }
    for id in ids { trailer.append(id) }
    for fingerprint in fingerprints { trailer.append(fingerprint) }
    var footer = ByteWriter()
    footer.append(UInt64(offset))
    footer.append(UInt32(trailer.bytes.count))
    footer.append(trailer.bytes.withUnsafeBytes { Checksum.crc32c($0) })
    footer.append(SegmentLayout.endMagic)
    try StoreError.wrap { () throws(FileSystemError) in
      try file.write(trailer.bytes)
      try file.write(footer.bytes)
      try file.sync()
      try file.close()
    }
    return Summary(
      columnBytes: columnBytes, fileBytes: offset + trailer.bytes.count + footer.bytes.count)
  }
}
