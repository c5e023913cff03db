import Foundation

/// How a message may run relative to the others: the one place ordering is decided.
///
/// Swift concurrency alone guarantees no order, so every handler is registered with one of
/// these classes and ``RequestScheduler`` enforces it.
enum OrderingClass: Sendable {
  /// Changes what later messages see (text sync, folder changes): waits for everything before
  /// it and everything after waits for it.
  case documentUpdate
  /// Reads documents: runs after the updates before it, concurrently with other reads.
  case documentRequest
  /// Reads the whole workspace index: same ordering as a document request.
  case workspaceRequest
  /// Needs no ordering (`$/cancelRequest`): handled at once on arrival.
  case freestanding
}

/// Runs message handlers as tasks in the order their classes require.
///
/// - Important: `schedule` is called from the connection's reader thread, in arrival order;
///   that call order is what defines "before".
final class RequestScheduler: @unchecked Sendable {
  private let lock = NSLock()
  /// The last scheduled document update; reads wait for it.
  private var barrier: Task<Void, Never>?
  /// Reads scheduled since the last update; the next update waits for them.
  private var readsSinceBarrier: [Task<Void, Never>] = []

  @discardableResult
  func schedule(_ ordering: OrderingClass, _ operation: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
    lock.lock()
    defer { lock.unlock() }
    switch ordering {
    case .freestanding:
      return Task { await operation() }
    case .documentRequest, .workspaceRequest:
      let previous = barrier
      let task = Task {
        await previous?.value
        await operation()
      }
      readsSinceBarrier.append(task)
      return task
    case .documentUpdate:
      let previous = barrier
      let reads = readsSinceBarrier
      let task = Task {
        await previous?.value
        for read in reads { await read.value }
        await operation()
      }
      barrier = task
      readsSinceBarrier = []
      return task
    }
  }
}
