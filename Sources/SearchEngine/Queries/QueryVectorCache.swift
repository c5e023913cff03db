import Foundation

/// Recent query embeddings, so a repeated or refined query costs no model call.
struct QueryVectorCache: Sendable {
  let capacity: Int
  private var vectors: [String: [Float]] = [:]
  private var order: [String] = []
  private(set) var hits = 0
  private(set) var misses = 0
  /// Queries embedded ahead of their search (``SearchEngine/prepareQueryVectors(_:)``), whose
  /// miss is already counted: their first lookup is not a hit.
  private var prepared: Set<String> = []

  init(capacity: Int) {
    self.capacity = capacity
  }

  mutating func vector(for query: String) -> [Float]? {
    let vector = vectors[query]
    if prepared.remove(query) != nil, vector != nil { return vector }
    if vector == nil { misses += 1 } else { hits += 1 }
    return vector
  }

  /// Whether a query's vector is here, without counting a lookup.
  func contains(_ query: String) -> Bool { vectors[query] != nil }

  /// Stores a vector embedded ahead of its search, counting the miss that caused it.
  mutating func storePrepared(_ vector: [Float], for query: String) {
    misses += 1
    prepared.insert(query)
    store(vector, for: query)
  }

  mutating func store(_ vector: [Float], for query: String) {
    if vectors.updateValue(vector, forKey: query) == nil {
      order.append(query)
    }
    if order.count > capacity {
      let evicted = order.removeFirst()
      vectors[evicted] = nil
      prepared.remove(evicted)
    }
  }
}
