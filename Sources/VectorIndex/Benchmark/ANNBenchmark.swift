/// Recall, speed and memory of one index spec on TEXMEX files, as `sextant bench ann` and the
/// `ann-bench` executable report them.
///
/// Method (mirrored by `scripts/ann_compare.py` for the peers):
/// - recall@R = |returned top-R ∩ true top-R| / R, averaged over queries (intersection recall,
///   not FAISS's "1-recall@R"). Recall@1 and @10 come from the timed pass with `k` results;
///   recall@100 from a separate untimed pass with k = 100 and the same refine factor.
/// - Queries run one at a time on one thread; each is timed individually; QPS is queries divided
///   by the summed latencies of the timed pass, after a warm-up pass over up to 100 queries.
///   With `repetitions > 1` the pass with the median total is reported.
/// - Exact vectors for rescoring are read from the memory-mapped base file, as production reads
///   them from the vector store; they are not part of `index_bytes`.
package enum ANNBenchmark {
  package struct Configuration: Sendable {
    package var basePath: String
    package var queryPath: String
    package var groundTruthPath: String
    package var spec: String
    package var nprobes: [Int] = [1, 2, 4, 8, 16]
    package var k: Int = 10
    /// Overrides the spec's refine factor when set.
    package var refineFactor: Int?
    /// The builder's flat fallback; 0 by default so the spec under test is what gets measured.
    package var flatThreshold: Int = 0
    package var queryLimit: Int?
    /// The k = 100 pass for recall@100 rescores 10x the candidates; profiling runs skip it.
    package var measuresRecallAt100 = true
    /// Timed passes per setting; the one with the median total time is reported, which damps
    /// interference from other work on the machine.
    package var repetitions = 1

    package init(basePath: String, queryPath: String, groundTruthPath: String, spec: String) {
      self.basePath = basePath
      self.queryPath = queryPath
      self.groundTruthPath = groundTruthPath
      self.spec = spec
    }
  }

  package struct Measurement: Sendable {
    package var spec: String
    package var nprobe: Int
    package var refineFactor: Int
    package var k: Int
    package var baseCount: Int
    package var dimension: Int
    package var buildSeconds: Double
    package var indexBytes: Int
    package var rawBytes: Int
    package var recallAt1: Double?
    package var recallAt10: Double?
    package var recallAt100: Double?
    package var queriesPerSecond: Double
    package var p50Milliseconds: Double
    package var p99Milliseconds: Double
    /// Thread CPU time per query in the reported pass (excludes time spent waiting for a core).
    package var cpuMicrosecondsPerQuery: Double
    package var memoryBeforeLoad: ResidentMemory?
    package var memoryAfterBuild: ResidentMemory?
    package var memoryAfterQueries: ResidentMemory?
  }

  package enum Failure: Error, Sendable {
    case spec(IndexSpecError)
    case data(TexmexError)
    case index(VectorIndexError)
    case invalid(String)
  }

  package static func run(_ configuration: Configuration, log: (String) -> Void = { _ in }) throws(Failure)
    -> [Measurement]
  {
    let before = ResidentMemory.current()
    let spec: IndexSpec
    do { spec = try IndexSpec(parsing: configuration.spec) } catch { throw .spec(error) }
    let queries: TexmexMatrix<Float>
    let truth: TexmexMatrix<Int32>
    do {
      queries = try TexmexFormat.readFloatVectors(path: configuration.queryPath)
      truth = try TexmexFormat.readIntVectors(path: configuration.groundTruthPath)
    } catch {
      throw .data(error)
    }
    let queryCount = min(queries.rows, truth.rows, configuration.queryLimit ?? Int.max)
    guard queryCount > 0 else { throw .invalid("no queries with ground truth") }

    let (index, buildSeconds, baseCount, dimension) = try build(spec: spec, configuration: configuration, log: log)
    guard queries.dimension == dimension else {
      throw .invalid("query dimension \(queries.dimension) ≠ base \(dimension)")
    }
    let store: MappedVectorFile
    do { store = try MappedVectorFile(path: configuration.basePath) } catch { throw .data(error) }
    let afterBuild = ResidentMemory.current()
    log(
      "built \(spec) over \(baseCount) vectors in \(String(format: "%.2f", buildSeconds)) s, \(index.memoryFootprint) bytes"
    )

    let refine = configuration.refineFactor ?? spec.refineFactor
    let workspace = SearchWorkspace()
    let exact: ExactVectorLookup = { id, buffer in store.copyRow(Int(id), into: buffer) }
    var rows: [Measurement] = []
    for nprobe in configuration.nprobes {
      let search = { (query: Int, k: Int) throws(Failure) -> [Neighbor] in
        let outcome: Result<[Neighbor], VectorIndexError> = queries.values.withUnsafeBufferPointer { values in
          do throws(VectorIndexError) {
            let start = values.baseAddress.map { $0 + query * dimension }
            return .success(
              try index.search(
                query: UnsafeBufferPointer(start: start, count: dimension), k: k, nprobe: nprobe, refineFactor: refine,
                exact: exact, workspace: workspace))
          } catch {
            return .failure(error)
          }
        }
        switch outcome {
        case .success(let found): return found
        case .failure(let error): throw .index(error)
        }
      }
      for query in 0..<min(queryCount, 100) { _ = try search(query, configuration.k) }
      var passes: [(latencies: [Double], cpu: Double)] = []
      var results = [[Neighbor]]()
      let clock = ContinuousClock()
      for _ in 0..<max(configuration.repetitions, 1) {
        var latencies = [Double]()
        latencies.reserveCapacity(queryCount)
        results.removeAll(keepingCapacity: true)
        let cpuStart = ThreadCPUTime.now()
        for query in 0..<queryCount {
          let start = clock.now
          let found = try search(query, configuration.k)
          latencies.append(seconds(clock.now - start))
          results.append(found)
        }
        passes.append((latencies, ThreadCPUTime.now() - cpuStart))
      }
      passes.sort { $0.latencies.reduce(0, +) < $1.latencies.reduce(0, +) }
      var latencies = passes[passes.count / 2].latencies
      let cpu = passes[passes.count / 2].cpu
      var wide = [[Neighbor]]()
      if truth.dimension >= 100 && configuration.measuresRecallAt100 {
        for query in 0..<queryCount { wide.append(try search(query, 100)) }
      }
      let total = latencies.reduce(0, +)
      latencies.sort()
      rows.append(
        Measurement(
          spec: spec.description, nprobe: nprobe, refineFactor: refine, k: configuration.k, baseCount: baseCount,
          dimension: dimension, buildSeconds: buildSeconds, indexBytes: index.memoryFootprint,
          rawBytes: baseCount * dimension * 4,
          recallAt1: recall(results, truth: truth, at: 1), recallAt10: recall(results, truth: truth, at: 10),
          recallAt100: wide.isEmpty ? nil : recall(wide, truth: truth, at: 100),
          queriesPerSecond: total > 0 ? Double(queryCount) / total : 0,
          p50Milliseconds: latencies[latencies.count / 2] * 1000,
          p99Milliseconds: latencies[min(latencies.count - 1, latencies.count * 99 / 100)] * 1000,
          cpuMicrosecondsPerQuery: cpu / Double(queryCount) * 1e6,
          memoryBeforeLoad: before, memoryAfterBuild: afterBuild, memoryAfterQueries: nil))
      log(rows[rows.count - 1].summaryLine)
    }
    let afterQueries = ResidentMemory.current()
    for position in rows.indices { rows[position].memoryAfterQueries = afterQueries }
    return rows
  }

  /// Loads the base vectors, builds, and lets the float copy go before returning, so the
  /// memory measured afterwards is the index's (plus whatever the mapping has paged in).
  private static func build(
    spec: IndexSpec, configuration: Configuration, log: (String) -> Void
  ) throws(Failure) -> (ANNIndex, Double, Int, Int) {
    let base: TexmexMatrix<Float>
    do { base = try TexmexFormat.readFloatVectors(path: configuration.basePath) } catch { throw .data(error) }
    guard base.rows > 0 else { throw .invalid("empty base file") }
    let ids = (0..<base.rows).map { Int64($0) }
    let clock = ContinuousClock()
    let start = clock.now
    let index: ANNIndex
    do {
      index = try IndexBuilder.build(
        spec: spec, ids: ids, vectors: base.values, dimension: base.dimension,
        options: IndexBuilder.Options(flatThreshold: configuration.flatThreshold))
    } catch {
      throw .index(error)
    }
    return (index, seconds(clock.now - start), base.rows, base.dimension)
  }

  /// Mean over queries of |returned top-R ∩ true top-R| / R; nil when either side is too short.
  static func recall(_ results: [[Neighbor]], truth: TexmexMatrix<Int32>, at r: Int) -> Double? {
    guard truth.dimension >= r, !results.isEmpty else { return nil }
    var sum = 0.0
    for (query, found) in results.enumerated() {
      let expected = Set(truth.values[(query * truth.dimension)..<(query * truth.dimension + r)].map { Int64($0) })
      let hits = found.prefix(r).filter { expected.contains($0.id) }.count
      sum += Double(hits) / Double(r)
    }
    return sum / Double(results.count)
  }

  static func seconds(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) * 1e-18
  }
}
