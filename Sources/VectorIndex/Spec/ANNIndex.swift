/// Any index the builder can produce, behind one interface, so callers hold a single snapshot
/// value and swap it atomically when a rebuild finishes.
package enum ANNIndex: Sendable {
  case flat(FlatIndex)
  case flatInt8(FlatInt8Index)
  case ivf(IVFIndex)

  package var dimension: Int {
    switch self {
    case .flat(let index): index.dimension
    case .flatInt8(let index): index.dimension
    case .ivf(let index): index.dimension
    }
  }

  package var count: Int {
    switch self {
    case .flat(let index): index.count
    case .flatInt8(let index): index.count
    case .ivf(let index): index.count
    }
  }

  package var memoryFootprint: Int {
    switch self {
    case .flat(let index): index.memoryFootprint
    case .flatInt8(let index): index.memoryFootprint
    case .ivf(let index): index.memoryFootprint
    }
  }

  /// Only IVF indexes drift; flat scans need no training.
  package func needsRetraining(policy: RetrainingPolicy = .standard) -> Bool {
    if case .ivf(let index) = self { return index.needsRetraining(policy: policy) }
    return false
  }

  /// Edits go through a payload moved out of `self` first, so the arrays inside stay uniquely
  /// referenced and are changed in place rather than copied.
  package mutating func add(ids: [Int64], vectors: [Float]) throws(VectorIndexError) {
    switch self {
    case .flat(var index):
      self = .flat(FlatIndex(dimension: 0))
      defer { self = .flat(index) }
      try index.add(ids: ids, vectors: vectors)
    case .flatInt8(var index):
      self = .flat(FlatIndex(dimension: 0))
      defer { self = .flatInt8(index) }
      try index.add(ids: ids, vectors: vectors)
    case .ivf(var index):
      self = .flat(FlatIndex(dimension: 0))
      defer { self = .ivf(index) }
      try index.add(ids: ids, vectors: vectors)
    }
  }

  @discardableResult
  package mutating func remove(ids: some Sequence<Int64>) -> Int {
    switch self {
    case .flat(var index):
      self = .flat(FlatIndex(dimension: 0))
      defer { self = .flat(index) }
      return index.remove(ids: ids)
    case .flatInt8(var index):
      self = .flat(FlatIndex(dimension: 0))
      defer { self = .flatInt8(index) }
      return index.remove(ids: ids)
    case .ivf(var index):
      self = .flat(FlatIndex(dimension: 0))
      defer { self = .ivf(index) }
      return index.remove(ids: ids)
    }
  }

  /// `nprobe` only matters for IVF (nil: `IVFIndex.defaultProbeCount`) and `refineFactor`/`exact`
  /// only for compressed codes; the float flat scan is exact already.
  package func search(
    query: UnsafeBufferPointer<Float>, k: Int, nprobe: Int? = nil, refineFactor: Int = 1, filter: SearchFilter? = nil,
    exact: ExactVectorLookup? = nil, workspace: SearchWorkspace
  ) throws(VectorIndexError) -> [Neighbor] {
    switch self {
    case .flat(let index):
      try index.search(query: query, k: k, filter: filter, workspace: workspace)
    case .flatInt8(let index):
      try index.search(
        query: query, k: k, refineFactor: refineFactor, filter: filter, exact: exact, workspace: workspace)
    case .ivf(let index):
      try index.search(
        query: query, k: k, nprobe: nprobe ?? index.defaultProbeCount, refineFactor: refineFactor, filter: filter,
        exact: exact,
        workspace: workspace)
    }
  }

  package func serialized() -> [UInt8] {
    switch self {
    case .flat(let index): index.serialized()
    case .flatInt8(let index): index.serialized()
    case .ivf(let index): index.serialized()
    }
  }

  /// Loads whichever kind the file holds, in place (see the per-kind initialisers).
  package init(mapping: UnsafeRawBufferPointer, owner: AnyObject? = nil, verifyChecksum: Bool = true)
    throws(IndexFormatError)
  {
    let (kind, _) = try IndexFileHeader.open(mapping, verifyChecksum: false)
    switch kind {
    case .flatFloat32: self = .flat(try FlatIndex(mapping: mapping, owner: owner, verifyChecksum: verifyChecksum))
    case .flatInt8: self = .flatInt8(try FlatInt8Index(mapping: mapping, owner: owner, verifyChecksum: verifyChecksum))
    case .ivf: self = .ivf(try IVFIndex(mapping: mapping, owner: owner, verifyChecksum: verifyChecksum))
    }
  }

  package init(bytes: [UInt8]) throws(IndexFormatError) {
    let storage = IndexBytes(bytes)
    try self.init(mapping: storage.buffer, owner: storage)
  }
}
