/// BERT's pre-tokenization: words are separated by whitespace, and every punctuation scalar is
/// a word of its own, so `x->next` becomes `x`, `-`, `>`, `next`.
enum BertPreTokenizer {
  /// Calls `body` with each word of `scalars`, in order, until it returns false (the caller's
  /// token budget is spent, so the rest of a long document need not be split).
  static func forEachWord(
    in scalars: [Unicode.Scalar], _ body: (ArraySlice<Unicode.Scalar>) -> Bool
  ) {
    var wordStart = 0
    for index in scalars.indices {
      let scalar = scalars[index]
      if BertCharacterClass.isWhitespace(scalar) {
        if wordStart < index, !body(scalars[wordStart..<index]) { return }
        wordStart = index + 1
      } else if BertCharacterClass.isPunctuation(scalar) {
        if wordStart < index, !body(scalars[wordStart..<index]) { return }
        if !body(scalars[index...index]) { return }
        wordStart = index + 1
      }
    }
    if wordStart < scalars.count { _ = body(scalars[wordStart...]) }
  }
}
