import VectorCodecs

#if canImport(Glibc)
  import Glibc
#endif

/// `sextant bench storage`: what each codec costs on disk and what each cache tier costs to
/// read, on real vectors, with a plain in-memory array read as the baseline in the same run.
package struct StorageBenchmark {
  package struct CodecFigures: Sendable, Codable {
    package var codec: String
    /// Segment file bytes (blocks, padding, ids, fingerprints, checksums) per vector.
    package var fileBytesPerVector: Double
    /// Encoded block bytes per vector, per codec column (int8 also keeps a lossless copy).
    package var encodedBytesPerVector: [String: Double]
    /// fp32 file bytes over this codec's file bytes, both measured on disk here.
    package var ratioToFP32: Double
    /// Every vector read back bit for bit (lossless codecs), or the largest error (lossy).
    package var bitExact: Bool
    package var maxAbsoluteError: Double
    package var writeVectorsPerSecond: Double
    package var writeMegabytesPerSecond: Double
    package var l1Hit: LatencySample
    package var l2Hit: LatencySample
    package var l3Warm: LatencySample
    package var l3Cold: LatencySample
  }

  package struct Figures: Sendable, Codable {
    package var vectors: Int
    package var dimension: Int
    package var vectorsPerBlock: Int
    /// Copying one vector out of a plain `[Float]`: the floor every tier is compared with.
    package var arrayRead: LatencySample
    package var codecs: [CodecFigures]
    package var recallQueries: Int
    /// Recall@10 against exact fp32 of an int8 scan alone, and with the best 40 rescored
    /// exactly from the store.
    package var int8RecallAt10: Double
    package var int8RescoredRecallAt10: Double
  }

  package var vectors: [Float]
  package var dimension: Int
  package var directory: String
  package var codecs: [VectorCodec] = VectorCodec.allCases
  package var vectorsPerBlock = 16
  package var samples = 20_000
  package var coldSamples = 200
  package var recallQueries = 200
  package var seed: UInt64 = 42

  package init(vectors: [Float], dimension: Int, directory: String) {
    self.vectors = vectors
    self.dimension = dimension
    self.directory = directory
  }

  var count: Int { vectors.count / dimension }

  package func run(progress: (String) -> Void = { _ in }) throws -> Figures {
    guard dimension > 0, count > 0 else { throw StoreError.invalidArgument("no vectors to measure") }
    let arrayRead = measureArrayReads()
    var figures: [CodecFigures] = []
    var fp32FileBytes = 0.0
    for codec in codecs {
      progress("measuring \(codec.tag)")
      var result = try measure(codec: codec)
      if codec == .fp32 { fp32FileBytes = result.fileBytesPerVector }
      result.ratioToFP32 = fp32FileBytes > 0 ? fp32FileBytes / result.fileBytesPerVector : 0
      figures.append(result)
    }
    progress("measuring int8 recall")
    let recall = try int8Recall()
    return Figures(
      vectors: count, dimension: dimension, vectorsPerBlock: vectorsPerBlock, arrayRead: arrayRead, codecs: figures,
      recallQueries: recall.queries, int8RecallAt10: recall.alone, int8RescoredRecallAt10: recall.rescored)
  }

  // MARK: - Reads

  private func randomIDs(_ count: Int, among: Int, seed: UInt64) -> [Int64] {
    var state = seed
    return (0..<count).map { _ in
      state = state &+ 0x9E37_79B9_7F4A_7C15
      var mixed = state
      mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
      mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int64((mixed ^ (mixed >> 31)) % UInt64(among))
    }
  }

  private func measureArrayReads() -> LatencySample {
    var output = [Float](repeating: 0, count: dimension)
    var timings: [Double] = []
    timings.reserveCapacity(samples)
    vectors.withUnsafeBufferPointer { all in
      output.withUnsafeMutableBufferPointer { out in
        for id in randomIDs(samples, among: count, seed: seed) {
          let start = monotonicNanoseconds()
          let offset = Int(id) * dimension
          _ = out.initialize(fromContentsOf: UnsafeBufferPointer(rebasing: all[offset..<offset + dimension]))
          timings.append(Double(monotonicNanoseconds() - start))
        }
      }
    }
    return LatencySample(timings)
  }

  /// Times reads of `ids` and checks each came from `tier`.
  private func timeReads(_ snapshot: StoreSnapshot, ids: [Int64], expecting tier: CacheTier) throws -> LatencySample {
    var output = [Float](repeating: 0, count: dimension)
    var timings: [Double] = []
    timings.reserveCapacity(ids.count)
    try output.withUnsafeMutableBufferPointer { (out) throws(StoreError) in
      for id in ids {
        let start = monotonicNanoseconds()
        let answered = try snapshot.read(id, into: out)
        let elapsed = monotonicNanoseconds() - start
        guard answered == tier else {
          throw StoreError.invalidArgument("expected a read from \(tier.rawValue), got \(answered?.rawValue ?? "nothing")")
        }
        timings.append(Double(elapsed))
      }
    }
    return LatencySample(timings)
  }

  private func measure(codec: VectorCodec) throws -> CodecFigures {
    let path = directory + "/" + codec.tag
    try? removeTree(path)
    let configuration = StoreConfiguration(
      modelID: "benchmark", dimension: dimension, codec: codec, vectorsPerBlock: vectorsPerBlock,
      cacheBudgets: CacheBudgets(decodedBytes: 64 << 20, compressedBytes: 256 << 20), verifyOnOpen: false)
    var figures = CodecFigures(
      codec: codec.tag, fileBytesPerVector: 0, encodedBytesPerVector: [:], ratioToFP32: 0, bitExact: true,
      maxAbsoluteError: 0, writeVectorsPerSecond: 0, writeMegabytesPerSecond: 0, l1Hit: LatencySample([]),
      l2Hit: LatencySample([]), l3Warm: LatencySample([]), l3Cold: LatencySample([]))
    do {
      let store = try VectorStore(directory: path, configuration: configuration)
      // Sustained writes: commits of 1,000 vectors, merges included, as indexing does them.
      let start = monotonicNanoseconds()
      for first in stride(from: 0, to: count, by: 1000) {
        let rows = (first..<min(count, first + 1000)).map { row in
          StoreRow(id: Int64(row), fingerprint: UInt64(row), vector: Array(vectors[row * dimension..<(row + 1) * dimension]))
        }
        try store.commit(upserts: rows)
      }
      try store.compact()
      let seconds = Double(monotonicNanoseconds() - start) / 1e9
      figures.writeVectorsPerSecond = Double(count) / seconds
      figures.writeMegabytesPerSecond = Double(count * dimension * 4) / seconds / 1e6
      let statistics = store.statistics
      figures.fileBytesPerVector = Double(try segmentBytesOnDisk(path)) / Double(count)
      figures.encodedBytesPerVector = statistics.bytesByCodec.mapValues { Double($0) / Double(count) }
      // Read everything back: exactness, and the page cache is warm afterwards.
      let snapshot = store.snapshot
      _ = snapshot.forEachLiveVector { id, vector in
        let offset = Int(id) * dimension
        for index in 0..<dimension {
          let original = vectors[offset + index]
          if vector[index].bitPattern != original.bitPattern { figures.bitExact = false }
          figures.maxAbsoluteError = max(figures.maxAbsoluteError, Double(abs(vector[index] - original)))
        }
      }
      let workingSet = randomIDs(1000, among: count, seed: seed &+ 1)
      let draws = randomIDs(samples, among: workingSet.count, seed: seed &+ 2).map { workingSet[Int($0)] }
      // L1: the working set fits the decoded tier and was read once.
      store.cache.reset()
      for id in workingSet { _ = try snapshot.vector(id) }
      figures.l1Hit = try timeReads(snapshot, ids: draws, expecting: .decoded)
      // L2: nothing may stay decoded; the blocks fit the compressed tier.
      store.cache.setBudgets(CacheBudgets(decodedBytes: 0, compressedBytes: 1 << 30))
      store.cache.reset()
      for id in workingSet { _ = try snapshot.vector(id) }
      figures.l2Hit = try timeReads(snapshot, ids: draws, expecting: .compressed)
      // L3 warm: no memory tiers, the mapping's pages are resident.
      store.cache.setBudgets(CacheBudgets(decodedBytes: 0, compressedBytes: 0))
      store.cache.reset()
      figures.l3Warm = try timeReads(snapshot, ids: randomIDs(samples, among: count, seed: seed &+ 3), expecting: .mapped)
    }
    figures.l3Cold = try measureColdReads(path: path, configuration: configuration)
    return figures
  }

  /// Each sample: drop the segment files from the page cache, map them afresh, read one
  /// vector. Readahead may still bring in neighbours of the block, as it would in use.
  private func measureColdReads(path: String, configuration: StoreConfiguration) throws -> LatencySample {
    var timings: [Double] = []
    var noCache = configuration
    noCache.cacheBudgets = CacheBudgets(decodedBytes: 0, compressedBytes: 0)
    for id in randomIDs(coldSamples, among: count, seed: seed &+ 4) {
      try dropFromPageCache(directory: path)
      let store = try VectorStore(directory: path, configuration: noCache)
      timings.append(contentsOf: try timeReads(store.snapshot, ids: [id], expecting: .mapped).rawSingle)
    }
    return LatencySample(timings)
  }

  // MARK: - Recall

  private func int8Recall() throws -> (queries: Int, alone: Double, rescored: Double) {
    let queries = min(recallQueries, count / 2)
    let base = count - queries
    guard queries > 0, base >= 10 else { return (0, 0, 0) }
    let path = directory + "/int8-recall"
    try? removeTree(path)
    let store = try VectorStore(
      directory: path,
      configuration: StoreConfiguration(modelID: "benchmark", dimension: dimension, codec: .int8, verifyOnOpen: false))
    try store.commit(
      upserts: (0..<base).map { row in
        StoreRow(id: Int64(row), fingerprint: 0, vector: Array(vectors[(queries + row) * dimension..<(queries + row + 1) * dimension]))
      })
    var codes = [Int8](repeating: 0, count: base * dimension)
    var scales = [Float](repeating: 0, count: base)
    vectors.withUnsafeBufferPointer { all in
      codes.withUnsafeMutableBufferPointer { codeBuffer in
        for row in 0..<base {
          let offset = (queries + row) * dimension
          scales[row] = Int8Codes.quantize(
            UnsafeBufferPointer(rebasing: all[offset..<offset + dimension]),
            into: UnsafeMutableBufferPointer(rebasing: codeBuffer[row * dimension..<(row + 1) * dimension]))
        }
      }
    }
    var alone = 0.0
    var rescored = 0.0
    var exactVector = [Float](repeating: 0, count: dimension)
    for query in 0..<queries {
      let q = Array(vectors[query * dimension..<(query + 1) * dimension])
      let exact = Set(topIndices(10, of: (0..<base).map { dot(q, vectors, offset: (queries + $0) * dimension) }))
      let approximate = (0..<base).map { row -> Float in
        var sum: Float = 0
        for index in 0..<dimension { sum += q[index] * Float(codes[row * dimension + index]) }
        return sum * scales[row]
      }
      let candidates = topIndices(40, of: approximate)
      alone += Double(Set(candidates.prefix(10)).intersection(exact).count) / 10
      var rescoredScores: [(Int, Float)] = []
      for candidate in candidates {
        try exactVector.withUnsafeMutableBufferPointer { (out) throws(StoreError) in _ = try store.snapshot.read(Int64(candidate), into: out) }
        rescoredScores.append((candidate, dot(q, exactVector, offset: 0)))
      }
      rescoredScores.sort { $0.1 > $1.1 }
      rescored += Double(Set(rescoredScores.prefix(10).map(\.0)).intersection(exact).count) / 10
    }
    return (queries, alone / Double(queries), rescored / Double(queries))
  }

  private func dot(_ query: [Float], _ matrix: [Float], offset: Int) -> Float {
    var sum: Float = 0
    for index in 0..<query.count { sum += query[index] * matrix[offset + index] }
    return sum
  }

  private func topIndices(_ k: Int, of scores: [Float]) -> [Int] {
    Array(scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.prefix(k))
  }

  // MARK: - Files

  private func segmentBytesOnDisk(_ path: String) throws -> Int {
    let fileSystem = PosixFileSystem()
    var total = 0
    for name in try StoreError.wrap({ () throws(FileSystemError) in try fileSystem.contentsOfDirectory(atPath: path) })
    where name.hasPrefix(VectorStore.segmentPrefix) {
      total += try StoreError.wrap { () throws(FileSystemError) in try fileSystem.fileSize(atPath: path + "/" + name) }
    }
    return total
  }

  private func dropFromPageCache(directory: String) throws {
    for name in try StoreError.wrap({ () throws(FileSystemError) in try PosixFileSystem().contentsOfDirectory(atPath: directory) }) {
      let descriptor = open(directory + "/" + name, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { continue }
      _ = posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_DONTNEED))
      close(descriptor)
    }
  }

  private func removeTree(_ path: String) throws {
    let fileSystem = PosixFileSystem()
    for name in try StoreError.wrap({ () throws(FileSystemError) in try fileSystem.contentsOfDirectory(atPath: path) }) {
      try StoreError.wrap { () throws(FileSystemError) in try fileSystem.removeFile(atPath: path + "/" + name) }
    }
    rmdir(path)
  }
}

extension LatencySample {
  /// The single timing of a one-read sample.
  fileprivate var rawSingle: [Double] { count == 1 ? [p50] : [] }
}
