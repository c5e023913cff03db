/// What to train for an `IVFIndex`. Search-time knobs (k, nprobe, refine factor) are not here:
/// they are passed per call.
package struct IVFConfiguration: Sendable, Equatable {
  package enum Encoding: Sendable, Equatable {
    case scalar8
    case scalar4
    case product(subquantizers: Int)
  }

  package var listCount: Int
  /// PCA output dimension, or nil to encode the vectors as they are.
  package var reducedDimension: Int?
  package var encoding: Encoding
  /// Rows drawn for training (k-means, PCA, quantizer); nil means 64 per list, at least 20,000.
  package var trainingRows: Int?
  package var kmeansIterations: Int
  package var seed: UInt64

  package init(
    listCount: Int, reducedDimension: Int? = nil, encoding: Encoding = .scalar8, trainingRows: Int? = nil,
    kmeansIterations: Int = 16, seed: UInt64 = 0x5EED
  ) {
    self.listCount = listCount
    self.reducedDimension = reducedDimension
    self.encoding = encoding
    self.trainingRows = trainingRows
    self.kmeansIterations = kmeansIterations
    self.seed = seed
  }

  var effectiveTrainingRows: Int { trainingRows ?? max(listCount * 64, 20_000) }
}
