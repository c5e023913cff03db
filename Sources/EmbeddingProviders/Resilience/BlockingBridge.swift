import Dispatch
import Embedding
import Foundation

/// Runs asynchronous work to completion for a synchronous caller (the engine's indexing
/// thread), on threads of its own.
///
/// The work prefers ``executor``, a task executor over a dispatch queue, so that it never
/// needs a thread of the cooperative pool: a caller that blocks one of those (a request
/// handler on a two-core machine has one of two) cannot starve the work it waits for.
enum BlockingBridge {
  static let executor = DispatchTaskExecutor(label: "sextant.provider-calls")

  /// `isCancelled` is asked on the calling thread every 100 ms while it waits; once it says
  /// yes the work is cancelled (and answers `.cancelled` promptly).
  static func run<Value: Sendable>(
    isCancelled: () -> Bool = { false }, _ body: @escaping @Sendable () async throws(EmbeddingFailure) -> Value
  ) throws(EmbeddingFailure) -> Value {
    let done = DispatchSemaphore(value: 0)
    let outcome = OutcomeBox<Result<Value, EmbeddingFailure>>()
    let task = Task(executorPreference: executor) {
      do throws(EmbeddingFailure) {
        outcome.value = .success(try await body())
      } catch {
        outcome.value = .failure(error)
      }
      done.signal()
    }
    var cancelled = false
    while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
      if !cancelled, isCancelled() {
        cancelled = true
        task.cancel()
      }
    }
    guard let result = outcome.value else { throw .other("the provider call ended without an answer") }
    return try result.get()
  }
}

/// A value written by the bridge's task before it signals, read by the waiting caller after.
private final class OutcomeBox<Value>: @unchecked Sendable {
  // @unchecked: written once before the semaphore is signalled and read only after the wait.
  var value: Value?
}

/// A task executor running jobs on a concurrent dispatch queue (threads outside the
/// cooperative pool).
final class DispatchTaskExecutor: TaskExecutor, @unchecked Sendable {
  // @unchecked: the queue is thread-safe and never changes.
  private let queue: DispatchQueue

  init(label: String) {
    queue = DispatchQueue(label: label, attributes: .concurrent)
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
  }
}

