/// Which vectors an all-pairs similarity search compares: ids grouped in cells, each cell
/// compared with itself and with a few cells near it. Pairs in cells that are never compared
/// are assumed dissimilar, which is what makes the search sub-quadratic.
///
/// An IVF index already is such a partition: its inverted lists are cells, and two vectors
/// closer than a high cosine threshold sit in the same list or in lists whose centroids are
/// close. A flat index has no cells: it is one cell, compared exactly.
package struct ComparisonPartition: Sendable, Equatable {
  /// Ids of each cell.
  package var cells: [[Int64]]
  /// For each cell, the cells after it (higher index) that it is compared with; each unordered
  /// pair of distinct cells appears once. Every cell is also compared with itself.
  package var laterNeighbours: [[Int]]

  package init(cells: [[Int64]], laterNeighbours: [[Int]]) {
    precondition(cells.count == laterNeighbours.count, "one neighbour list per cell")
    self.cells = cells
    self.laterNeighbours = laterNeighbours
  }

  /// Every id against every other: exact, for indexes small enough to afford it.
  package static func single(_ ids: [Int64]) -> ComparisonPartition {
    ComparisonPartition(cells: [ids], laterNeighbours: [[]])
  }

  /// How many vector pairs the search will score (an upper bound when some ids are filtered out).
  package var comparisonCount: Int {
    var total = 0
    for (cell, ids) in cells.enumerated() {
      total += ids.count * (ids.count - 1) / 2
      for other in laterNeighbours[cell] { total += ids.count * cells[other].count }
    }
    return total
  }
}

extension IVFIndex {
  /// The inverted lists as cells, each compared with its `neighbourCells` nearest lists by
  /// centroid similarity (in either direction: a pair of lists is compared when either is
  /// among the other's nearest).
  package func comparisonPartition(neighbourCells: Int) -> ComparisonPartition {
    let cells = lists.map { $0.ids.elements }
    let count = cells.count
    let dimension = coarse.dimension
    let wanted = min(max(0, neighbourCells), max(0, count - 1))
    var linked = [Set<Int>](repeating: [], count: count)
    if wanted > 0 {
      var scores = [Float](repeating: 0, count: count)
      coarse.centroids.withUnsafeBufferPointer { centroids in
        guard let base = centroids.baseAddress else { return }
        scores.withUnsafeMutableBufferPointer { output in
          guard let output = output.baseAddress else { return }
          for cell in 0..<count {
            FloatKernels.dot(
              query: base + cell * dimension, rows: base, rowCount: count, dimension: dimension, into: output)
            output[cell] = -.infinity
            // Largest `x·c − ‖c‖²/2` is the nearest centroid, as in assignment.
            var best: [(Int, Float)] = []
            for other in 0..<count where other != cell {
              let score = output[other] + coarse.assignmentBias[other]
              if best.count < wanted {
                best.append((other, score))
                if best.count == wanted { best.sort { $0.1 > $1.1 } }
              } else if let last = best.last, score > last.1 {
                best[best.count - 1] = (other, score)
                best.sort { $0.1 > $1.1 }
              }
            }
            for (other, _) in best { linked[min(cell, other)].insert(max(cell, other)) }
          }
        }
      }
    }
    return ComparisonPartition(cells: cells, laterNeighbours: linked.map { $0.sorted() })
  }
}

extension ANNIndex {
  /// The index's own cells when it has them (IVF); `nil` for flat indexes, which have none.
  package func comparisonPartition(neighbourCells: Int) -> ComparisonPartition? {
    if case .ivf(let index) = self { return index.comparisonPartition(neighbourCells: neighbourCells) }
    return nil
  }
}
