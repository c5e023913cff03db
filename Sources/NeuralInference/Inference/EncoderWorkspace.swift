import Foundation

/// The activations of one packed batch, allocated once and reused for every batch a worker
/// runs, so the forward pass itself never allocates.
///
/// Three token-major buffers cover a whole layer: `hidden` is the residual stream (the output
/// projections accumulate straight onto it), `wide` holds Q|K|V and later the intermediate
/// activations, `narrow` the attention context.
final class EncoderWorkspace: @unchecked Sendable {
  // @unchecked: a workspace is checked out by exactly one worker at a time (WorkspacePool).

  let tokenCapacity: Int
  let sequenceCapacity: Int
  let hidden: AlignedFloatBuffer
  let wide: AlignedFloatBuffer
  let narrow: AlignedFloatBuffer
  /// One head's `L × L` attention scores.
  let scores: AlignedFloatBuffer
  /// One value per row of `scores` (the softmax normalizers).
  let rowFactors: AlignedFloatBuffer

  init(configuration: BertConfiguration, tokenCapacity: Int) {
    let width = configuration.hiddenSize
    self.tokenCapacity = tokenCapacity
    sequenceCapacity = configuration.maxSequenceLength
    hidden = AlignedFloatBuffer(count: tokenCapacity * width)
    wide = AlignedFloatBuffer(
      count: tokenCapacity * max(3 * width, configuration.intermediateSize))
    narrow = AlignedFloatBuffer(count: tokenCapacity * width)
    scores = AlignedFloatBuffer(count: sequenceCapacity * sequenceCapacity)
    rowFactors = AlignedFloatBuffer(count: sequenceCapacity)
  }
}

/// Workspaces kept between `embed` calls: indexing calls `embed` once per small batch of
/// chunks, and fresh buffers would page-fault tens of megabytes in every time.
final class WorkspacePool: @unchecked Sendable {
  // @unchecked: `idle` is only touched under `lock`.

  private let lock = NSLock()
  private var idle: [EncoderWorkspace] = []
  private let configuration: BertConfiguration
  private let tokenCapacity: Int

  init(configuration: BertConfiguration, tokenCapacity: Int) {
    self.configuration = configuration
    self.tokenCapacity = tokenCapacity
  }

  /// Runs `body` with a workspace no other caller is using, creating one if none is idle.
  func withWorkspace<Result>(_ body: (EncoderWorkspace) throws -> Result) rethrows -> Result {
    let workspace =
      lock.withLock { idle.popLast() }
      ?? EncoderWorkspace(configuration: configuration, tokenCapacity: tokenCapacity)
    defer { lock.withLock { idle.append(workspace) } }
    return try body(workspace)
  }
}
