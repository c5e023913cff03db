/// How `MiniLMModel.embed` spends the machine's cores.
package struct InferenceOptions: Sendable, Equatable {
  /// Where the threads go.
  package enum Parallelism: Sendable, Equatable {
    /// Each thread runs whole packed batches with single-threaded BLAS. Everything — matrix
    /// products, attention, GELU, layer norms — runs in parallel, which is why this is the
    /// default (see `minilm-bench` for the figures on 2 cores).
    case acrossBatches
    /// One thread runs the batches; OpenBLAS splits each matrix product over `threads`. Only
    /// the products are parallel, but a single long input gets them sooner.
    case insideMatrixProducts
  }

  /// Threads to use, at least 1.
  package var threads: Int
  package var parallelism: Parallelism
  /// The most tokens packed into one forward pass. Larger batches make the matrix products
  /// more efficient until the activations stop fitting in cache; each worker's workspace
  /// holds about `maxBatchTokens × 9 KB`.
  package var maxBatchTokens: Int

  package init(threads: Int, parallelism: Parallelism = .acrossBatches, maxBatchTokens: Int = 1024)
  {
    self.threads = max(1, threads)
    self.parallelism = parallelism
    self.maxBatchTokens = max(1, maxBatchTokens)
  }
}
