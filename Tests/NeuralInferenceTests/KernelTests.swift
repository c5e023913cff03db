import Foundation
import Testing

@testable import NeuralInference

/// Every SIMD kernel against a scalar reference in Double, on widths with and without a
/// scalar tail (the model's widths are multiples of 16; sequence lengths are not).
@Suite struct KernelTests {
  private static let widths = [1, 15, 16, 37, 64]

  private func randomValues(_ count: Int, scale: Float = 4, seed: UInt64 = 1) -> [Float] {
    var random = SplitMix64(seed: seed &+ UInt64(count))
    return (0..<count).map { _ in scale * random.nextSigned() }
  }

  private func check(
    _ actual: [Float], _ expected: [Double], tolerance: Double,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    let worst = zip(actual, expected).map { abs(Double($0) - $1) }.max() ?? 0
    #expect(worst <= tolerance, "max deviation \(worst)", sourceLocation: sourceLocation)
  }

  @Test func expMatchesTheCLibrary() {
    var worst = 0.0
    var x: Float = -87
    while x <= 88 {
      let approximation = VectorMath.exp(FloatVector(repeating: x))[0]
      let exact = Foundation.exp(Double(x))
      worst = max(worst, abs(Double(approximation) - exact) / exact)
      x += 0.013
    }
    // Observed: 1.2e-7 (about one ulp).
    #expect(worst < 3e-7, "relative error \(worst)")
    #expect(VectorMath.exp(FloatVector(repeating: -1000))[0] < 1e-37)
    #expect(VectorMath.exp(FloatVector(repeating: 0))[0] == 1)
  }

  @Test func erfMatchesTheCLibrary() {
    var worst = 0.0
    var x: Float = -6
    while x <= 6 {
      worst = max(
        worst, abs(Double(VectorMath.erf(FloatVector(repeating: x))[0]) - Foundation.erf(Double(x)))
      )
      x += 0.0007
    }
    // Observed: 4.2e-7.
    #expect(worst < 6e-7, "absolute error \(worst)")
  }

  @Test(arguments: widths)
  func geluIsExactErfGELU(width: Int) {
    var values = randomValues(width * 3, scale: 6)
    let expected = values.map {
      Double($0) * 0.5 * (1 + Foundation.erf(Double($0) / 2.0.squareRoot()))
    }
    values.withUnsafeMutableBufferPointer { RowKernels.gelu($0.baseAddress!, count: $0.count) }
    check(values, expected, tolerance: 4e-6)
  }

  @Test(arguments: widths)
  func layerNormNormalizesEachRow(width: Int) {
    let rows = 3
    var values = randomValues(rows * width).map { $0 + 10 }  // a large mean tests the two passes
    let gamma = randomValues(width, seed: 2).map { 1 + $0 / 8 }
    let beta = randomValues(width, seed: 3)
    var expected: [Double] = []
    for r in 0..<rows {
      let row = values[(r * width)..<((r + 1) * width)].map(Double.init)
      let mean = row.reduce(0, +) / Double(width)
      let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(width)
      for c in 0..<width {
        expected.append(
          (row[c] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[c]) + Double(beta[c]))
      }
    }
    values.withUnsafeMutableBufferPointer { buffer in
      RowKernels.layerNorm(
        buffer.baseAddress!, rowCount: rows, width: width, gamma: gamma, beta: beta, epsilon: 1e-12)
    }
    // A single element has zero variance: the row is just beta, as in PyTorch.
    check(values, expected, tolerance: width == 1 ? 1e-6 : 2e-4)
  }

  @Test(arguments: widths)
  func softmaxNumeratorsAndScalingGiveSoftmax(width: Int) {
    let rows = 4
    let stride = width + 3
    var values = randomValues(rows * stride, scale: 20)
    var expected: [Double] = []
    for r in 0..<rows {
      let row = values[(r * stride)..<(r * stride + width)].map(Double.init)
      let top = row.max() ?? 0
      let total = row.reduce(0) { $0 + Foundation.exp($1 - top) }
      expected += row.map { Foundation.exp($0 - top) / total }
    }
    var inverseSums = [Float](repeating: 0, count: rows)
    values.withUnsafeMutableBufferPointer { buffer in
      inverseSums.withUnsafeMutableBufferPointer { sums in
        RowKernels.softmaxNumerators(
          buffer.baseAddress!, rowCount: rows, width: width, stride: stride,
          inverseSums: sums.baseAddress!)
        RowKernels.scaleRows(
          buffer.baseAddress!, rowCount: rows, width: width, stride: stride, by: sums.baseAddress!)
      }
    }
    let actual = (0..<rows).flatMap { r in values[(r * stride)..<(r * stride + width)] }
    check(actual, expected, tolerance: 1e-6)
  }

  @Test(arguments: widths)
  func biasFillAndAddCoverEveryRow(width: Int) {
    let rows = 3
    let bias = randomValues(width, seed: 9)
    var filled = [Float](repeating: .nan, count: rows * width)
    filled.withUnsafeMutableBufferPointer {
      RowKernels.fillRows($0.baseAddress!, rowCount: rows, width: width, with: bias)
    }
    #expect(filled == Array([[Float]](repeating: bias, count: rows).joined()))
    var summed = randomValues(rows * width)
    let expected = summed.indices.map { Double(summed[$0]) + Double(bias[$0 % width]) }
    summed.withUnsafeMutableBufferPointer {
      RowKernels.addBias($0.baseAddress!, rowCount: rows, width: width, bias: bias)
    }
    check(summed, expected, tolerance: 1e-6)
  }
}
