/// How well the trained coarse quantizer still fits the data, so the caller knows when to
/// retrain in the background and swap in the new index.
///
/// The fit is measured as the squared reconstruction error of the coarse step,
/// `‖x − (μ + Pᵀc)‖²` (PCA truncation plus distance to the cell centroid). Drift shows up either
/// as growth (cells get crowded and scans slow down) or as new vectors fitting worse than the
/// training set did (a new kind of content).
package struct DriftStatistics: Sendable, Equatable {
  /// Vectors added in the last ~`window` additions weigh most in `recentMeanError`.
  package static let window: Float = 1_000

  /// Vectors the quantizer was trained on.
  package var trainingCount: Int
  /// Mean coarse reconstruction error over the training vectors.
  package var trainingMeanError: Float
  /// Vectors added since training, including the initial build.
  package var addedCount: Int
  /// Exponential moving average of added vectors' error (starts at `trainingMeanError`): it tracks
  /// what is arriving now, which a plain mean over the initial bulk load would dilute.
  package var recentMeanError: Float

  package init(trainingCount: Int, trainingMeanError: Float, addedCount: Int = 0, recentMeanError: Float? = nil) {
    self.trainingCount = trainingCount
    self.trainingMeanError = trainingMeanError
    self.addedCount = addedCount
    self.recentMeanError = recentMeanError ?? trainingMeanError
  }

  mutating func record(error: Float) {
    addedCount += 1
    recentMeanError += (error - recentMeanError) / min(Float(addedCount), Self.window)
  }
}

/// When `IVFIndex.needsRetraining` says yes.
package struct RetrainingPolicy: Sendable, Equatable {
  /// Retrain once the index holds more than this many times the vectors it was trained on.
  package var growthFactor: Double = 4
  /// Retrain once recently added vectors' mean error exceeds the training mean by this factor…
  package var errorFactor: Float = 1.5
  /// …measured over at least this many added vectors.
  package var minimumAddedForError: Int = 1_000

  package init(growthFactor: Double = 4, errorFactor: Float = 1.5, minimumAddedForError: Int = 1_000) {
    self.growthFactor = growthFactor
    self.errorFactor = errorFactor
    self.minimumAddedForError = minimumAddedForError
  }

  package static let standard = RetrainingPolicy()
}

extension IVFIndex {
  /// Whether the quantizer has drifted enough that a retrained index would search better.
  package func needsRetraining(policy: RetrainingPolicy = .standard) -> Bool {
    if Double(count) > policy.growthFactor * Double(max(drift.trainingCount, 1)) { return true }
    guard drift.addedCount >= policy.minimumAddedForError, drift.trainingMeanError > 0 else { return false }
    return drift.recentMeanError > policy.errorFactor * drift.trainingMeanError
  }
}
