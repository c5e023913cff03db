import BLASSupport
import CBLAS
import Foundation
import Synchronization

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

/// The vectors of a ``ComparisonPartition`` laid out cell after cell, so that every cell is one
/// contiguous block of rows and comparing two cells is one matrix product on the rows in
/// place, with nothing gathered.
package struct CellOrderedVectors: Sendable {
  package let dimension: Int
  /// The id of each row.
  package private(set) var ids: [Int64] = []
  /// Rows `cellStarts[c]..<cellStarts[c + 1]` are cell `c`.
  package private(set) var cellStarts: [Int] = [0]
  package private(set) var matrix: [Float] = []
  /// Rows whose vector was given (a row never filled, for a vector that could not be read,
  /// stays zero and is left out of every pair).
  package private(set) var filled: [Bool] = []
  private var rowOf: [Int64: Int] = [:]

  /// Rows for the partition's ids that `admits`, in cell order, all zero until `fill`.
  package init(partition: ComparisonPartition, dimension: Int, admits: (Int64) -> Bool) {
    self.dimension = dimension
    for cell in partition.cells {
      for id in cell where admits(id) && rowOf[id] == nil {
        rowOf[id] = ids.count
        ids.append(id)
      }
      cellStarts.append(ids.count)
    }
    matrix = [Float](repeating: 0, count: ids.count * dimension)
    filled = [Bool](repeating: false, count: ids.count)
  }

  /// One cell of rows already read (`matrix` is `ids.count × dimension`, row-major).
  package init(singleCell ids: [Int64], matrix: [Float], dimension: Int) {
    precondition(matrix.count == ids.count * dimension, "one row per id")
    self.dimension = dimension
    self.ids = ids
    self.matrix = matrix
    cellStarts = [0, ids.count]
    filled = [Bool](repeating: true, count: ids.count)
  }

  package var count: Int { ids.count }

  /// The vector pairs a search with these neighbours scores.
  package func comparisonCount(laterNeighbours: [[Int]]) -> Int {
    var total = 0
    for cell in 0..<min(cellCount, laterNeighbours.count) {
      let size = cellStarts[cell + 1] - cellStarts[cell]
      total += size * (size - 1) / 2
      for other in laterNeighbours[cell] { total += size * (cellStarts[other + 1] - cellStarts[other]) }
    }
    return total
  }
  package var cellCount: Int { cellStarts.count - 1 }

  /// Stores `vector` as `id`'s row; ignored for an id outside the partition or of another width.
  package mutating func fill(_ id: Int64, _ vector: UnsafeBufferPointer<Float>) {
    guard let row = rowOf[id], vector.count == dimension else { return }
    matrix.withUnsafeMutableBufferPointer { matrix in
      guard let base = matrix.baseAddress, let source = vector.baseAddress else { return }
      (base + row * dimension).update(from: source, count: dimension)
    }
    filled[row] = true
  }
}

/// All pairs of vectors whose inner product reaches a threshold, comparing only cells that a
/// ``ComparisonPartition`` pairs up. Each comparison of two cells is a matrix product
/// (OpenBLAS `sgemm`, single-threaded) in tiles that keep the scratch at a few megabytes however
/// large a cell is; cells are shared out between the cores.
package enum NearDuplicateSearch {
  /// Rows of the left operand per tile.
  static let rowTile = 256
  /// Rows of the right operand per tile.
  static let columnTile = 2048

  package static func pairs(
    in vectors: CellOrderedVectors, laterNeighbours: [[Int]], threshold: Float,
    workers: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> [SimilarPair] {
    let cellCount = vectors.cellCount
    guard vectors.dimension > 0, cellCount > 0, laterNeighbours.count == cellCount else { return [] }
    // Largest cells first, so that no core is left with a big one at the end.
    // Work is shared out in tiles of one cell's rows, so that even one big cell (a flat index,
    // an exact search) keeps every core busy; the costliest tiles go first.
    var tiles: [(cell: Int, rows: Range<Int>, cost: Int)] = []
    for cell in 0..<cellCount {
      let neighbourRows = laterNeighbours[cell].reduce(0) { $0 + vectors.cellStarts[$1 + 1] - vectors.cellStarts[$1] }
      var start = vectors.cellStarts[cell]
      let end = vectors.cellStarts[cell + 1]
      while start < end {
        let tileEnd = min(end, start + rowTile)
        tiles.append((cell, start..<tileEnd, (tileEnd - start) * (end - start + neighbourRows)))
        start = tileEnd
      }
    }
    tiles.sort { $0.cost > $1.cost }
    let work = tiles.map { (cell: $0.cell, rows: $0.rows) }
    let next = Atomic<Int>(0)
    let results = Mutex<[SimilarPair]>([])
    // Each core runs its own products, OpenBLAS single-threaded: its pool would only add
    // hand-offs on blocks this small. The claim also keeps the model from making OpenBLAS
    // threaded while these products run.
    _ = BLASThreads.claim(wanted: 1)
    defer { BLASThreads.release() }
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, work.count))) { _ in
      var found: [SimilarPair] = []
      var products: [Float] = []
      while true {
        let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard position < work.count else { break }
        let (cell, rows) = work[position]
        let own = rows.lowerBound..<vectors.cellStarts[cell + 1]
        compare(vectors, rows, own, sameCell: true, threshold: threshold, products: &products, into: &found)
        for other in laterNeighbours[cell] {
          let columns = vectors.cellStarts[other]..<vectors.cellStarts[other + 1]
          compare(vectors, rows, columns, sameCell: false, threshold: threshold, products: &products, into: &found)
        }
      }
      results.withLock { $0 += found }
    }
    return results.withLock { $0 }
  }

  private static func compare(
    _ vectors: CellOrderedVectors, _ rows: Range<Int>, _ columns: Range<Int>, sameCell: Bool, threshold: Float,
    products: inout [Float], into found: inout [SimilarPair]
  ) {
    let dimension = vectors.dimension
    var rowStart = rows.lowerBound
    while rowStart < rows.upperBound {
      let rowEnd = min(rows.upperBound, rowStart + rowTile)
      // Within one cell only the pairs above the diagonal: columns from this tile's first row.
      var columnStart = sameCell ? rowStart : columns.lowerBound
      while columnStart < columns.upperBound {
        let columnEnd = min(columns.upperBound, columnStart + columnTile)
        let m = rowEnd - rowStart
        let n = columnEnd - columnStart
        if products.count < m * n { products = [Float](repeating: 0, count: m * n) }
        vectors.matrix.withUnsafeBufferPointer { matrix in
          products.withUnsafeMutableBufferPointer { c in
            guard let base = matrix.baseAddress, let c = c.baseAddress else { return }
            cblas_sgemm(
              CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(dimension), 1,
              base + rowStart * dimension, Int32(dimension), base + columnStart * dimension, Int32(dimension), 0, c,
              Int32(n))
          }
        }
        for row in 0..<m {
          let i = rowStart + row
          guard vectors.filled[i] else { continue }
          let base = row * n
          for column in 0..<n where products[base + column] >= threshold {
            let j = columnStart + column
            if sameCell, j <= i { continue }
            guard vectors.filled[j] else { continue }
            found.append(SimilarPair(first: vectors.ids[i], second: vectors.ids[j], score: products[base + column]))
          }
        }
        columnStart = columnEnd
      }
      rowStart = rowEnd
    }
  }
}
