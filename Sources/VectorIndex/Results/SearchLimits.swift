/// Bounds on caller-supplied search sizes.
///
/// `k` and the refine factor come from requests; their product sizes a buffer. It can neither
/// usefully exceed the number of entries nor be allowed to overflow, so it is computed with
/// overflow reporting and capped by `entries` (only evaluated for unusually large requests,
/// since counting IVF entries walks the lists).
enum SearchLimits {
  static func candidateCount(k: Int, refineFactor: Int, entries: () -> Int) -> Int {
    let (product, overflow) = k.multipliedReportingOverflow(by: max(refineFactor, 1))
    let wanted = overflow ? Int.max : product
    return wanted <= 4_096 ? wanted : min(wanted, entries())
  }
}
