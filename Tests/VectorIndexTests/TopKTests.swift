import Testing

@testable import VectorIndex

struct TopKTests {
  /// Scores with many ties, so ordering by id is exercised.
  static func candidates(_ count: Int, seed: UInt64) -> [Neighbor] {
    var rng = SplitMix64(seed: seed)
    var result: [Neighbor] = []
    for _ in 0..<count {
      let id = Int64(rng.nextIndex(below: 1_000_000))
      result.append(Neighbor(id: id, score: Float(rng.nextIndex(below: 20))))
    }
    return result
  }

  static func reference(_ candidates: [Neighbor], k: Int) -> [Neighbor] {
    Array(candidates.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }.prefix(k))
  }

  @Test(arguments: [0, 1, 5, 10, 100, 1000])
  func heapKeepsBestWithIdTieBreak(k: Int) {
    let input = Self.candidates(500, seed: UInt64(k) + 1)
    var top = TopK(capacity: k)
    for candidate in input { top.insert(id: candidate.id, score: candidate.score) }
    #expect(top.sorted() == Self.reference(input, k: k))
  }

  @Test func resultIsIndependentOfInsertionOrder() {
    let input = Self.candidates(300, seed: 42)
    var forwards = TopK(capacity: 17)
    var backwards = TopK(capacity: 17)
    for candidate in input { forwards.insert(id: candidate.id, score: candidate.score) }
    for candidate in input.reversed() { backwards.insert(id: candidate.id, score: candidate.score) }
    #expect(forwards.sorted() == backwards.sorted())
  }

  @Test func nanIsIgnoredAndThresholdTracksWorstKept() {
    var top = TopK(capacity: 2)
    #expect(top.threshold == -.infinity)
    top.insert(id: 1, score: .nan)
    top.insert(id: 2, score: 0.5)
    top.insert(id: 3, score: 0.9)
    #expect(top.threshold == 0.5)
    top.insert(id: 4, score: 0.7)
    #expect(top.sorted() == [Neighbor(id: 3, score: 0.9), Neighbor(id: 4, score: 0.7)])
    top.reset(capacity: 1)
    #expect(top.count == 0)
  }

  @Test(arguments: [1, 3, 10, 64, 250])
  func candidatePoolMatchesReference(capacity: Int) {
    let input = Self.candidates(2_000, seed: UInt64(capacity) + 7)
    let pool = CandidatePool()
    pool.reset(capacity: capacity)
    for candidate in input where candidate.score >= pool.threshold {
      pool.insert(id: candidate.id, score: candidate.score)
    }
    #expect(pool.sorted() == Self.reference(input, k: capacity))
  }

  @Test func quickselectKeepsBestPrefixOnAdversarialInputs() {
    let ascending: [Neighbor] = (0..<257).map { Neighbor(id: Int64($0), score: Float($0)) }
    let descending: [Neighbor] = (0..<257).map { Neighbor(id: Int64($0), score: -Float($0)) }
    let equal: [Neighbor] = (0..<257).map { Neighbor(id: Int64(257 - $0), score: 1) }
    for (name, input) in [("ascending", ascending), ("descending", descending), ("all equal", equal)] {
      for keep in [1, 2, 128, 256] {
        var elements = input
        elements.withUnsafeMutableBufferPointer {
          CandidatePool.select($0.baseAddress!, count: $0.count, keeping: keep)
        }
        let kept = Set(elements.prefix(keep))
        #expect(kept == Set(Self.reference(input, k: keep)), "\(name) keep \(keep)")
      }
    }
  }

  @Test func splitMixIsStable() {
    // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
    var rng = SplitMix64(seed: 0)
    #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
    #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    var bounded = SplitMix64(seed: 99)
    for _ in 0..<1000 { #expect((0..<7).contains(bounded.nextIndex(below: 7))) }
  }
}
