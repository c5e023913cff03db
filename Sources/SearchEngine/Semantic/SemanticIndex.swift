import Foundation
import VectorIndex
import VectorStore

/// How semantic search indexes one folder's vectors.
package struct SemanticIndexSettings: Sendable {
  /// `nil`: chosen from the vector count (`IndexSpec.recommended`).
  package var spec: IndexSpec?
  /// Inverted lists probed per query: 32 of ~1,024 reached recall@10 0.954 on 103,700 real
  /// vectors of code (`sextant bench ann`), 16 only 0.92.
  package var nprobe: Int = 32
  package var options = IndexBuilder.Options()
  /// The recall@10 an IVF index is calibrated to reach on held-out samples of its own vectors
  /// (``ProbeCalibration``): `nprobe` above is only the setting until calibration has run.
  package var recallTarget = 0.95

  package init(spec: IndexSpec? = nil, nprobe: Int = 32) {
    self.spec = spec
    self.nprobe = nprobe
  }
}

/// The nearest-neighbour index over one folder's vectors, kept in step with the vector store.
///
/// Below a size threshold it is an exact flat scan; above, an IVF index over compact codes
/// whose best candidates are rescored with exact vectors read through the store's tiered
/// cache. Edits are applied incrementally. When the data has grown or drifted past what the
/// index was trained on, a new one is trained on a background thread from a store snapshot
/// and published atomically, with the edits made meanwhile replayed onto it; queries keep
/// using the old index until then. The index is saved beside the store (named by the store
/// generation it reflects) so the next open maps it instead of training again.
final class SemanticIndex: @unchecked Sendable {
  let dimension: Int
  let settings: SemanticIndexSettings
  private let store: VectorStore
  private let lock = NSLock()
  private var index: ANNIndex
  /// Edits applied since a background rebuild took its snapshot (nil when none runs).
  private var editsDuringRebuild: [(ids: [Int64], vectors: [Float], removed: [Int64])]?
  /// Whether the index has changed since it was last saved.
  private var unsaved = false
  /// How the last `load()` got its index: mapped from a saved file, or built from the store.
  private(set) var loadedFromFile = false
  /// The saved file the index reads in place, held for the life of this object: an edited
  /// index keeps reading the runs it did not change from the mapping, and a query may still
  /// hold a mapped index after a rebuild replaced it. (The index's own reference to its
  /// mapping proved not enough in optimized builds: an edit after loading read unmapped memory.)
  private var mapping: MappedRegion?
  /// The probe setting measured for the current IVF index (nil: flat, or not measured).
  private var probes: ProbeSetting?

  static let filePrefix = "ann-"
  static let probesPrefix = "probes-"

  init(store: VectorStore, dimension: Int, settings: SemanticIndexSettings) {
    self.store = store
    self.dimension = dimension
    self.settings = settings
    index = .flat(FlatIndex(dimension: dimension))
  }

  var count: Int { lock.withLock { index.count } }

  /// A description for `sextant status`: kind, spec and memory.
  var summary: (kind: String, vectors: Int, memoryBytes: Int, probes: ProbeSetting?) {
    lock.withLock {
      let kind: String
      switch index {
      case .flat: kind = "Flat"
      case .flatInt8: kind = "Flat,SQ8"
      case .ivf: kind = (settings.spec ?? IndexSpec.recommended(count: index.count, dimension: dimension)).description
      }
      return (kind, index.count, index.memoryFootprint, probes)
    }
  }

  // MARK: - Loading and building

  /// Maps the saved index of the store's current generation if there is one; builds otherwise.
  func load() throws {
    let snapshot = store.snapshot
    if let mapped = try? store.mapAuxiliaryFile(named: Self.fileName(generation: snapshot.generation)),
      let loaded = try? ANNIndex(mapping: mapped.bytes, owner: mapped), loaded.dimension == dimension,
      loaded.count == snapshot.count
    {
      let saved = (try? store.mapAuxiliaryFile(named: Self.probesFileName(generation: snapshot.generation))).flatMap {
        try? JSONDecoder().decode(ProbeSetting.self, from: Data($0.bytes))
      }
      lock.withLock {
        index = loaded
        mapping = mapped
        probes = saved
        loadedFromFile = true
      }
      return
    }
    let (built, measured) = try build(from: snapshot)
    lock.withLock {
      index = built
      probes = measured
      unsaved = true
      loadedFromFile = false
    }
    try save()
  }

  /// Builds an index from the snapshot and, for IVF, measures the probe setting it needs.
  private func build(from snapshot: StoreSnapshot) throws -> (ANNIndex, ProbeSetting?) {
    var ids: [Int64] = []
    var vectors: [Float] = []
    ids.reserveCapacity(snapshot.count)
    vectors.reserveCapacity(snapshot.count * dimension)
    snapshot.forEachLiveVector { id, vector in
      ids.append(id)
      vectors.append(contentsOf: vector)
    }
    let spec = settings.spec ?? IndexSpec.recommended(count: ids.count, dimension: dimension)
    let built = try IndexBuilder.build(spec: spec, ids: ids, vectors: vectors, dimension: dimension, options: settings.options)
    let measured = ProbeCalibration.calibrate(
      index: built, ids: ids, vectors: vectors, dimension: dimension, baseRefineFactor: spec.refineFactor,
      exact: { id, output in (try? snapshot.read(id, into: output)) != nil }, target: settings.recallTarget)
    return (built, measured)
  }

  /// Writes the index under the store generation it reflects (through the store's files, so
  /// it is fsynced and renamed like everything else); older saves are removed.
  func save() throws {
    let (bytes, generation, measured): ([UInt8]?, UInt64, ProbeSetting?) = lock.withLock {
      guard unsaved else { return (nil, 0, nil) }
      unsaved = false
      return (index.serialized(), store.snapshot.generation, probes)
    }
    guard let bytes else { return }
    if let measured, let encoded = try? JSONEncoder().encode(measured) {
      try store.writeAuxiliaryFile(
        named: Self.probesFileName(generation: generation), bytes: Array(encoded), replacingPrefix: Self.probesPrefix)
    }
    try store.writeAuxiliaryFile(named: Self.fileName(generation: generation), bytes: bytes, replacingPrefix: Self.filePrefix)
  }

  static func probesFileName(generation: UInt64) -> String {
    probesPrefix + paddedHex(generation) + ".json"
  }

  static func fileName(generation: UInt64) -> String {
    filePrefix + paddedHex(generation) + ".idx"
  }

  /// A generation as 16 hex digits, so file names sort by generation.
  private static func paddedHex(_ generation: UInt64) -> String {
    let hex = String(generation, radix: 16)
    return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
  }

  // MARK: - Edits

  /// Applies a store commit's changes: `removed` ids leave, `added` rows (id, vector) join or
  /// replace. Starts a background rebuild when the index has outgrown its training.
  func apply(added: [(id: Int64, vector: [Float])], removed: [Int64]) {
    guard !added.isEmpty || !removed.isEmpty else { return }
    let ids = added.map(\.id)
    var vectors: [Float] = []
    vectors.reserveCapacity(added.count * dimension)
    for row in added where row.vector.count == dimension { vectors.append(contentsOf: row.vector) }
    guard vectors.count == ids.count * dimension else { return }
    let rebuild: Bool = lock.withLock {
      index.remove(ids: removed + ids)
      try? index.add(ids: ids, vectors: vectors)
      editsDuringRebuild?.append((ids, vectors, removed))
      unsaved = true
      return editsDuringRebuild == nil && needsRebuild(index)
    }
    if rebuild { rebuildInBackground() }
  }

  private func needsRebuild(_ index: ANNIndex) -> Bool {
    if case .flat = index, index.count >= settings.options.flatThreshold { return true }
    return index.needsRetraining()
  }

  /// Trains a new index from a store snapshot on its own thread and swaps it in.
  func rebuildInBackground() {
    let started: Bool = lock.withLock {
      guard editsDuringRebuild == nil else { return false }
      editsDuringRebuild = []
      return true
    }
    guard started else { return }
    let snapshot = store.snapshot
    Thread.detachNewThread { [self] in
      let built = try? build(from: snapshot)
      lock.withLock {
        defer { editsDuringRebuild = nil }
        guard let (built, measured) = built else { return }
        var fresh = built
        // Edits committed after the snapshot; replaying one the snapshot already holds is harmless.
        for edit in editsDuringRebuild ?? [] {
          fresh.remove(ids: edit.removed + edit.ids)
          try? fresh.add(ids: edit.ids, vectors: edit.vectors)
        }
        index = fresh
        probes = measured
        unsaved = true
      }
    }
  }

  /// Waits for a background rebuild to finish (tests and benchmarks).
  func waitForRebuild(timeout: Duration = .seconds(600)) {
    let deadline = ContinuousClock.now + timeout
    while lock.withLock({ editsDuringRebuild != nil }), ContinuousClock.now < deadline {
      Thread.sleep(forTimeInterval: 0.01)
    }
  }

  // MARK: - Queries

  /// The `k` nearest ids to `query` among `allowed` (every id when `nil`) and not in
  /// `excluded`, best first. Candidates whose exact vector cannot be read (a damaged block)
  /// are left out, never returned with a guessed score; their ids are reported through
  /// `unreadable`.
  func search(
    _ query: [Float], k: Int, allowed: Set<Int64>?, excluded: Set<Int64> = [], unreadable: inout [Int64]
  ) throws -> [(rowID: Int64, score: Float)] {
    guard query.count == dimension, k > 0 else { return [] }
    let (current, measured) = lock.withLock { (index, probes) }
    let snapshot = store.snapshot
    var failed: [Int64] = []
    let neighbors = try query.withUnsafeBufferPointer { buffer in
      try current.search(
        query: buffer, k: k, nprobe: measured?.nprobe ?? settings.nprobe,
        refineFactor: measured?.refineFactor
          ?? (settings.spec ?? IndexSpec.recommended(count: current.count, dimension: dimension)).refineFactor,
        filter: Self.filter(allowed: allowed, excluded: excluded),
        exact: { id, output in
          do {
            return try snapshot.read(id, into: output) != nil
          } catch {
            failed.append(id)
            return false
          }
        }, workspace: SearchWorkspace())
    }
    unreadable = failed
    return neighbors.map { ($0.id, $0.score) }
  }

  /// The cells an all-pairs search compares (``ComparisonPartition``): the IVF index's lists,
  /// each with its nearest lists; `nil` while the index is a flat scan, which has no cells.
  func comparisonPartition(neighbourCells: Int) -> ComparisonPartition? {
    let current = lock.withLock { index }
    return current.comparisonPartition(neighbourCells: neighbourCells)
  }

  private static func filter(allowed: Set<Int64>?, excluded: Set<Int64>) -> ((Int64) -> Bool)? {
    switch (allowed, excluded.isEmpty) {
    case (nil, true): nil
    case (let allowed?, true): { allowed.contains($0) }
    case (nil, false): { !excluded.contains($0) }
    case (let allowed?, false): { allowed.contains($0) && !excluded.contains($0) }
    }
  }
}
