/// Text → token ids for all-MiniLM-L6-v2, identical to the model's `tokenizer.json` as
/// sentence-transformers runs it: special tokens matched verbatim in the raw text, BERT
/// uncased normalization and pre-tokenization, greedy longest-match-first WordPiece with `##`
/// continuations, then `[CLS] … [SEP]` and truncation to `maxSequenceLength` ids in all.
package struct WordPieceTokenizer: Sendable {
  /// The added tokens of the model's tokenizer. They are matched case-sensitively in the text
  /// before normalization (so `[SEP]` in a document is the separator, `[sep]` is three words).
  package static let specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
  /// Words longer than this many scalars become `[UNK]` without being split.
  package static let maxScalarsPerWord = 100
  /// Text is normalized in stretches of about this many scalars, so a huge input costs only
  /// what the first `maxSequenceLength` tokens need.
  static let normalizationStride = 1024

  package let vocabulary: WordPieceVocabulary
  /// The most ids `encode` returns, `[CLS]` and `[SEP]` included.
  package let maxSequenceLength: Int
  package let unknownID: Int32
  package let classifierID: Int32
  package let separatorID: Int32
  private let specials: [(scalars: [Unicode.Scalar], id: Int32)]

  /// - Parameter maxSequenceLength: 256 is the `max_seq_length` the sentence-transformers
  ///   model was configured with; the tokenizer file's own 128 is not what the reference uses.
  ///   At least 2, the room `[CLS]` and `[SEP]` need.
  /// - Throws: `.invalidVocabulary` when a special token is not in the vocabulary.
  package init(
    vocabulary: WordPieceVocabulary, maxSequenceLength: Int = 256
  ) throws(ModelLoadingError) {
    var specials: [(scalars: [Unicode.Scalar], id: Int32)] = []
    for token in Self.specialTokens {
      guard let id = vocabulary.id(for: token) else {
        throw .invalidVocabulary(
          file: vocabulary.source, reason: "the special token \(token) is missing")
      }
      specials.append((Array(token.unicodeScalars), id))
    }
    self.vocabulary = vocabulary
    self.maxSequenceLength = max(2, maxSequenceLength)
    self.specials = specials
    unknownID = specials[1].id
    classifierID = specials[2].id
    separatorID = specials[3].id
  }

  /// The token ids of `text`, starting with `[CLS]` and ending with `[SEP]`.
  package func encode(_ text: String) -> [Int32] {
    let budget = maxSequenceLength - 2
    var ids: [Int32] = [classifierID]
    ids.reserveCapacity(min(maxSequenceLength, text.utf8.count + 2))
    let scalars = Substring(text).unicodeScalars
    var segmentStart = scalars.startIndex
    var index = scalars.startIndex
    while index < scalars.endIndex, ids.count - 1 < budget {
      if scalars[index] == "[", let special = special(at: index, in: scalars) {
        appendWords(of: scalars[segmentStart..<index], to: &ids, budget: budget)
        if ids.count - 1 < budget { ids.append(special.id) }
        index = scalars.index(index, offsetBy: special.length)
        segmentStart = index
      } else {
        scalars.formIndex(after: &index)
      }
    }
    appendWords(of: scalars[segmentStart..<scalars.endIndex], to: &ids, budget: budget)
    ids.append(separatorID)
    return ids
  }

  private func special(
    at index: Substring.UnicodeScalarView.Index, in scalars: Substring.UnicodeScalarView
  ) -> (id: Int32, length: Int)? {
    candidates: for special in specials {
      var cursor = index
      for expected in special.scalars {
        guard cursor < scalars.endIndex, scalars[cursor] == expected else { continue candidates }
        scalars.formIndex(after: &cursor)
      }
      return (special.id, special.scalars.count)
    }
    return nil
  }

  /// Appends the WordPiece ids of one stretch of ordinary text, stopping at `budget` ids
  /// after `[CLS]`.
  private func appendWords(
    of segment: Substring.UnicodeScalarView, to ids: inout [Int32], budget: Int
  ) {
    var start = segment.startIndex
    while start < segment.endIndex, ids.count - 1 < budget {
      let end = Self.normalizationBoundary(in: segment, after: start)
      let normalized = BertNormalizer.normalize(segment[start..<end])
      BertPreTokenizer.forEachWord(in: normalized) { word in
        appendPieces(of: word, to: &ids, budget: budget)
        return ids.count - 1 < budget
      }
      start = end
    }
  }

  /// Where the stretch that starts at `start` may end: just after the first ASCII whitespace
  /// or punctuation at least `normalizationStride` scalars in, or at the end. Such a scalar
  /// ends a word and is a starter that no mark can combine with or reorder across, so
  /// normalizing the stretches separately gives exactly the words of normalizing the whole.
  static func normalizationBoundary(
    in segment: Substring.UnicodeScalarView, after start: Substring.UnicodeScalarView.Index
  ) -> Substring.UnicodeScalarView.Index {
    var index =
      segment.index(start, offsetBy: normalizationStride, limitedBy: segment.endIndex)
      ?? segment.endIndex
    while index < segment.endIndex {
      let scalar = segment[index]
      segment.formIndex(after: &index)
      if scalar.isASCII,
        BertCharacterClass.isWhitespace(scalar) || BertCharacterClass.isPunctuation(scalar)
      {
        return index
      }
    }
    return segment.endIndex
  }

  private func appendPieces(
    of word: ArraySlice<Unicode.Scalar>, to ids: inout [Int32], budget: Int
  ) {
    if word.count > Self.maxScalarsPerWord {
      ids.append(unknownID)
      return
    }
    let firstPiece = ids.count
    var start = word.startIndex
    while start < word.endIndex {
      guard
        let piece = vocabulary.longestPiece(
          in: word, from: start, continuation: start > word.startIndex)
      else {
        // One unmatched stretch makes the whole word unknown, as in the reference.
        ids.removeSubrange(firstPiece...)
        ids.append(unknownID)
        return
      }
      ids.append(piece.id)
      start = piece.end
    }
    if ids.count - 1 > budget { ids.removeSubrange((budget + 1)...) }
  }
}
