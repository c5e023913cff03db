/// Checks shared by every `add(ids:vectors:)`, plus the upsert bookkeeping.
enum BatchValidation {
  /// Throws unless `values` holds exactly `ids.count` rows of `dimension` floats.
  static func check(ids: [Int64], values: [Float], dimension: Int) throws(VectorIndexError) {
    guard values.count == ids.count * dimension else {
      throw .countMismatch(ids: ids.count, values: values.count, dimension: dimension)
    }
  }

  /// Row positions to insert: when an id repeats within a batch the last row wins, as if the
  /// batch had been applied row by row.
  static func lastOccurrences(_ ids: [Int64]) -> [Int] {
    var seen = Set<Int64>(minimumCapacity: ids.count)
    var rows = [Int]()
    rows.reserveCapacity(ids.count)
    for row in ids.indices.reversed() where seen.insert(ids[row]).inserted {
      rows.append(row)
    }
    return rows.reversed()
  }

  /// `nil` when no id of `ids` is in `removed` (so nothing needs copying), else a keep-mask.
  static func keepMask(_ ids: ElementStorage<Int64>, removing removed: Set<Int64>) -> [Bool]? {
    guard !removed.isEmpty else { return nil }
    return ids.withUnsafeBufferPointer { buffer -> [Bool]? in
      guard let first = buffer.firstIndex(where: { removed.contains($0) }) else { return nil }
      var mask = [Bool](repeating: true, count: buffer.count)
      for index in first..<buffer.count where removed.contains(buffer[index]) { mask[index] = false }
      return mask
    }
  }
}
