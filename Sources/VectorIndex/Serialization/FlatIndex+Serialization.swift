// Body layouts:
//   flat float32: dimension u64, count u64, ids [Int64] (aligned), vectors [Float] (aligned)
//   flat int8:    dimension u64, count u64, ids [Int64], scales [Float], codes [Int8] (each aligned)

extension FlatIndex {
  package func serialized() -> [UInt8] {
    var writer = IndexFileHeader.begin(.flatFloat32)
    writer.reserveCapacity(memoryFootprint + 256)
    writer.append(count: dimension)
    writer.append(count: count)
    ids.withUnsafeBufferPointer { writer.appendAligned($0) }
    vectors.withUnsafeBufferPointer { writer.appendAligned($0) }
    return IndexFileHeader.finish(&writer)
  }

  /// Reads an index in place from `mapping` (for example a memory-mapped file); nothing is
  /// copied. The mapping must stay valid while the index or any copy of it is in use, unless
  /// `owner` (which is retained) guarantees that.
  package init(mapping: UnsafeRawBufferPointer, owner: AnyObject? = nil, verifyChecksum: Bool = true)
    throws(IndexFormatError)
  {
    var (kind, reader) = try IndexFileHeader.open(mapping, verifyChecksum: verifyChecksum)
    guard kind == .flatFloat32 else {
      throw .kindMismatch(expected: IndexFileHeader.Kind.flatFloat32.rawValue, found: kind.rawValue)
    }
    let dimension = try reader.count(maximum: 1 << 20)
    let count = try reader.count()
    guard dimension > 0 else { throw .invalidField("dimension 0") }
    let ids = try reader.array(of: Int64.self, count: count)
    let (values, overflow) = count.multipliedReportingOverflow(by: dimension)
    guard !overflow else { throw .invalidField("vector count overflows") }
    let vectors = try reader.array(of: Float.self, count: values)
    self.init(
      dimension: dimension, ids: ElementStorage(borrowing: ids, owner: owner),
      vectors: ElementStorage(borrowing: vectors, owner: owner))
  }

  /// Reads from bytes by first copying them into an aligned buffer the index then owns.
  package init(bytes: [UInt8]) throws(IndexFormatError) {
    let storage = IndexBytes(bytes)
    try self.init(mapping: storage.buffer, owner: storage)
  }
}

extension FlatInt8Index {
  package func serialized() -> [UInt8] {
    var writer = IndexFileHeader.begin(.flatInt8)
    writer.reserveCapacity(memoryFootprint + 256)
    writer.append(count: dimension)
    writer.append(count: count)
    ids.withUnsafeBufferPointer { writer.appendAligned($0) }
    scales.withUnsafeBufferPointer { writer.appendAligned($0) }
    codes.withUnsafeBufferPointer { writer.appendAligned($0) }
    return IndexFileHeader.finish(&writer)
  }

  package init(mapping: UnsafeRawBufferPointer, owner: AnyObject? = nil, verifyChecksum: Bool = true)
    throws(IndexFormatError)
  {
    var (kind, reader) = try IndexFileHeader.open(mapping, verifyChecksum: verifyChecksum)
    guard kind == .flatInt8 else {
      throw .kindMismatch(expected: IndexFileHeader.Kind.flatInt8.rawValue, found: kind.rawValue)
    }
    let dimension = try reader.count(maximum: 1 << 20)
    let count = try reader.count()
    guard dimension > 0 else { throw .invalidField("dimension 0") }
    let ids = try reader.array(of: Int64.self, count: count)
    let scales = try reader.array(of: Float.self, count: count)
    let (values, overflow) = count.multipliedReportingOverflow(by: dimension)
    guard !overflow else { throw .invalidField("code count overflows") }
    let codes = try reader.array(of: Int8.self, count: values)
    self.init(
      dimension: dimension, ids: ElementStorage(borrowing: ids, owner: owner),
      codes: ElementStorage(borrowing: codes, owner: owner), scales: ElementStorage(borrowing: scales, owner: owner))
  }

  package init(bytes: [UInt8]) throws(IndexFormatError) {
    let storage = IndexBytes(bytes)
    try self.init(mapping: storage.buffer, owner: storage)
  }
}
