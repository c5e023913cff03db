import CBLAS
import Synchronization

/// OpenBLAS's own thread pool size: one setting for the whole process, shared by every caller
/// (the model's matrix products, the near-duplicate search). Callers claim it for a piece of
/// work, so that only work running alone is given more than one thread.
package enum BLASThreads {
  package static var current: Int { Int(openblas_get_num_threads()) }

  /// Pieces of work using OpenBLAS now. Only one running alone may make it threaded: two
  /// callers' products on a threaded OpenBLAS would oversubscribe the cores.
  private static let users = Mutex(0)

  /// Claims OpenBLAS for a piece of work and sets its thread count: `wanted` when nothing else
  /// holds a claim, else 1 (which also stops an earlier claim from going on threaded).
  /// Returns the count set; pair with ``release()``.
  package static func claim(wanted: Int) -> Int {
    users.withLock { count in
      count += 1
      let threads = count == 1 ? max(1, wanted) : 1
      set(threads)
      return threads
    }
  }

  package static func release() {
    users.withLock { $0 -= 1 }
  }

  package static func set(_ count: Int) {
    if Int(openblas_get_num_threads()) != count {
      openblas_set_num_threads(Int32(count))
    }
  }
}
