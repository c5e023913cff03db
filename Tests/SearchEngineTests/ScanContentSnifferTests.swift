import Testing

@testable import SearchEngine

/// Where the line between text and binary content falls.
@Suite struct ScanContentSnifferTests {
  @Test func samples() {
    check([], binary: false)
    check(Array("plain ascii\n".utf8), binary: false)
    check(Array("naïve café — 日本語 🚀".utf8), binary: false)
    check([0x41, 0x00, 0x42], binary: true)
    check([0xFF, 0xFE, 0x41, 0x00], binary: true)
    // A few Latin-1 letters in otherwise plain text stay text.
    check(
      Array("r".utf8) + [0xE9] + Array("sum".utf8) + [0xE9] + Array(" of it".utf8), binary: false)
    // Mostly invalid bytes, no NUL: compressed or encrypted data.
    check((0..<100).map { UInt8(0x80 + $0) }, binary: true)
    // Exactly at the threshold (30 of 100 invalid) is still text, one more is binary.
    check(Array(repeating: 0x41, count: 70) + Array(repeating: 0xFF, count: 30), binary: false)
    check(Array(repeating: 0x41, count: 69) + Array(repeating: 0xFF, count: 31), binary: true)
    // Overlong forms and surrogates are not UTF-8.
    check(Array(repeating: 0xC0, count: 4) + [0x41], binary: true)
    check([0xED, 0xA0, 0x80, 0x41], binary: true)
  }

  @Test func sequenceCutAtTheEndOfTheSample() {
    let cut = Array("ab".utf8) + [0xE6, 0x97]
    check(cut, fileSize: 100, binary: false)
    check(cut, fileSize: cut.count, binary: true)
    #expect(countInvalid(cut, cutFromLongerFile: true) == 0)
    #expect(countInvalid(cut, cutFromLongerFile: false) == 2)
  }

  private func countInvalid(_ bytes: [UInt8], cutFromLongerFile: Bool) -> Int {
    bytes.withUnsafeBufferPointer {
      ContentSniffer.invalidByteCount($0, ignoringCutSequence: cutFromLongerFile)
    }
  }

  private func check(
    _ sample: [UInt8], fileSize: Int? = nil, binary expected: Bool,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      ContentSniffer.isBinary(sample, fileSize: fileSize ?? sample.count) == expected,
      "\(sample.prefix(16))", sourceLocation: sourceLocation)
  }
}
