/// Inverted-file index: vectors are grouped by their nearest coarse centroid, and a query scans
/// only the `nprobe` groups whose centroids score highest, over compact codes, then rescores the
/// best candidates with exact vectors fetched by the caller.
///
/// Pipeline per vector: optional PCA (`x → y = P(x − μ)`), nearest centroid `c`, residual
/// `y − c` encoded by `encoding` (8-bit scalar or product quantizer).
///
/// A value type. `add` and `remove` return a changed copy that shares unchanged lists, so a reader
/// holding the previous value (a snapshot) is never disturbed; lists loaded from a mapped file are
/// copied only when first changed. Retraining builds a new index that the caller swaps in.
package struct IVFIndex: Sendable {
  /// Dimension of the vectors given to `add` and `search`.
  package let dimension: Int
  package let transform: PCATransform?
  package let coarse: KMeans
  package let encoding: IVFEncoding
  package internal(set) var lists: [InvertedList]
  package internal(set) var drift: DriftStatistics
  /// Added to `q'·c` to rank cells for probing; see `probeBias(coarse:transform:)`.
  let probeBias: [Float]
  /// The shortlist stage of probing (`IVFIndex+Probing.swift`); derived, not stored in files.
  let coarsePrefixWidth: Int?
  let coarsePrefixCentroids: [Float]
  let coarsePrefixBias: [Float]

  init(
    dimension: Int, transform: PCATransform?, coarse: KMeans, encoding: IVFEncoding,
    lists: [InvertedList], drift: DriftStatistics
  ) {
    self.dimension = dimension
    self.transform = transform
    self.coarse = coarse
    self.encoding = encoding
    self.lists = lists
    self.drift = drift
    self.probeBias = Self.probeBias(coarse: coarse, transform: transform)
    let width = Self.coarsePrefixDimension(reduced: coarse.dimension, hasTransform: transform != nil)
    self.coarsePrefixWidth = width
    if let width {
      (coarsePrefixCentroids, coarsePrefixBias) = Self.coarsePrefix(coarse: coarse, transform: transform, width: width)
    } else {
      (coarsePrefixCentroids, coarsePrefixBias) = ([], [])
    }
  }

  /// Cells must be probed in the order the vectors were assigned to them. Assignment is by
  /// distance in the centred PCA space, so the probe order is by `‖q̃ − c‖` with `q̃ = P(q − μ)`,
  /// i.e. by `q̃·c − ‖c‖²/2 = q'·c − (Pμ)·c − ‖c‖²/2`, where `q' = Pq` is what the scan already
  /// computes. Ranking by the inner product `q'·c` alone favours large-norm centroids and, on
  /// synthetic data shaped like MiniLM, found only 0.88 of the true top-10 in 32 of 1,024 cells
  /// where distance order finds 0.97. Without PCA the centroids are unit vectors and assignment
  /// is by inner product, so the bias is zero.
  static func probeBias(coarse: KMeans, transform: PCATransform?) -> [Float] {
    guard let transform else { return coarse.assignmentBias }
    var meanProjection = [Float](repeating: 0, count: transform.outputDimension)
    transform.mean.withUnsafeBufferPointer { mean in
      meanProjection.withUnsafeMutableBufferPointer { output in
        guard let mean = mean.baseAddress, let output = output.baseAddress else { return }
        transform.projectDirection(mean, into: output)
      }
    }
    let reduced = coarse.dimension
    return (0..<coarse.clusterCount).map { cell in
      var shift: Float = 0
      for index in 0..<reduced { shift += meanProjection[index] * coarse.centroids[cell * reduced + index] }
      return coarse.assignmentBias[cell] - shift
    }
  }

  /// Dimension the codes and centroids live in (the PCA output, or `dimension`).
  package var reducedDimension: Int { coarse.dimension }
  package var listCount: Int { coarse.clusterCount }
  package var codeSize: Int { encoding.codeSize }
  package var count: Int { lists.reduce(0) { $0 + $1.count } }

  /// Bytes of everything the index holds: codes, ids, centroids, PCA and quantizer parameters.
  /// The exact vectors used for rescoring live outside and are not counted.
  package var memoryFootprint: Int {
    let entries = count * (codeSize + 8)
    let centroids =
      (coarse.centroids.count + coarse.assignmentBias.count + probeBias.count) * 4
      + (coarsePrefixCentroids.count + coarsePrefixBias.count) * 4
    let pca = transform.map { ($0.mean.count + $0.components.count) * 4 } ?? 0
    return entries + centroids + pca + encoding.parameterBytes + lists.count * 2
      * MemoryLayout<ElementStorage<UInt8>>.stride
  }

  /// A starting probe count when the caller has no measured one: 1/16 of the lists (at least 8).
  /// Recall@10 reached 0.95 at 6% of the lists on 10k real MiniLM vectors (8 of 128) and at 3–9%
  /// on 100k synthetic sets shaped like them.
  package var defaultProbeCount: Int { max(8, listCount / 16) }

  /// Entry counts per list, for balance diagnostics.
  package var listSizes: [Int] { lists.map(\.count) }
}
