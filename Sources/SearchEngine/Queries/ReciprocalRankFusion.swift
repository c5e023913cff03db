import Foundation

/// Merges ranked lists by reciprocal rank: each list adds `1 / (k + rank)` to a chunk's score.
///
/// Scores from BM25 and cosine live on different scales; ranks do not, which is why fusion by
/// rank is robust without tuning. `k = 60` is the constant of the original paper (Cormack et
/// al., 2009): it damps the weight of the very top ranks.
enum ReciprocalRankFusion {
  static func fuse(_ lists: [[SearchHit]], limit: Int, k: Double = 60) -> [SearchHit] {
    var scores: [String: Double] = [:]
    var first: [String: SearchHit] = [:]
    for list in lists {
      for (rank, hit) in list.enumerated() {
        let key = hit.root.path + "\u{0}" + hit.chunk.id.description
        scores[key, default: 0] += 1 / (k + Double(rank + 1))
        if first[key] == nil { first[key] = hit }
      }
    }
    return scores.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
      .prefix(limit)
      .compactMap { key, score in
        guard var hit = first[key] else { return nil }
        hit.score = score
        return hit
      }
  }
}

/// Recent query embeddings, so a repeated or refined query costs no model call.
struct QueryVectorCache: Sendable {
  let capacity: Int
  private var vectors: [String: [Float]] = [:]
  private var order: [String] = []
  private(set) var hits = 0
  private(set) var misses = 0

  init(capacity: Int) {
    self.capacity = capacity
  }

  mutating func vector(for query: String) -> [Float]? {
    let vector = vectors[query]
    if vector == nil { misses += 1 } else { hits += 1 }
    return vector
  }

  mutating func store(_ vector: [Float], for query: String) {
    if vectors.updateValue(vector, forKey: query) == nil {
      order.append(query)
    }
    if order.count > capacity {
      vectors[order.removeFirst()] = nil
    }
  }
}
