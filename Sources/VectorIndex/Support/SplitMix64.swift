import Foundation

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
///
/// Training must be reproducible: the same vectors and seed give the same centroids on every
/// machine and Swift version, so tests can pin recall and files built twice are identical. The
/// standard library's `random(in:using:)` does not promise a stable algorithm, so the bounded
/// and floating-point draws are implemented here too.
package struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  package init(seed: UInt64) {
    state = seed
  }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in `0..<bound` by Lemire's multiply-shift (bias below 2^-64 · bound, irrelevant here).
  /// Returns 0 when `bound <= 0`.
  package mutating func nextIndex(below bound: Int) -> Int {
    guard bound > 0 else { return 0 }
    return Int(UInt64(bound).multipliedFullWidth(by: next()).high)
  }

  /// Shuffles `elements` in place (Fisher–Yates with ``nextIndex(below:)``): the same seed
  /// gives the same order on every machine, which `shuffle(using:)` does not promise.
  package mutating func shuffle<Element>(_ elements: inout [Element]) {
    guard elements.count > 1 else { return }
    for index in stride(from: elements.count - 1, to: 0, by: -1) {
      elements.swapAt(index, nextIndex(below: index + 1))
    }
  }

  /// Uniform in `[0, 1)` with 53 random bits.
  package mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal draw (Box–Muller); used for random data in tests and benchmarks.
  package mutating func nextGaussian() -> Float {
    let u1 = max(nextUnit(), 0x1.0p-53)
    let u2 = nextUnit()
    return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
  }
}
