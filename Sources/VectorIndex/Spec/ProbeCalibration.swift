/// The probe setting an IVF index needs to reach a recall target on its own data.
///
/// How many lists a query must probe depends on the data: 32 of 1,024 lists reached recall@10
/// 0.954 on the vectors the default was tuned on, and 0.86 on another corpus of the same
/// model. So the setting is measured, not assumed: a seeded sample of the index's own vectors
/// is held out as queries (each one's own row excluded from both answers), their exact top 10
/// computed by a full scan, and the smallest probe count (then refine factor) whose recall@10
/// reaches the target is chosen.
package struct ProbeSetting: Sendable, Hashable, Codable {
  package var nprobe: Int
  package var refineFactor: Int
  /// Recall@10 measured with this setting on the held-out sample.
  package var recallAt10: Double
  package var target: Double
  package var queries: Int
  /// Whether the target was reached (the largest setting tried is kept when it was not).
  package var reachedTarget: Bool {
    recallAt10 >= target
  }

  package init(nprobe: Int, refineFactor: Int, recallAt10: Double, target: Double, queries: Int) {
    self.nprobe = nprobe
    self.refineFactor = refineFactor
    self.recallAt10 = recallAt10
    self.target = target
    self.queries = queries
  }
}

package enum ProbeCalibration {
  /// Probe counts tried, in order; each is capped by the index's list count.
  static let probeSteps = [8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256]

  /// Calibrates `index` (an IVF index; `nil` for others, which need no probes) built from
  /// `ids` and `vectors` (row-major, `dimension` floats each). `exact` reads a row's exact
  /// vector for rescoring, as searches do.
  package static func calibrate(
    index: ANNIndex, ids: [Int64], vectors: [Float], dimension: Int, baseRefineFactor: Int,
    exact: ExactVectorLookup?, target: Double = 0.95, sampleSize: Int = 200, seed: UInt64 = 0x5eed
  ) -> ProbeSetting? {
    guard case .ivf(let ivf) = index, ids.count > 20, vectors.count == ids.count * dimension else { return nil }
    let k = 10
    var generator = SplitMix64(seed: seed)
    var rows = Array(0..<ids.count)
    generator.shuffle(&rows)
    let sample = Array(rows.prefix(min(sampleSize, ids.count)))
    let truth = sample.map { exactNeighbours(of: $0, ids: ids, vectors: vectors, dimension: dimension, k: k) }
    let workspace = SearchWorkspace()
    func recall(nprobe: Int, refine: Int) -> Double {
      var found = 0
      var wanted = 0
      for (position, row) in sample.enumerated() {
        let own = ids[row]
        let answer = vectors.withUnsafeBufferPointer { buffer in
          let query = UnsafeBufferPointer(rebasing: buffer[(row * dimension)..<((row + 1) * dimension)])
          return (try? index.search(
            query: query, k: k + 1, nprobe: nprobe, refineFactor: refine, exact: exact, workspace: workspace)) ?? []
        }
        let returned = Set(answer.lazy.map(\.id).filter { $0 != own }.prefix(k))
        found += truth[position].filter(returned.contains).count
        wanted += truth[position].count
      }
      return wanted == 0 ? 1 : Double(found) / Double(wanted)
    }
    let lists = ivf.listCount
    // The steps below the list count, then the list count itself (or the largest step).
    let steps = probeSteps.filter { $0 < lists } + [min(lists, probeSteps.last ?? lists)]
    var best: ProbeSetting?
    for refine in [baseRefineFactor, baseRefineFactor * 2, baseRefineFactor * 4] {
      for nprobe in steps {
        let measured = recall(nprobe: nprobe, refine: refine)
        let setting = ProbeSetting(
          nprobe: nprobe, refineFactor: refine, recallAt10: measured, target: target, queries: sample.count)
        if setting.reachedTarget { return setting }
        if best.map({ measured > $0.recallAt10 }) ?? true { best = setting }
      }
    }
    return best
  }

  /// The ids of the `k` rows with the highest inner product with row `row`, itself excluded.
  static func exactNeighbours(of row: Int, ids: [Int64], vectors: [Float], dimension: Int, k: Int) -> [Int64] {
    var top = TopK(capacity: k)
    vectors.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let query = base + row * dimension
      for other in 0..<ids.count where other != row {
        top.insert(id: ids[other], score: FloatKernels.dot(query, base + other * dimension, count: dimension))
      }
    }
    return top.sorted().map(\.id)
  }
}
