import Testing

@testable import NeuralInference

/// Greedy longest-match-first WordPiece on a small hand-made vocabulary.
@Suite struct WordPieceVocabularyTests {
  private static let tokens = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "una", "##aff", "##able", "##a", "##ff",
    "a", "b", "##b", "ü", "\u{1112}", "##\u{1161}", "##\u{11AB}", "\u{D55C}", ",", "x",
  ]

  private func check(
    _ text: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let tokenizer = try WordPieceTokenizer(vocabulary: WordPieceVocabulary(tokens: Self.tokens))
    let names = tokenizer.encode(text).dropFirst().dropLast().map { Self.tokens[Int($0)] }
    #expect(names == expected, sourceLocation: sourceLocation)
  }

  @Test func longestPieceFirst() throws {
    try check("unaffable", ["una", "##ff", "##able"])
    try check("unab", ["una", "##b"])
    try check("ab ba", ["a", "##b", "b", "##a"])
  }

  @Test func anyUnmatchedStretchMakesTheWholeWordUnknown() throws {
    try check("unaffablez", ["[UNK]"])
    try check("x,unx", ["x", ",", "[UNK]"])
  }

  @Test func decomposedHangulNeverMatchesThePrecomposedToken() throws {
    // "한" is decomposed to its three jamo, which the vocabulary has as pieces; the
    // precomposed syllable token (canonically equal as a Swift String) must not match.
    try check("\u{D55C}", ["\u{1112}", "##\u{1161}", "##\u{11AB}"])
  }

  @Test func lookupIsExactAndDuplicatesKeepTheLastID() {
    let vocabulary = WordPieceVocabulary(tokens: ["a", "b", "a"])
    #expect(vocabulary.id(for: "a") == 2)
    #expect(vocabulary.id(for: "b") == 1)
    #expect(vocabulary.id(for: "ab") == nil)
    #expect(vocabulary.count == 3)
  }

  @Test func missingSpecialTokenIsReported() {
    #expect(
      throws: ModelLoadingError.invalidVocabulary(
        file: "test vocabulary", reason: "the special token [MASK] is missing")
    ) {
      try WordPieceTokenizer(
        vocabulary: WordPieceVocabulary(
          tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"], source: "test vocabulary"))
    }
  }
}
