import Testing

@testable import VectorIndex

struct SerializationTests {
  static let dimension = 32
  static let values = TestData.clustered(count: 3_000, dimension: dimension, clusters: 30, seed: 41)
  static let ids = (0..<3_000).map { Int64($0) * 3 }

  static func ivf(_ encoding: IVFConfiguration.Encoding) throws -> IVFIndex {
    var index = try IVFIndex.train(
      vectors: values, dimension: dimension,
      configuration: IVFConfiguration(listCount: 16, reducedDimension: 16, encoding: encoding, seed: 3))
    try index.add(ids: ids, vectors: values)
    return index
  }

  static func sameResults(_ a: ANNIndex, _ b: ANNIndex) throws {
    let workspace = SearchWorkspace()
    for query in 0..<10 {
      let q = TestData.row(values, query * 17, dimension: dimension)
      try q.withUnsafeBufferPointer { q in
        let left = try a.search(query: q, k: 10, nprobe: 4, workspace: workspace)
        let right = try b.search(query: q, k: 10, nprobe: 4, workspace: workspace)
        #expect(left == right)
      }
    }
  }

  @Test(arguments: ["scalar", "scalar4", "product", "flat", "flatInt8"])
  func roundTripSearchesIdenticallyWithoutCopyingLists(kind: String) throws {
    let original: ANNIndex
    switch kind {
    case "scalar": original = .ivf(try Self.ivf(.scalar8))
    case "product": original = .ivf(try Self.ivf(.product(subquantizers: 4)))
    case "scalar4":
      var index = try IVFIndex.train(
        vectors: Self.values, dimension: Self.dimension,
        configuration: IVFConfiguration(listCount: 16, reducedDimension: nil, encoding: .scalar4, seed: 3))
      try index.add(ids: Self.ids, vectors: Self.values)
      original = .ivf(index)
    case "flat":
      var flat = FlatIndex(dimension: Self.dimension)
      try flat.add(ids: Self.ids, vectors: Self.values)
      original = .flat(flat)
    default:
      var flat = FlatInt8Index(dimension: Self.dimension)
      try flat.add(ids: Self.ids, vectors: Self.values)
      original = .flatInt8(flat)
    }
    let bytes = original.serialized()
    let storage = IndexBytes(bytes)
    let loaded = try ANNIndex(mapping: storage.buffer, owner: storage)
    #expect(loaded.count == original.count)
    try Self.sameResults(original, loaded)
    #expect(loaded.serialized() == bytes)
    switch loaded {
    case .ivf(let index): #expect(index.lists.allSatisfy { $0.ids.isBorrowed && $0.codes.isBorrowed })
    case .flat(let index): #expect(index.vectors.isBorrowed)
    case .flatInt8(let index): #expect(index.codes.isBorrowed)
    }
  }

  @Test func editingALoadedIndexCopiesOnlyTheChangedList() throws {
    let original = try Self.ivf(.scalar8)
    let bytes = original.serialized()
    let storage = IndexBytes(bytes)
    var loaded = try IVFIndex(mapping: storage.buffer, owner: storage)
    let victim = loaded.lists.firstIndex { $0.count > 0 }!
    let id = loaded.lists[victim].ids.elements[0]
    #expect(loaded.remove(ids: [id]) == 1)
    #expect(!loaded.lists[victim].ids.isBorrowed)
    #expect(loaded.lists.enumerated().allSatisfy { $0.offset == victim || $0.element.ids.isBorrowed })
    // The mapping itself is unchanged: a fresh load still has the removed id.
    let reloaded = try IVFIndex(mapping: storage.buffer, owner: storage)
    #expect(reloaded.count == original.count)
    #expect(loaded.count == original.count - 1)
    #expect(loaded.drift == original.drift)
  }

  @Test func corruptionIsDetected() throws {
    let bytes = try Self.ivf(.scalar8).serialized()
    for position in [0, 5, 9, 40, bytes.count / 2, bytes.count - 5, bytes.count - 1] {
      var corrupted = bytes
      corrupted[position] ^= 0x40
      #expect(throws: IndexFormatError.self) { try IVFIndex(bytes: corrupted) }
    }
    var badMagic = bytes
    badMagic[0] = UInt8(ascii: "X")
    #expect(throws: IndexFormatError.badMagic) { try IVFIndex(bytes: badMagic) }
    var badVersion = bytes
    badVersion[4] = 9
    #expect(throws: IndexFormatError.unsupportedVersion(9)) { try IVFIndex(bytes: badVersion) }
    #expect(throws: IndexFormatError.trailingBytes(3)) { try IVFIndex(bytes: bytes + [1, 2, 3]) }
    #expect(throws: IndexFormatError.kindMismatch(expected: 1, found: 3)) { try FlatIndex(bytes: bytes) }
  }

  @Test func everyTruncationIsATypedError() throws {
    let bytes = try Self.ivf(.product(subquantizers: 4)).serialized()
    var rng = SplitMix64(seed: 1)
    let lengths =
      [0, 1, 3, 4, 31, 32, 33, 100] + (0..<40).map { _ in rng.nextIndex(below: bytes.count) } + [bytes.count - 1]
    for length in lengths {
      #expect(throws: IndexFormatError.self) { try ANNIndex(bytes: Array(bytes.prefix(length))) }
    }
  }

  @Test func tamperedFieldsFailEvenWithoutChecksum() throws {
    // Lies in the directory must be caught by bounds checks, not by the checksum.
    var bytes = try Self.ivf(.scalar8).serialized()
    let storage = IndexBytes(bytes)
    let clean = try IVFIndex(mapping: storage.buffer)
    #expect(clean.count == 3_000)
    // Overwrite each 8-byte word of the first 4 KiB (header fields, parameters, directory) with
    // all-ones in turn: loading must throw or produce an index that searches without trapping.
    for offset in stride(from: 32, to: min(bytes.count - 8, 4_096), by: 8) {
      let saved = Array(bytes[offset..<(offset + 8)])
      for index in 0..<8 { bytes[offset + index] = 0xFF }
      let tampered = IndexBytes(bytes)
      if let index = try? IVFIndex(mapping: tampered.buffer, owner: tampered, verifyChecksum: false) {
        // Whatever loaded must still be searchable without trapping.
        _ = try? index.search(query: TestData.row(Self.values, 0, dimension: Self.dimension), k: 5, nprobe: 16)
      }
      for index in 0..<8 { bytes[offset + index] = saved[index] }
    }
  }

  @Test func misalignedBuffersAreRejected() throws {
    let bytes = try Self.ivf(.scalar8).serialized()
    let shifted = IndexBytes([0] + bytes)
    let view = UnsafeRawBufferPointer(rebasing: shifted.buffer[1...])
    #expect(throws: IndexFormatError.misaligned(offset: 0)) { try IVFIndex(mapping: view) }
  }
}
