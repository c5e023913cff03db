import Testing

@testable import VectorCodecs

/// Earlier versions of a vector: bit-exact rebuilding, keyframes, retention, damage.
struct VectorHistoryTests {
  static let dimension = 384

  /// `count` versions of one vector, each a small step from the one before (an edited
  /// function's embedding drifts, it does not jump), renormalised like real embeddings.
  static func drift(count: Int, step: Float, seed: UInt64) -> [[Float]] {
    let noise = Samples.embeddings(count: count, dimension: dimension, seed: seed)
    var versions = [Array(noise[0..<dimension])]
    for index in 1..<count {
      let previous = versions[index - 1]
      var next = (0..<dimension).map { previous[$0] + step * noise[index * dimension + $0] }
      let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
      next = next.map { $0 / norm }
      versions.append(next)
    }
    return versions
  }

  static func history(_ versions: [[Float]], encoding: VectorHistory.Encoding, keyframeInterval: Int = 8, retention: Int = 32)
    throws -> VectorHistory
  {
    var history = VectorHistory(
      encoding: encoding, dimension: dimension, keyframeInterval: keyframeInterval, retention: retention)
    for index in 1..<versions.count { try history.record(previous: versions[index - 1], replacedBy: versions[index]) }
    return history
  }

  static func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var (dot, aa, bb) = (0.0, 0.0, 0.0)
    for (x, y) in zip(a, b) {
      dot += Double(x) * Double(y)
      aa += Double(x) * Double(x)
      bb += Double(y) * Double(y)
    }
    return dot / (aa.squareRoot() * bb.squareRoot())
  }

  @Test(arguments: [1, 3, 8, 100])
  func losslessVersionsComeBackBitForBit(keyframeInterval: Int) throws {
    // Random walks, and arbitrary bit patterns (every exponent, NaN payloads, subnormals).
    let walks = Self.drift(count: 41, step: 0.05, seed: 7)
    let arbitrary = (0..<12).map { Samples.arbitraryBitPatterns(count: Self.dimension, seed: UInt64(100 + $0)) }
    for versions in [walks, arbitrary] {
      let history = try Self.history(versions, encoding: .lossless, keyframeInterval: keyframeInterval)
      let current = try #require(versions.last)
      #expect(history.currentVersion == versions.count - 1)
      for number in history.firstVersion..<history.currentVersion {
        let rebuilt = try history.version(number, current: current)
        #expect(rebuilt.map(\.bitPattern) == versions[number].map(\.bitPattern), "version \(number)")
      }
    }
  }

  @Test func retentionKeepsTheNewestVersionsAndRefusesOlderOnes() throws {
    let versions = Self.drift(count: 30, step: 0.05, seed: 3)
    // 29 replaced versions, 10 kept: 19...28, cut across a keyframe (version 23 with interval 8).
    let history = try Self.history(versions, encoding: .lossless, keyframeInterval: 8, retention: 10)
    #expect(history.firstVersion == 19 && history.entries.count == 10)
    for number in 19...28 {
      #expect(try history.version(number, current: versions[29]) == versions[number])
    }
    #expect(throws: CodecError.self) { try history.version(18, current: versions[29]) }
    #expect(throws: CodecError.self) { try history.version(29, current: versions[29]) }
    let none = try Self.history(versions, encoding: .lossless, retention: 0)
    #expect(none.entries.isEmpty && none.currentVersion == 29)
  }

  @Test func keyframesFallEveryIntervalByVersionNumber() throws {
    let history = try Self.history(Self.drift(count: 20, step: 0.05, seed: 5), encoding: .compact, keyframeInterval: 8)
    let keyframes = history.entries.indices.filter { history.entries[$0].form == .keyframe }
    #expect(keyframes == [7, 15])
    #expect(history.entries.allSatisfy { $0.form == .keyframe || $0.form == .int8Delta })
  }

  @Test func compactVersionsStayWithinACosineErrorOfOneThousandth() throws {
    let versions = Self.drift(count: 33, step: 0.03, seed: 11)
    let history = try Self.history(versions, encoding: .compact)
    let current = try #require(versions.last)
    for number in history.firstVersion..<history.currentVersion {
      let rebuilt = try history.version(number, current: current)
      #expect(1 - Self.cosine(rebuilt, versions[number]) < 1e-3, "version \(number)")
    }
    // Deltas (not keyframes) under a quarter of a raw fp32 vector.
    for entry in history.entries where entry.form == .int8Delta {
      #expect(entry.storedBytes < Self.dimension * 4 / 4)
    }
  }

  @Test func serializedHistoryRoundTripsAndDamageIsAnError() throws {
    for encoding in VectorHistory.Encoding.allCases {
      let versions = Self.drift(count: 12, step: 0.05, seed: 13)
      let history = try Self.history(versions, encoding: encoding, keyframeInterval: 4, retention: 8)
      let bytes = history.serialized()
      #expect(try VectorHistory(serialized: bytes) == history)
      // Every single flipped byte and every truncation is refused, never read as versions.
      for index in stride(from: 0, to: bytes.count, by: 7) {
        var damaged = bytes
        damaged[index] ^= 0x5A
        #expect(throws: CodecError.self) { try VectorHistory(serialized: damaged) }
      }
      for length in [0, 4, 20, bytes.count / 2, bytes.count - 1] {
        #expect(throws: CodecError.self) { try VectorHistory(serialized: Array(bytes.prefix(length))) }
      }
    }
  }

  @Test func mismatchedDimensionsAndNonFiniteCompactDeltasAreRefused() throws {
    var history = VectorHistory(encoding: .lossless, dimension: 4)
    #expect(throws: CodecError.self) { try history.record(previous: [1, 2, 3], replacedBy: [1, 2, 3, 4]) }
    #expect(history.entries.isEmpty)
    // A compact delta cannot quantize a value that is not finite (a keyframe or XOR can).
    var compact = VectorHistory(encoding: .compact, dimension: 4, keyframeInterval: 100)
    #expect(throws: CodecError.self) { try compact.record(previous: [.nan, 0, 0, 1], replacedBy: [0, 0, 0, 1]) }
    #expect(throws: CodecError.self) { try compact.record(previous: [0, .infinity, 0, 1], replacedBy: [0, 0, 1, 0]) }
    #expect(compact.entries.isEmpty)
    var lossless = VectorHistory(encoding: .lossless, dimension: 4, keyframeInterval: 100)
    try lossless.record(previous: [.nan, 0, 0, 1], replacedBy: [0, 0, 0, 1])
    #expect(try lossless.version(0, current: [0, 0, 0, 1])[0].isNaN)
  }
}
