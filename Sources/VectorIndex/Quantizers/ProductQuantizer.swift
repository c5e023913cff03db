/// Product quantizer: the vector is cut into `m` sub-vectors, each replaced by the index of its
/// nearest of 256 sub-centroids (one byte per sub-vector).
///
/// Search is asymmetric: the query stays in floats and one table of `m × 256` inner products
/// (`q_j · codebook_j[c]`) turns a code's score into `m` lookups (`LookupKernels`).
package struct ProductQuantizer: Sendable, Equatable {
  package static let codebookSize = 256

  package let dimension: Int
  package let subquantizerCount: Int
  package var subdimension: Int { dimension / subquantizerCount }
  /// `subquantizerCount × 256 × subdimension`, row-major.
  package let codebooks: [Float]

  package init(dimension: Int, subquantizerCount: Int, codebooks: [Float]) {
    self.dimension = dimension
    self.subquantizerCount = subquantizerCount
    self.codebooks = codebooks
  }

  package static func train(
    vectors: UnsafeBufferPointer<Float>, dimension: Int, subquantizers m: Int,
    iterations: Int = 15, maximumTrainingRows: Int = 32_768, seed: UInt64 = 0x90
  ) throws(VectorIndexError) -> ProductQuantizer {
    guard dimension > 0, m > 0, dimension % m == 0 else {
      throw .invalidParameter("PQ sub-quantizer count \(m) must divide the dimension \(dimension)")
    }
    let rows = vectors.count / dimension
    guard rows >= codebookSize else { throw .notEnoughTrainingVectors(required: codebookSize, available: rows) }
    let picked = TrainingSample.rows(count: rows, limit: maximumTrainingRows, seed: seed)
    let sub = dimension / m
    var codebooks = [Float]()
    codebooks.reserveCapacity(m * codebookSize * sub)
    var slice = [Float](repeating: 0, count: picked.count * sub)
    for part in 0..<m {
      for (position, row) in picked.enumerated() {
        for index in 0..<sub { slice[position * sub + index] = vectors[row * dimension + part * sub + index] }
      }
      let configuration = KMeans.Configuration(
        clusterCount: codebookSize, iterations: iterations, maximumTrainingRows: picked.count,
        seed: seed &+ UInt64(part))
      let model = try slice.withUnsafeBufferPointer { (buffer) throws(VectorIndexError) -> KMeans in
        try KMeans.train(vectors: buffer, dimension: sub, configuration: configuration)
      }
      codebooks.append(contentsOf: model.centroids)
    }
    return ProductQuantizer(dimension: dimension, subquantizerCount: m, codebooks: codebooks)
  }

  /// Nearest sub-centroid per sub-vector.
  package func encode(_ vector: UnsafePointer<Float>, into codes: UnsafeMutablePointer<UInt8>) {
    let sub = subdimension
    codebooks.withUnsafeBufferPointer { books in
      guard let books = books.baseAddress else { return }
      for part in 0..<subquantizerCount {
        let book = books + part * Self.codebookSize * sub
        let x = vector + part * sub
        var best = 0
        var bestDistance = Float.infinity
        for centroid in 0..<Self.codebookSize {
          let distance = FloatKernels.squaredDistance(x, book + centroid * sub, count: sub)
          if distance < bestDistance {
            bestDistance = distance
            best = centroid
          }
        }
        codes[part] = UInt8(truncatingIfNeeded: best)
      }
    }
  }

  package func decode(_ codes: UnsafePointer<UInt8>, into vector: UnsafeMutablePointer<Float>) {
    let sub = subdimension
    for part in 0..<subquantizerCount {
      let base = (part * Self.codebookSize + Int(codes[part])) * sub
      for index in 0..<sub { vector[part * sub + index] = codebooks[base + index] }
    }
  }

  /// `table[j·256 + c] = query_j · codebook_j[c]`; `table` holds `subquantizerCount × 256` floats.
  package func fillInnerProductTable(query: UnsafePointer<Float>, into table: UnsafeMutablePointer<Float>) {
    let sub = subdimension
    codebooks.withUnsafeBufferPointer { books in
      guard let books = books.baseAddress else { return }
      for part in 0..<subquantizerCount {
        FloatKernels.dot(
          query: query + part * sub, rows: books + part * Self.codebookSize * sub,
          rowCount: Self.codebookSize, dimension: sub, into: table + part * Self.codebookSize)
      }
    }
  }
}
