import Foundation

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
