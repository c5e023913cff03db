import Foundation
import Testing

@testable import SearchEngine

struct VectorTableTests {
  /// Deterministic pseudo-random unit vectors.
  private func vectors(_ count: Int, dimension: Int, seed: UInt64) -> [[Float]] {
    var state = seed
    return (0..<count).map { _ in
      var vector = (0..<dimension).map { _ -> Float in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
      }
      let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
      vector = vector.map { $0 / norm }
      return vector
    }
  }

  private func bruteForce(_ rows: [(Int64, [Float])], _ query: [Float], k: Int) -> [Int64] {
    var scored: [(rowID: Int64, score: Float)] = []
    for (rowID, vector) in rows {
      var score: Float = 0
      for index in 0..<vector.count { score += vector[index] * query[index] }
      scored.append((rowID, score))
    }
    scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.rowID < $1.rowID) }
    return scored.prefix(k).map(\.rowID)
  }

  @Test func searchMatchesBruteForceAfterEdits() {
    let dimension = 37  // not a multiple of 8: exercises the scalar tail
    var rows = Array(zip((1...500).map(Int64.init), vectors(500, dimension: dimension, seed: 1)))
    var table = VectorTable(dimension: dimension)
    table.upsert(rows.map { ($0.0, $0.1) })
    let removed: Set<Int64> = [3, 77, 250, 499, 500]
    table.remove(removed)
    rows.removeAll { removed.contains($0.0) }
    let replacement = vectors(10, dimension: dimension, seed: 9)
    let updates = (0..<10).map { (Int64($0 * 40 + 1), replacement[$0]) }
    table.upsert(updates)
    for (rowID, vector) in updates {
      if let index = rows.firstIndex(where: { $0.0 == rowID }) { rows[index].1 = vector }
    }
    #expect(table.count == rows.count)
    for query in vectors(20, dimension: dimension, seed: 5) {
      #expect(table.search(query, k: 10).map(\.rowID) == bruteForce(rows, query, k: 10))
    }
  }

  @Test func wrongDimensionsAreIgnored() {
    var table = VectorTable(dimension: 4)
    table.upsert([(1, [1, 0, 0, 0]), (2, [1, 0])])
    #expect(table.count == 1)
    #expect(table.search([1, 0], k: 5).isEmpty)
  }

  @Test func reciprocalRankFusionRewardsAgreement() {
    func hit(_ name: String) -> SearchHit {
      SearchHit(
        root: URL(fileURLWithPath: "/w"),
        chunk: .init(
          rowID: 0, id: .init(path: "a", container: nil, name: name, ordinal: 0), kind: nil, signature: nil, language: nil,
          span: .init(start: .init(line: 0, column: 0), end: .init(line: 1, column: 0), bytes: 0..<1), contentHash: .of(name),
          text: name, score: 0), score: 0)
    }
    let fused = ReciprocalRankFusion.fuse([[hit("a"), hit("b"), hit("c")], [hit("c"), hit("b"), hit("d")]], limit: 3)
    // c: 1/63 + 1/61 = 0.03227 edges out b: 2/62 = 0.03226; a (1/61) beats d (1/63).
    #expect(fused.map(\.chunk.id.name) == ["c", "b", "a"])
  }
}
