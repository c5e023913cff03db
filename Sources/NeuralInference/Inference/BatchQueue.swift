import Foundation

/// Hands out batch indices to worker threads, and carries a cancellation seen by any worker to
/// all of them.
///
/// Cancellation needs relaying because `Task.isCancelled` is only true on the thread running
/// the cancelled task: the worker that happens to be the caller's thread sees it, the others
/// learn it here.
final class BatchQueue: @unchecked Sendable {
  // @unchecked: all state is guarded by `lock`.

  private let lock = NSLock()
  private let count: Int
  private var next = 0
  private var cancelled = false

  init(count: Int) {
    self.count = count
  }

  /// The next batch to run, or nil when all are taken or the work was cancelled.
  func take() -> Int? {
    let taskCancelled = Task.isCancelled
    return lock.withLock {
      if taskCancelled { cancelled = true }
      guard !cancelled, next < count else { return nil }
      defer { next += 1 }
      return next
    }
  }

  var wasCancelled: Bool { lock.withLock { cancelled } }
}
