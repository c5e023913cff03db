// IVF body layout (after the common header):
//
//   dimension u64, reduced dimension u64, list count u64,
//   encoding u32 (1 scalar8, 2 product, 3 scalar4), spherical u32, has PCA u32, reserved u32,
//   sub-quantizers u64 (0 for scalar8),
//   training count u64, training mean error f32, recent mean error f32, added count u64,
//   [PCA mean: dimension × f32, components: reduced × dimension × f32]     (if has PCA)
//   centroids: lists × reduced × f32
//   scalar8: offsets, steps | scalar4: lows, steps (reduced × f32 each)
//   | product: codebooks (m × 256 × reduced/m × f32)
//   directory: lists × (entry count u64, ids offset u64, codes offset u64)
//   per list: ids [Int64], codes [UInt8] (each 64-aligned)
//
// Parameter blocks are small and copied at load; the lists, which are nearly all of the file,
// are used in place.

extension IVFIndex {
  package func serialized() -> [UInt8] {
    var writer = IndexFileHeader.begin(.ivf)
    writer.reserveCapacity(memoryFootprint + listCount * 128 + 4096)
    writer.append(count: dimension)
    writer.append(count: reducedDimension)
    writer.append(count: listCount)
    switch encoding {
    case .scalar8: writer.append(UInt32(1))
    case .product: writer.append(UInt32(2))
    case .scalar4: writer.append(UInt32(3))
    }
    writer.append(UInt32(coarse.spherical ? 1 : 0))
    writer.append(UInt32(transform == nil ? 0 : 1))
    writer.append(UInt32(0))
    if case .product(let quantizer) = encoding {
      writer.append(count: quantizer.subquantizerCount)
    } else {
      writer.append(count: 0)
    }
    writer.append(count: drift.trainingCount)
    writer.append(drift.trainingMeanError)
    writer.append(drift.recentMeanError)
    writer.append(count: drift.addedCount)
    if let transform {
      writer.appendAligned(transform.mean)
      writer.appendAligned(transform.components)
    }
    writer.appendAligned(coarse.centroids)
    switch encoding {
    case .scalar8(let quantizer):
      writer.appendAligned(quantizer.offsets)
      writer.appendAligned(quantizer.steps)
    case .scalar4(let quantizer):
      writer.appendAligned(quantizer.lows)
      writer.appendAligned(quantizer.steps)
    case .product(let quantizer):
      writer.appendAligned(quantizer.codebooks)
    }
    writer.align()
    let directory = writer.count
    for _ in 0..<(listCount * 3) { writer.append(UInt64(0)) }
    for (cell, list) in lists.enumerated() {
      writer.patch(UInt64(list.count), at: directory + cell * 24)
      writer.align()
      writer.patch(UInt64(writer.count), at: directory + cell * 24 + 8)
      list.ids.withUnsafeBufferPointer { writer.appendAligned($0) }
      writer.align()
      writer.patch(UInt64(writer.count), at: directory + cell * 24 + 16)
      list.codes.withUnsafeBufferPointer { writer.appendAligned($0) }
    }
    return IndexFileHeader.finish(&writer)
  }

  /// Reads an index from `mapping` (typically a memory-mapped file) without copying its lists.
  /// The mapping must outlive the index and every value derived from it, unless `owner` (which
  /// is retained) guarantees that. Lists are copied individually when first changed.
  package init(mapping: UnsafeRawBufferPointer, owner: AnyObject? = nil, verifyChecksum: Bool = true)
    throws(IndexFormatError)
  {
    var (kind, reader) = try IndexFileHeader.open(mapping, verifyChecksum: verifyChecksum)
    guard kind == .ivf else { throw .kindMismatch(expected: IndexFileHeader.Kind.ivf.rawValue, found: kind.rawValue) }
    let dimension = try reader.count(maximum: 1 << 16)
    let reduced = try reader.count(maximum: dimension)
    let listCount = try reader.count(maximum: 1 << 24)
    let encodingKind = try reader.uint32()
    let spherical = try reader.uint32() != 0
    let hasPCA = try reader.uint32() != 0
    _ = try reader.uint32()
    let subquantizers = try reader.count(maximum: reduced)
    let trainingCount = try reader.count()
    let trainingMeanError = try reader.float()
    let recentMeanError = try reader.float()
    let addedCount = try reader.count(maximum: Int(Int64.max))
    guard dimension > 0, reduced > 0, listCount > 0 else { throw .invalidField("zero dimension or list count") }
    guard hasPCA || reduced == dimension else { throw .invalidField("reduced dimension without PCA") }

    var transform: PCATransform?
    if hasPCA {
      let mean = try reader.copiedArray(of: Float.self, count: dimension)
      let components = try reader.copiedArray(of: Float.self, count: reduced * dimension)
      transform = PCATransform(inputDimension: dimension, outputDimension: reduced, mean: mean, components: components)
    }
    let centroids = try reader.copiedArray(of: Float.self, count: listCount * reduced)
    let coarse = KMeans(dimension: reduced, centroids: centroids, spherical: spherical)
    let encoding: IVFEncoding
    switch encodingKind {
    case 1:
      let offsets = try reader.copiedArray(of: Float.self, count: reduced)
      let steps = try reader.copiedArray(of: Float.self, count: reduced)
      encoding = .scalar8(ScalarQuantizer(dimension: reduced, offsets: offsets, steps: steps))
    case 3:
      guard reduced % ScalarQuantizer4.blockWidth == 0 else {
        throw .invalidField("4-bit codes over \(reduced) dimensions")
      }
      let lows = try reader.copiedArray(of: Float.self, count: reduced)
      let steps = try reader.copiedArray(of: Float.self, count: reduced)
      encoding = .scalar4(ScalarQuantizer4(dimension: reduced, lows: lows, steps: steps))
    case 2:
      guard subquantizers > 0, reduced % subquantizers == 0 else {
        throw .invalidField("\(subquantizers) sub-quantizers do not divide \(reduced)")
      }
      let codebooks = try reader.copiedArray(of: Float.self, count: ProductQuantizer.codebookSize * reduced)
      encoding = .product(ProductQuantizer(dimension: reduced, subquantizerCount: subquantizers, codebooks: codebooks))
    default:
      throw .invalidField("unknown IVF encoding \(encodingKind)")
    }

    let codeSize = encoding.codeSize
    try reader.align()
    let directory = try reader.array(of: UInt64.self, count: listCount * 3)
    var lists = [InvertedList]()
    lists.reserveCapacity(listCount)
    for cell in 0..<listCount {
      let entries = Int(clamping: UInt64(littleEndian: directory[cell * 3]))
      let ids = try Self.section(
        mapping, offset: directory[cell * 3 + 1], count: entries, of: Int64.self, limit: reader.limit)
      let (codeBytes, overflow) = entries.multipliedReportingOverflow(by: codeSize)
      guard !overflow else { throw .invalidField("list \(cell) is too large") }
      let codes = try Self.section(
        mapping, offset: directory[cell * 3 + 2], count: codeBytes, of: UInt8.self, limit: reader.limit)
      lists.append(
        InvertedList(
          ids: ElementStorage(borrowing: ids, owner: owner), codes: ElementStorage(borrowing: codes, owner: owner)))
    }
    let drift = DriftStatistics(
      trainingCount: trainingCount, trainingMeanError: trainingMeanError, addedCount: addedCount,
      recentMeanError: recentMeanError)
    self.init(
      dimension: dimension, transform: transform, coarse: coarse, encoding: encoding, lists: lists, drift: drift)
  }

  package init(bytes: [UInt8]) throws(IndexFormatError) {
    let storage = IndexBytes(bytes)
    try self.init(mapping: storage.buffer, owner: storage)
  }

  /// A list section at an absolute file offset, checked against the body's end and alignment.
  private static func section<T: BitwiseCopyable>(
    _ bytes: UnsafeRawBufferPointer, offset rawOffset: UInt64, count: Int, of type: T.Type, limit: Int
  ) throws(IndexFormatError) -> UnsafeBufferPointer<T> {
    let offset = Int(clamping: UInt64(littleEndian: rawOffset))
    let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
    guard !overflow, offset >= IndexFileHeader.size, offset <= limit, size <= limit - offset else {
      throw .truncated(offset: offset, needed: overflow ? Int.max : size)
    }
    guard let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
    let pointer = base + offset
    guard Int(bitPattern: pointer) % MemoryLayout<T>.alignment == 0 else { throw .misaligned(offset: offset) }
    return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: T.self), count: count)
  }
}
