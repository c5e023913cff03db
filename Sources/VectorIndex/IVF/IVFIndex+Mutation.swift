extension IVFIndex {
  /// Encodes and adds rows (row-major `ids.count × dimension`), replacing any entry with the
  /// same id. Uses the trained quantizers as they are; see `needsRetraining`.
  package mutating func add(ids newIDs: [Int64], vectors values: [Float]) throws(VectorIndexError) {
    try BatchValidation.check(ids: newIDs, values: values, dimension: dimension)
    remove(ids: newIDs)
    let rows = BatchValidation.lastOccurrences(newIDs)
    guard !rows.isEmpty else { return }
    let codeSize = self.codeSize
    var cells = [Int32](repeating: 0, count: rows.count)
    var codes = [UInt8](repeating: 0, count: rows.count * codeSize)
    var errors = [Float](repeating: 0, count: rows.count)
    values.withUnsafeBufferPointer { values in
      codes.withUnsafeMutableBufferPointer { codes in
        guard let base = values.baseAddress, let out = codes.baseAddress else { return }
        withEncoder { encode in
          for (position, row) in rows.enumerated() {
            let (cell, error) = encode(base + row * dimension, out + position * codeSize)
            cells[position] = Int32(cell)
            errors[position] = error
          }
        }
      }
    }

    var perCell = [Int](repeating: 0, count: listCount)
    for cell in cells { perCell[Int(cell)] += 1 }
    for cell in 0..<listCount where perCell[cell] > 0 {
      lists[cell].ids.reserveCapacity(lists[cell].count + perCell[cell])
      lists[cell].codes.reserveCapacity((lists[cell].count + perCell[cell]) * codeSize)
    }
    codes.withUnsafeBufferPointer { codes in
      guard let base = codes.baseAddress else { return }
      for (position, row) in rows.enumerated() {
        let cell = Int(cells[position])
        lists[cell].ids.append(newIDs[row])
        lists[cell].codes.append(contentsOf: UnsafeBufferPointer(start: base + position * codeSize, count: codeSize))
        drift.record(error: errors[position])
      }
    }
  }

  /// Removes entries by id; returns how many were removed. One pass over all ids, so batch them.
  @discardableResult
  package mutating func remove(ids removed: some Sequence<Int64>) -> Int {
    let set = Set(removed)
    guard !set.isEmpty else { return 0 }
    var total = 0
    for cell in lists.indices {
      total += lists[cell].remove(set, codeSize: codeSize)
    }
    return total
  }

  /// Runs `body` with a closure that encodes one vector into `codeSize` bytes and returns its cell
  /// and coarse reconstruction error; the scratch it needs is allocated once for the whole batch.
  func withEncoder(_ body: ((UnsafePointer<Float>, UnsafeMutablePointer<UInt8>) -> (Int, Float)) -> Void) {
    let reduced = reducedDimension
    withUnsafeTemporaryAllocation(of: Float.self, capacity: dimension + 2 * reduced + listCount) { scratch in
      guard let base = scratch.baseAddress else { return }
      let centred = base
      let projected = base + dimension
      let residual = projected + reduced
      let scores = residual + reduced
      coarse.centroids.withUnsafeBufferPointer { centroids in
        guard let centroids = centroids.baseAddress else { return }
        body { vector, code in
          var truncation: Float = 0
          let y: UnsafePointer<Float>
          if let transform {
            transform.project(vector, into: projected, centred: centred)
            let full = FloatKernels.dot(centred, centred, count: dimension)
            truncation = max(full - FloatKernels.dot(projected, projected, count: reduced), 0)
            y = UnsafePointer(projected)
          } else {
            y = vector
          }
          let cell = coarse.nearest(y, scratch: scores).index
          let centroid = centroids + cell * reduced
          for index in 0..<reduced { residual[index] = y[index] - centroid[index] }
          encoding.encode(residual, into: code)
          return (cell, truncation + FloatKernels.dot(residual, residual, count: reduced))
        }
      }
    }
  }
}
