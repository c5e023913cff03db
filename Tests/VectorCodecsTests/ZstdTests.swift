import Testing
import VectorCodecs

struct ZstdTests {
  private let text = Array(String(repeating: "semantic code search over swift sources; ", count: 50).utf8)

  private func compress(_ bytes: [UInt8], level: Int32 = 3) throws -> [UInt8] {
    try bytes.withUnsafeBytes { try Zstd.compress($0, level: level) }
  }

  private func decompress(_ frame: [UInt8], byteCount: Int) throws -> [UInt8] {
    var output = [UInt8](repeating: 0, count: byteCount)
    try frame.withUnsafeBytes { input in
      try output.withUnsafeMutableBytes { try Zstd.decompress(input, into: $0) }
    }
    return output
  }

  @Test func roundTrips() throws {
    let frame = try compress(text)
    #expect(frame.count < text.count / 10)
    #expect(try decompress(frame, byteCount: text.count) == text)
  }

  @Test func emptyInputRoundTrips() throws {
    let frame = try compress([])
    #expect(!frame.isEmpty)
    #expect(try decompress(frame, byteCount: 0).isEmpty)
  }

  @Test func outputMustBeFilledExactly() throws {
    let frame = try compress(text)
    #expect(throws: ZstdError.sizeMismatch(expectedBytes: text.count + 1, actualBytes: text.count)) {
      try decompress(frame, byteCount: text.count + 1)
    }
    #expect(throws: ZstdError.sizeMismatch(expectedBytes: text.count - 1, actualBytes: text.count)) {
      try decompress(frame, byteCount: text.count - 1)
    }
  }

  @Test func corruptionReportsZstdsErrorName() throws {
    var frame = try compress(text)
    frame[frame.count - 1] ^= 0x40  // inside the content checksum
    do {
      _ = try decompress(frame, byteCount: text.count)
      Issue.record("a damaged checksum decoded")
    } catch let error as ZstdError {
      guard case .decompressionFailed(let name) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(!name.isEmpty)
      #expect(error.description.contains(name))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func blockEndsAtAnyIntervalRoundTrip() throws {
    let bytes = Array(text.prefix(500))
    for segmentBytes in [1, 3, 64, 499, 500, 501, 10_000] {
      let frame = try bytes.withUnsafeBytes { try Zstd.compress($0, level: 3, endBlockEvery: segmentBytes) }
      #expect(try decompress(frame, byteCount: bytes.count) == bytes, "block end every \(segmentBytes) bytes")
    }
    let empty = try [UInt8]().withUnsafeBytes { try Zstd.compress($0, level: 3, endBlockEvery: 16) }
    #expect(try decompress(empty, byteCount: 0).isEmpty)
  }

  @Test func incompressibleInputFitsTheBound() throws {
    var generator = SeededGenerator(seed: 60)
    let noise = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    for segmentBytes in [nil, 1 << 10, 100_000] {
      let frame = try noise.withUnsafeBytes { try Zstd.compress($0, level: 1, endBlockEvery: segmentBytes) }
      #expect(try decompress(frame, byteCount: noise.count) == noise)
    }
  }

  @Test func levelsOutsideTheRangeAreClamped() throws {
    for level: Int32 in [-5, 0, 1, 22, 1000] {
      #expect(try decompress(try compress(text, level: level), byteCount: text.count) == text, "level \(level)")
    }
  }
}
