/// Order statistics over plain float arrays.
///
/// Choosing cells to probe means picking the best few hundredths of ~1,000 scores per query.
/// Feeding them one by one through `CandidatePool` costs a dozen selections over 16-byte
/// neighbours (measured ~10% of a query); one quickselect over a scratch copy of the floats finds
/// the cut-off directly, after which a single pass collects the cells above it.
enum FloatSelection {
  /// The `k`-th largest of `values[0..<count]` (1-based `k`), reordering `scratch` (which must
  /// hold `count` floats). NaNs are treated as −∞. Returns −∞ when `k > count`.
  static func kthLargest(
    _ values: UnsafePointer<Float>, count: Int, k: Int, scratch: UnsafeMutablePointer<Float>
  ) -> Float {
    guard k >= 1, k <= count else { return -.infinity }
    for index in 0..<count {
      let value = values[index]
      scratch[index] = value.isNaN ? -.infinity : value
    }
    var low = 0
    var high = count - 1
    let target = k - 1
    while low < high {
      let middle = low + (high - low) / 2
      // Median of three into `middle`, descending order.
      if scratch[middle] > scratch[low] { swap(scratch, low, middle) }
      if scratch[high] > scratch[low] { swap(scratch, low, high) }
      if scratch[high] > scratch[middle] { swap(scratch, middle, high) }
      let pivot = scratch[middle]
      var i = low
      var j = high
      while i <= j {
        while scratch[i] > pivot { i += 1 }
        while pivot > scratch[j] { j -= 1 }
        if i <= j {
          swap(scratch, i, j)
          i += 1
          j -= 1
        }
      }
      if target <= j {
        high = j
      } else if target >= i {
        low = i
      } else {
        break
      }
    }
    return scratch[target]
  }

  @inline(__always)
  private static func swap(_ values: UnsafeMutablePointer<Float>, _ a: Int, _ b: Int) {
    let temporary = values[a]
    values[a] = values[b]
    values[b] = temporary
  }
}
