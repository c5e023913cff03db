import CBLAS

/// OpenBLAS's own thread pool size. It is process-wide state, so it is set right before each
/// batch of work rather than once: another model (or another strategy) in the same process may
/// have changed it.
enum BLASThreads {
  static var current: Int { Int(openblas_get_num_threads()) }

  static func set(_ count: Int) {
    if Int(openblas_get_num_threads()) != count {
      openblas_set_num_threads(Int32(count))
    }
  }
}
