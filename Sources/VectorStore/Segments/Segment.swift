import Synchronization
import VectorCodecs

/// An open, memory-mapped segment: its block directory, ids and fingerprints parsed from the
/// trailer, and the blocks read in place.
///
/// Opening checks the footer and the trailer's checksum; each block's checksum is checked the
/// first time the block is read (or by ``verifyAll()``), so a flipped byte is reported and
/// never decoded into a wrong vector.
package final class Segment: Sendable {
  struct Column: Sendable {
    let codec: VectorCodec
    let blocks: [BlockEntry]
  }

  struct BlockEntry: Sendable {
    let offset: Int
    let length: Int
    let checksum: UInt32
  }

  private enum BlockState: UInt8 { case unchecked, valid, corrupt }

  package let number: UInt64
  package let name: String
  package let dimension: Int
  package let count: Int
  package let vectorsPerBlock: Int
  let columns: [Column]
  package let ids: [Int64]
  package let fingerprints: [UInt64]
  private let region: MappedRegion
  private let blockStates: Mutex<[[BlockState]]>

  package var fileBytes: Int { region.bytes.count }
  package var codec: VectorCodec { columns[0].codec }
  /// The column reads come from: the lossless copy when the segment has one.
  var readColumn: Int { columns.count - 1 }
  package func columnBytes(_ column: Int) -> Int { columns[column].blocks.reduce(0) { $0 + $1.length } }
  package var columnCount: Int { columns.count }
  package func columnCodec(_ column: Int) -> VectorCodec { columns[column].codec }

  init(number: UInt64, name: String, region: MappedRegion) throws(StoreError) {
    self.number = number
    self.name = name
    self.region = region
    let bytes = region.bytes
    func corrupt(_ why: String) -> StoreError { .corruptSegment(name, why) }
    guard bytes.count >= SegmentLayout.headerSize + SegmentLayout.footerSize else { throw corrupt("file is truncated (\(bytes.count) bytes)") }
    guard Array(bytes.prefix(8)) == SegmentLayout.magic else { throw corrupt("not a segment file") }
    var header = ByteReader(bytes, offset: 8)
    guard let version = header.read(UInt32.self), version == SegmentLayout.formatVersion,
      let dimension = header.read(UInt32.self), let count = header.read(UInt32.self),
      let perBlock = header.read(UInt32.self), let blockCount = header.read(UInt32.self),
      let columnCount = header.read(UInt32.self), dimension > 0, perBlock > 0, (1...2).contains(columnCount),
      Int(blockCount) == (Int(count) + Int(perBlock) - 1) / Int(perBlock)
    else { throw corrupt("unreadable header") }
    var footer = ByteReader(bytes, offset: bytes.count - SegmentLayout.footerSize)
    guard let trailerOffset = footer.read(UInt64.self), let trailerLength = footer.read(UInt32.self),
      let trailerChecksum = footer.read(UInt32.self),
      let endMagic = footer.readBytes(8), Array(endMagic) == SegmentLayout.endMagic,
      Int(trailerOffset) + Int(trailerLength) + SegmentLayout.footerSize == bytes.count
    else { throw corrupt("file is truncated or its footer is damaged") }
    var trailer = ByteReader(bytes, offset: Int(trailerOffset))
    guard let trailerBytes = trailer.readBytes(Int(trailerLength)), Checksum.crc32c(trailerBytes) == trailerChecksum else {
      throw corrupt("trailer checksum mismatch")
    }
    trailer = ByteReader(bytes, offset: Int(trailerOffset))
    var columns: [Column] = []
    for _ in 0..<columnCount {
      guard let tagLength = trailer.read(UInt16.self), let tagBytes = trailer.readBytes(Int(tagLength)) else {
        throw corrupt("unreadable block directory")
      }
      let tag = String(decoding: tagBytes, as: UTF8.self)
      guard let codec = VectorCodec(tag: tag) else { throw .unknownCodec(tag) }
      var blocks: [BlockEntry] = []
      blocks.reserveCapacity(Int(blockCount))
      for _ in 0..<blockCount {
        guard let offset = trailer.read(UInt64.self), let length = trailer.read(UInt32.self),
          let checksum = trailer.read(UInt32.self), Int(offset) + Int(length) <= Int(trailerOffset)
        else { throw corrupt("block directory points outside the file") }
        blocks.append(BlockEntry(offset: Int(offset), length: Int(length), checksum: checksum))
      }
      columns.append(Column(codec: codec, blocks: blocks))
    }
    var ids = [Int64](repeating: 0, count: Int(count))
    var fingerprints = [UInt64](repeating: 0, count: Int(count))
    for slot in 0..<Int(count) {
      guard let id = trailer.read(Int64.self) else { throw corrupt("ids are truncated") }
      ids[slot] = id
    }
    for slot in 0..<Int(count) {
      guard let fingerprint = trailer.read(UInt64.self) else { throw corrupt("fingerprints are truncated") }
      fingerprints[slot] = fingerprint
    }
    self.dimension = Int(dimension)
    self.count = Int(count)
    self.vectorsPerBlock = Int(perBlock)
    self.columns = columns
    self.ids = ids
    self.fingerprints = fingerprints
    blockStates = Mutex(Array(repeating: Array(repeating: .unchecked, count: Int(blockCount)), count: columns.count))
  }

  var blockCount: Int { columns[0].blocks.count }

  func slots(inBlock block: Int) -> Range<Int> {
    block * vectorsPerBlock..<min(count, (block + 1) * vectorsPerBlock)
  }

  /// A block's encoded bytes, in place in the mapping, once its checksum has been checked.
  func blockBytes(column: Int, block: Int) throws(StoreError) -> UnsafeRawBufferPointer {
    let entry = columns[column].blocks[block]
    let bytes = UnsafeRawBufferPointer(rebasing: region.bytes[entry.offset..<entry.offset + entry.length])
    let state = blockStates.withLock { $0[column][block] }
    switch state {
    case .valid: return bytes
    case .corrupt: throw .corruptBlock(segment: name, block: block)
    case .unchecked:
      let valid = Checksum.crc32c(bytes) == entry.checksum
      blockStates.withLock { $0[column][block] = valid ? .valid : .corrupt }
      guard valid else { throw .corruptBlock(segment: name, block: block) }
      return bytes
    }
  }

  /// Checks every block's checksum; returns the slots of blocks that failed.
  func verifyAll() -> [Int] {
    var damaged: [Int] = []
    for column in columns.indices {
      for block in 0..<blockCount {
        do { _ = try blockBytes(column: column, block: block) } catch { damaged.append(contentsOf: slots(inBlock: block)) }
      }
    }
    return Array(Set(damaged)).sorted()
  }

  /// Decodes the whole block of the read column into `output` (`slots(inBlock:).count × dimension` floats).
  func decodeBlock(_ block: Int, into output: UnsafeMutableBufferPointer<Float>) throws(StoreError) {
    let column = readColumn
    let bytes = try blockBytes(column: column, block: block)
    do {
      try columns[column].codec.decode(bytes, count: slots(inBlock: block).count, dimension: dimension, into: output)
    } catch {
      throw .corruptBlock(segment: name, block: block)
    }
  }
}
