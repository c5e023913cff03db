#if canImport(Glibc)
  import Glibc
#endif

/// Per-operation latencies in nanoseconds, reported as percentiles.
package struct LatencySample: Sendable, Codable, Equatable {
  package var p50: Double
  package var p99: Double
  package var count: Int

  package init(_ nanoseconds: [Double]) {
    let sorted = nanoseconds.sorted()
    func at(_ fraction: Double) -> Double {
      guard !sorted.isEmpty else { return 0 }
      return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }
    p50 = at(0.5)
    p99 = at(0.99)
    count = sorted.count
  }
}

/// A monotonic clock read in nanoseconds (`clock_gettime`, no allocation): cheap enough to
/// time single sub-microsecond reads.
@inline(__always)
package func monotonicNanoseconds() -> UInt64 {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
