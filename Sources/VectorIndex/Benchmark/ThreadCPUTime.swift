import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// CPU time consumed by the calling thread, in seconds.
///
/// Reported next to wall-clock latency because the benchmark machines are shared: wall time
/// includes waiting for a core, CPU time does not, so comparing CPU time separates "our code got
/// slower" from "the machine got busier".
enum ThreadCPUTime {
  static func now() -> Double {
    var value = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &value) == 0 else { return 0 }
    return Double(value.tv_sec) + Double(value.tv_nsec) * 1e-9
  }
}
