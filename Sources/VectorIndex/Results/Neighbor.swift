/// One search result: a vector id and its inner product with the query (higher is better).
package struct Neighbor: Hashable, Sendable {
  package var id: Int64
  package var score: Float

  package init(id: Int64, score: Float) {
    self.id = id
    self.score = score
  }

  /// The result order every index uses: higher score first, and the smaller id among equal
  /// scores, so results are deterministic even when vectors are duplicated.
  @inline(__always)
  package func ranksAbove(_ other: Neighbor) -> Bool {
    score > other.score || (score == other.score && id < other.id)
  }
}
