import Foundation
import Testing

@testable import NeuralInference

/// Token ids against HuggingFace `tokenizers` running the model's own tokenizer.json: the
/// shared reference cases, the bundled fixture (hand-picked code, prose, Unicode and
/// pathological inputs plus seeded random mixes) and an exhaustive probe of every code point.
@Suite struct TokenizerTests {
  private func check(
    _ text: String, _ expected: [Int32], sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let tokenizer = try TestModel.require().tokenizer
    #expect(
      tokenizer.encode(text) == expected, "\(text.debugDescription)", sourceLocation: sourceLocation
    )
  }

  @Test func referenceCases() throws {
    for reference in try Reference.cases() {
      try check(reference.text, reference.tokenIDs)
    }
  }

  private struct Cases: Decodable {
    var maxSequenceLength: Int
    var cases: [Case]
    struct Case: Decodable {
      var text: String
      var ids: [Int32]
    }
  }

  @Test func fixtureCases() throws {
    let fixture = try Fixture.decode(Cases.self, named: "tokenizer-cases")
    #expect(try TestModel.require().tokenizer.maxSequenceLength == fixture.maxSequenceLength)
    #expect(fixture.cases.count > 300)
    for item in fixture.cases {
      try check(item.text, item.ids)
    }
  }

  @Test func specialTokensMatchVerbatimBeforeNormalization() throws {
    try check("hello [SEP] world", [101, 7592, 102, 2088, 102])
    try check("x[CLS]y", [101, 1060, 101, 1061, 102])
    try check("hello [sep] world", [101, 7592, 1031, 19802, 1033, 2088, 102])
  }

  @Test func hangulIsDecomposedAndNeverMatchesPrecomposedTokens() throws {
    try check("한국어", [101, 1469, 30006, 30021, 29991, 30014, 30020, 29999, 30008, 102])
  }

  @Test func overlongWordsAreUnknown() throws {
    let tokenizer = try TestModel.require().tokenizer
    let hundred = tokenizer.encode(String(repeating: "a", count: 100))
    #expect(hundred.count > 3 && !hundred.contains(tokenizer.unknownID))
    try check(String(repeating: "a", count: 101), [101, 100, 102])
  }

  @Test func truncatesToTheSequenceLimitAndKeepsSeparator() throws {
    let tokenizer = try TestModel.require().tokenizer
    let ids = tokenizer.encode(String(repeating: "word ", count: 1000))
    #expect(ids.count == 256)
    #expect(ids.first == tokenizer.classifierID && ids.last == tokenizer.separatorID)
  }

  private struct Probe: Decodable {
    var blockSize: Int
    var digests: [String]
  }

  /// Every code point between two letters, in blocks of `blockSize`, hashed (FNV-1a over the
  /// ids) and compared with the reference's hash: a differing block names its code points.
  @Test func everyCodePointMatchesTheReference() throws {
    let probe = try Fixture.decode(Probe.self, named: "unicode-probe")
    let model = try TestModel.require()
    let tokenizer = try WordPieceTokenizer(
      vocabulary: model.tokenizer.vocabulary, maxSequenceLength: 1 << 20)
    #expect(probe.digests.count * probe.blockSize == 0x11_0000)
    var mismatches: [String] = []
    for (block, expected) in probe.digests.enumerated() {
      let first = block * probe.blockSize
      let words = (first..<first + probe.blockSize).compactMap { value in
        Unicode.Scalar(UInt32(value)).map { "a\(Character($0))a" }
      }
      let digest = fnv1a(tokenizer.encode(words.joined(separator: " ")))
      if digest != expected {
        mismatches.append(String(format: "U+%04X..U+%04X", first, first + probe.blockSize - 1))
      }
    }
    #expect(mismatches.isEmpty, "blocks tokenized differently: \(mismatches)")
  }

  private func fnv1a(_ ids: [Int32]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for id in ids {
      hash = (hash ^ UInt64(UInt32(bitPattern: id))) &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
