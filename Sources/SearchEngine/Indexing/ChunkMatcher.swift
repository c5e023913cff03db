import Foundation
import MetadataStore
import SearchCore

/// Matches the chunks an update made to the chunks it ended, so that a renamed or moved
/// symbol carries its embedding history on.
///
/// A chunk whose identity (path, container, name, ordinal) survives keeps its id and needs
/// no matching. Among the rest, a new declaration continues a vanished one of the same kind
/// when their texts are alike: the Jaccard similarity of their sets of identifier and number
/// tokens is at least ``sameFileThreshold`` within one file (a rename changes one token of
/// many), or ``otherFileThreshold`` across files of the same batch (a move, often with its
/// name). Pairs are taken best first, each chunk at most once; line windows (no declaration)
/// are never matched.
enum ChunkMatcher {
  static let sameFileThreshold = 0.6
  static let otherFileThreshold = 0.75
  /// Text comparisons in one batch at most (a branch switch can end and start thousands of
  /// chunks at once; beyond this, only identical texts are matched).
  static let comparisonBudget = 50_000

  struct Candidate {
    var identity: String
    var path: String
    var kind: Int?
    var text: String
    var rowID: Int64 = 0
  }

  /// For each appeared chunk that continues a vanished one: the continuation, by identity.
  static func match(vanished: [Candidate], appeared: [Candidate]) -> [String: Catalog.Continuation] {
    let old = vanished.filter { $0.kind != nil }
    let new = appeared.filter { $0.kind != nil }
    guard !old.isEmpty, !new.isEmpty else { return [:] }
    let oldTokens = old.map { tokens(of: $0.text) }
    let newTokens = new.map { tokens(of: $0.text) }
    var pairs: [(similarity: Double, old: Int, new: Int)] = []
    var comparisons = 0
    for (j, candidate) in new.enumerated() {
      for (i, previous) in old.enumerated() where previous.kind == candidate.kind {
        let sameFile = previous.path == candidate.path
        if previous.text == candidate.text {
          pairs.append((1, i, j))
          continue
        }
        comparisons += 1
        if comparisons > comparisonBudget { continue }
        let similarity = jaccard(oldTokens[i], newTokens[j])
        if similarity >= (sameFile ? sameFileThreshold : otherFileThreshold) { pairs.append((similarity, i, j)) }
      }
    }
    // Best first; ties go to the pair in the same file, then to the earlier chunks.
    pairs.sort { left, right in
      if left.similarity != right.similarity { return left.similarity > right.similarity }
      let leftSame = old[left.old].path == new[left.new].path
      let rightSame = old[right.old].path == new[right.new].path
      if leftSame != rightSame { return leftSame }
      return (left.old, left.new) < (right.old, right.new)
    }
    var usedOld = Set<Int>()
    var usedNew = Set<Int>()
    var result: [String: Catalog.Continuation] = [:]
    for pair in pairs where !usedOld.contains(pair.old) && !usedNew.contains(pair.new) {
      usedOld.insert(pair.old)
      usedNew.insert(pair.new)
      result[new[pair.new].identity] = Catalog.Continuation(
        previousID: old[pair.old].rowID, previousIdentity: old[pair.old].identity, similarity: pair.similarity)
    }
    return result
  }

  static func tokens(of text: String) -> Set<String> {
    var tokens = Set<String>()
    IdentifierSplitter.forEachIdentifier(in: text) { tokens.insert(String($0)) }
    return tokens
  }

  static func jaccard(_ left: Set<String>, _ right: Set<String>) -> Double {
    guard !left.isEmpty || !right.isEmpty else { return 1 }
    let shared = left.intersection(right).count
    return Double(shared) / Double(left.count + right.count - shared)
  }
}
