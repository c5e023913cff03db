import Testing

@testable import VectorIndex

struct FloatSelectionTests {
  @Test(arguments: [1, 2, 7, 64, 500, 1000])
  func kthLargestMatchesSorting(k: Int) {
    var values = TestData.gaussian(1000, seed: UInt64(k))
    values[3] = .nan
    values[10] = values[11]  // a tie
    var scratch = [Float](repeating: 0, count: 1000)
    let result = values.withUnsafeBufferPointer { v in
      scratch.withUnsafeMutableBufferPointer {
        FloatSelection.kthLargest(v.baseAddress!, count: 1000, k: k, scratch: $0.baseAddress!)
      }
    }
    let sorted = values.map { $0.isNaN ? -Float.infinity : $0 }.sorted(by: >)
    #expect(result == sorted[k - 1])
  }

  @Test func outOfRangeIsMinusInfinity() {
    var scratch = [Float](repeating: 0, count: 2)
    let values: [Float] = [1, 2]
    let result = values.withUnsafeBufferPointer { v in
      scratch.withUnsafeMutableBufferPointer {
        FloatSelection.kthLargest(v.baseAddress!, count: 2, k: 3, scratch: $0.baseAddress!)
      }
    }
    #expect(result == -.infinity)
  }
}
