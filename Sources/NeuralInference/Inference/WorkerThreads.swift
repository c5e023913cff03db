import Foundation

/// Runs a body on several threads at once and waits for all of them.
///
/// Dedicated threads rather than `DispatchQueue.concurrentPerform`: on Linux, libdispatch
/// only adds pool threads when it judges the CPUs idle, so on a busy machine the "parallel"
/// iterations often ran one after another on the calling thread. Starting a thread costs tens
/// of microseconds, nothing against a forward pass.
enum WorkerThreads {
  /// Calls `body(0)` on the calling thread and `body(1) … body(count − 1)` on new threads, and
  /// returns when all have returned.
  static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    guard count > 1 else {
      body(0)
      return
    }
    let finished = DispatchSemaphore(value: 0)
    for worker in 1..<count {
      let thread = Thread {
        body(worker)
        finished.signal()
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    body(0)
    for _ in 1..<count { finished.wait() }
  }
}
