import BLASSupport
extension MiniLMModel {
  /// Unit-length sentence vectors (`dimension` floats each) for `texts`, in input order.
  ///
  /// Inputs are tokenized (truncated to `configuration.maxSequenceLength` tokens), sorted by
  /// length and packed into padding-free batches that run on `options.threads` threads.
  /// CPU-bound and synchronous: call it from a thread that may block, not from an actor that
  /// must stay responsive.
  ///
  /// - Throws: `CancellationError` when the calling task is cancelled; checked between
  ///   batches, so a cancelled call returns within one batch's time.
  package func embed(_ texts: [String]) throws(CancellationError) -> [[Float]] {
    try embed(tokenized: texts.map(tokenizer.encode))
  }

  /// Vectors for already tokenized inputs: each must start with `[CLS]`, end with `[SEP]`, be
  /// no longer than `configuration.maxSequenceLength` and use only ids of the vocabulary, as
  /// `tokenizer.encode` guarantees.
  func embed(tokenized sequences: [[Int32]]) throws(CancellationError) -> [[Float]] {
    guard !sequences.isEmpty else { return [] }
    let width = dimension
    let batches = PackedBatch.plan(sequences, maxTokens: batchTokenLimit(for: sequences))
    let queue = BatchQueue(count: batches.count)
    var flat = [Float](repeating: 0, count: sequences.count * width)
    flat.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let output = OutputRows(base: base)
      let work: @Sendable (Int) -> Void = { _ in
        self.workspaces.withWorkspace { workspace in
          while let index = queue.take() {
            self.encoder.encode(batches[index], in: workspace, output: output.base)
          }
        }
      }
      // Fewer batches than threads (one edited function, one query): the threads share each
      // matrix product instead of one of them doing all the work, when no other embed call
      // is running (OpenBLAS's thread count is one for the whole process).
      let parallelism = batches.count < options.threads ? .insideMatrixProducts : options.parallelism
      switch parallelism {
      case .acrossBatches:
        _ = BLASThreads.claim(wanted: 1)
        defer { BLASThreads.release() }
        WorkerThreads.run(count: min(options.threads, batches.count), work)
      case .insideMatrixProducts:
        _ = BLASThreads.claim(wanted: options.threads)
        defer { BLASThreads.release() }
        work(0)
      }
    }
    if queue.wasCancelled { throw CancellationError() }
    return (0..<sequences.count).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
  }

  /// Splits the work into a multiple of the worker count where there is enough of it, so no
  /// thread idles while another runs the last batch; never above `options.maxBatchTokens`.
  private func batchTokenLimit(for sequences: [[Int32]]) -> Int {
    let total = sequences.reduce(0) { $0 + $1.count }
    let limit = options.maxBatchTokens
    guard options.parallelism == .acrossBatches, options.threads > 1 else { return limit }
    let minimumBatches = (total + limit - 1) / limit
    let batchCount = (minimumBatches + options.threads - 1) / options.threads * options.threads
    return max(1, (total + batchCount - 1) / batchCount)
  }
}

/// The result matrix shared by the workers.
private struct OutputRows: @unchecked Sendable {
  // @unchecked: every sequence appears in exactly one batch, so workers write disjoint rows,
  // and the buffer outlives them (WorkerThreads.run returns only when all are done).
  let base: UnsafeMutablePointer<Float>
}
