import Foundation

/// A WordPiece vocabulary (`vocab.txt`: one token per line, the line number is the id), stored
/// as a trie over Unicode scalars so that greedy longest-match-first costs one walk per piece
/// instead of one dictionary probe per candidate length.
///
/// Tokens are compared scalar by scalar, never as Swift `String`s: `String` equality is
/// canonical equivalence, which would let decomposed hangul jamo match a precomposed syllable
/// that the reference tokenizer (byte comparison) never matches.
package struct WordPieceVocabulary: Sendable {
  /// The number of ids, including any duplicate lines.
  package let count: Int
  /// Where the tokens came from (the file's path), for error messages.
  package let source: String
  /// Child of `(node, scalar)`, keyed by `node << 21 | scalar` (scalars need 21 bits).
  private var edges: [UInt64: Int32] = [:]
  /// The id of the token that ends at each node, or -1.
  private var tokenIDs: [Int32] = [-1]
  /// The node reached by `##`, where word-continuation pieces start, if any exist.
  private var continuationRoot: Int32?

  /// Builds the vocabulary from tokens in id order; a token listed twice keeps its last id,
  /// as the reference loader's dictionary does.
  package init(tokens: [String], source: String = "in-memory vocabulary") {
    count = tokens.count
    self.source = source
    edges.reserveCapacity(tokens.count * 4)
    for (id, token) in tokens.enumerated() {
      var node: Int32 = 0
      for scalar in token.unicodeScalars {
        node = child(of: node, scalar)
      }
      tokenIDs[Int(node)] = Int32(id)
    }
    continuationRoot = walk(from: 0, through: "##")
  }

  /// Reads `vocab.txt`; lines are split on `\n` and kept verbatim, and a final empty line
  /// (the file's trailing newline) is not a token.
  package init(contentsOf url: URL) throws(ModelLoadingError) {
    let data: Data
    do {
      data = try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      throw ModelLoadingError.unreadable(file: url.path, reason: error.localizedDescription)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ModelLoadingError.invalidVocabulary(file: url.path, reason: "not valid UTF-8")
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    guard !lines.isEmpty else {
      throw ModelLoadingError.invalidVocabulary(file: url.path, reason: "the file has no tokens")
    }
    self.init(tokens: lines, source: url.path)
  }

  /// The id of exactly `token`, if it is in the vocabulary.
  package func id(for token: String) -> Int32? {
    guard let node = walk(from: 0, through: token) else { return nil }
    let id = tokenIDs[Int(node)]
    return id >= 0 ? id : nil
  }

  /// The longest vocabulary piece that starts at `start` in `word` (as a `##` continuation
  /// when `continuation` is set): its id and the index just past it, or nil if none matches.
  func longestPiece(
    in word: ArraySlice<Unicode.Scalar>, from start: Int, continuation: Bool
  ) -> (id: Int32, end: Int)? {
    guard var node = continuation ? continuationRoot : 0 else { return nil }
    var best: (id: Int32, end: Int)?
    var index = start
    while index < word.endIndex {
      guard let next = edges[Self.key(node, word[index])] else { break }
      node = next
      index += 1
      let id = tokenIDs[Int(node)]
      if id >= 0 { best = (id, index) }
    }
    return best
  }

  private func walk(from start: Int32, through text: String) -> Int32? {
    var node = start
    for scalar in text.unicodeScalars {
      guard let next = edges[Self.key(node, scalar)] else { return nil }
      node = next
    }
    return node
  }

  /// The child of `node` along `scalar`, created if the trie does not have it yet.
  private mutating func child(of node: Int32, _ scalar: Unicode.Scalar) -> Int32 {
    let key = Self.key(node, scalar)
    if let existing = edges[key] { return existing }
    let created = Int32(tokenIDs.count)
    tokenIDs.append(-1)
    edges[key] = created
    return created
  }

  @inline(__always)
  private static func key(_ node: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
    UInt64(UInt32(bitPattern: node)) << 21 | UInt64(scalar.value)
  }
}
