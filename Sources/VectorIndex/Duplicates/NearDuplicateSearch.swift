import CBLAS

/// Two vectors at least as similar as the threshold asked for; `first < second`.
package struct SimilarPair: Sendable, Hashable {
  package var first: Int64
  package var second: Int64
  package var score: Float

  package init(first: Int64, second: Int64, score: Float) {
    self.first = min(first, second)
    self.second = max(first, second)
    self.score = score
  }
}

/// All pairs of vectors whose inner product reaches a threshold, comparing only what a
/// ``ComparisonPartition`` pairs up. Each comparison of two cells is one matrix product
/// (OpenBLAS `sgemm`) in tiles small enough to keep the scratch at a few megabytes however
/// large a cell is.
package enum NearDuplicateSearch {
  /// Rows of the left operand per tile.
  static let rowTile = 256
  /// Rows of the right operand per tile.
  static let columnTile = 2048

  /// The pairs among the partition's ids scoring at least `threshold`. `rows` maps an id to
  /// its row of `matrix` (row-major, `dimension` wide); ids without a row are left out (a
  /// filter, or a vector that could not be read).
  package static func pairs(
    in partition: ComparisonPartition, rows: [Int64: Int], matrix: UnsafeBufferPointer<Float>, dimension: Int,
    threshold: Float
  ) -> [SimilarPair] {
    guard dimension > 0, matrix.count >= rows.count * dimension else { return [] }
    let cells = partition.cells.map { ids in ids.compactMap { id in rows[id].map { (id, $0) } } }
    var found: [SimilarPair] = []
    var left: [Float] = []
    var right: [Float] = []
    var products: [Float] = []
    for (cell, members) in cells.enumerated() where !members.isEmpty {
      compare(members, members, sameCell: true)
      for other in partition.laterNeighbours[cell] where !cells[other].isEmpty {
        compare(members, cells[other], sameCell: false)
      }
    }
    return found

    func compare(_ a: [(Int64, Int)], _ b: [(Int64, Int)], sameCell: Bool) {
      var rowStart = 0
      while rowStart < a.count {
        let rowEnd = min(a.count, rowStart + rowTile)
        gather(a[rowStart..<rowEnd], into: &left)
        // Within one cell only the pairs above the diagonal: columns from this tile's first row.
        var columnStart = sameCell ? rowStart : 0
        while columnStart < b.count {
          let columnEnd = min(b.count, columnStart + columnTile)
          gather(b[columnStart..<columnEnd], into: &right)
          let m = rowEnd - rowStart
          let n = columnEnd - columnStart
          if products.count < m * n { products = [Float](repeating: 0, count: m * n) }
          left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
              products.withUnsafeMutableBufferPointer { c in
                guard let l = l.baseAddress, let r = r.baseAddress, let c = c.baseAddress else { return }
                cblas_sgemm(
                  CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(dimension), 1, l, Int32(dimension),
                  r, Int32(dimension), 0, c, Int32(n))
              }
            }
          }
          for row in 0..<m {
            let i = rowStart + row
            let base = row * n
            for column in 0..<n {
              let j = columnStart + column
              if sameCell, j <= i { continue }
              let score = products[base + column]
              if score >= threshold { found.append(SimilarPair(first: a[i].0, second: b[j].0, score: score)) }
            }
          }
          columnStart = columnEnd
        }
        rowStart = rowEnd
      }
    }

    func gather(_ members: ArraySlice<(Int64, Int)>, into buffer: inout [Float]) {
      buffer.removeAll(keepingCapacity: true)
      for (_, row) in members {
        buffer.append(contentsOf: matrix[(row * dimension)..<((row + 1) * dimension)])
      }
    }
  }
}
