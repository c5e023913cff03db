/// Builds the index a spec describes, or a flat scan when the collection is too small for an
/// approximate index to pay off.
///
/// Below `flatThreshold` vectors an exact scan takes well under a millisecond at 384
/// dimensions, needs no training (which would be poor on so few rows anyway) and is exact, so
/// the spec is ignored there.
package enum IndexBuilder {
  package struct Options: Sendable, Equatable {
    package var flatThreshold: Int = 20_000
    package var seed: UInt64 = 0x5EED
    /// Rows drawn for training; nil chooses from the list count (see `IVFConfiguration`).
    package var trainingRows: Int?
    package var kmeansIterations: Int = 16

    package init(
      flatThreshold: Int = 20_000, seed: UInt64 = 0x5EED, trainingRows: Int? = nil, kmeansIterations: Int = 16
    ) {
      self.flatThreshold = flatThreshold
      self.seed = seed
      self.trainingRows = trainingRows
      self.kmeansIterations = kmeansIterations
    }
  }

  /// `vectors` is row-major `ids.count × dimension`.
  package static func build(
    spec: IndexSpec, ids: [Int64], vectors: [Float], dimension: Int, options: Options = Options()
  ) throws(VectorIndexError) -> ANNIndex {
    guard dimension > 0 else { throw .invalidParameter("dimension must be positive") }
    try BatchValidation.check(ids: ids, values: vectors, dimension: dimension)
    do {
      try spec.validate(dimension: dimension)
    } catch {
      throw .invalidSpec(error)
    }
    if ids.count < options.flatThreshold {
      var flat = FlatIndex(dimension: dimension)
      try flat.add(ids: ids, vectors: vectors)
      return .flat(flat)
    }
    switch spec.structure {
    case .flat:
      if spec.encoding == .scalar8 {
        var index = FlatInt8Index(dimension: dimension)
        try index.add(ids: ids, vectors: vectors)
        return .flatInt8(index)
      }
      var flat = FlatIndex(dimension: dimension)
      try flat.add(ids: ids, vectors: vectors)
      return .flat(flat)
    case .ivf(let lists):
      let encoding: IVFConfiguration.Encoding
      switch spec.encoding {
      case .product(let m): encoding = .product(subquantizers: m)
      case .scalar4: encoding = .scalar4
      case .scalar8, .float32: encoding = .scalar8
      }
      let configuration = IVFConfiguration(
        listCount: lists, reducedDimension: spec.reduction, encoding: encoding, trainingRows: options.trainingRows,
        kmeansIterations: options.kmeansIterations, seed: options.seed)
      var index = try IVFIndex.train(vectors: vectors, dimension: dimension, configuration: configuration)
      try index.add(ids: ids, vectors: vectors)
      return .ivf(index)
    }
  }
}
