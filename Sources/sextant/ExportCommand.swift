import ArgumentParser
import Foundation
import SearchEngine
import VectorIndex

/// `sextant export PATH --out DIR`: an index's own vectors in the TEXMEX formats, with held-out
/// queries and their exact neighbours, so `sextant bench ann` (and FAISS, hnswlib) can be
/// measured on real embeddings of real code.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write an index's vectors as base.fvecs, query.fvecs and gt.ivecs (exact top-100 by inner product).",
    discussion: """
      A seeded random sample of --queries vectors is held out as queries; the rest are the base. \
      gt.ivecs lists, for each query, the --gt-depth base rows with the highest inner product \
      (ties by row), computed exactly. Duplicate vectors (identical chunks) are kept once.
      """)

  @Argument(help: "An indexed workspace (indexed with a model).") var path: String
  @Option(name: .long, help: "Directory for base.fvecs, query.fvecs and gt.ivecs.") var out: String
  @Option(name: .long, help: "How many vectors to hold out as queries.") var queries: Int = 1000
  @Option(name: .long, help: "Neighbours listed per query in gt.ivecs.") var gtDepth: Int = 100
  @Option(name: .long, help: "Seed for choosing the queries.") var seed: UInt64 = 42
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    guard queries > 0, gtDepth > 0 else { throw ValidationError("--queries and --gt-depth must be positive") }
    let engine = try openIndexed(path, indexOptions)
    let (dimension, stored) = engine.storedVectors()
    engine.shutdown()
    guard dimension > 0 else { throw ValidationError("the index of \(path) holds no vectors (index it with a model)") }
    // Identical chunks have identical vectors: keep one of each.
    var seen = Set<[UInt32]>()
    var unique: [Float] = []
    for row in 0..<stored.count / dimension {
      let vector = Array(stored[row * dimension..<(row + 1) * dimension])
      if seen.insert(vector.map(\.bitPattern)).inserted { unique.append(contentsOf: vector) }
    }
    let count = unique.count / dimension
    guard count > queries + gtDepth else { throw ValidationError("only \(count) distinct vectors: too few for \(queries) queries") }
    var generator = SeededGenerator(seed: seed)
    var order = Array(0..<count)
    order.shuffle(using: &generator)
    let queryRows = Set(order.prefix(queries))
    var base: [Float] = []
    var held: [Float] = []
    base.reserveCapacity((count - queries) * dimension)
    for row in 0..<count {
      let vector = unique[row * dimension..<(row + 1) * dimension]
      if queryRows.contains(row) { held.append(contentsOf: vector) } else { base.append(contentsOf: vector) }
    }
    printError("computing exact neighbours of \(queries) queries among \(count - queries) vectors")
    var flat = FlatIndex(dimension: dimension)
    try flat.add(ids: (0..<Int64(count - queries)).map { $0 }, vectors: base)
    var truth: [Int32] = []
    truth.reserveCapacity(queries * gtDepth)
    for query in 0..<queries {
      let neighbors = try flat.search(query: Array(held[query * dimension..<(query + 1) * dimension]), k: gtDepth)
      truth.append(contentsOf: neighbors.map { Int32($0.id) })
    }
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    do {
      try TexmexFormat.write(TexmexMatrix(dimension: dimension, values: base), path: out + "/base.fvecs")
      try TexmexFormat.write(TexmexMatrix(dimension: dimension, values: held), path: out + "/query.fvecs")
      try TexmexFormat.write(TexmexMatrix(dimension: gtDepth, values: truth), path: out + "/gt.ivecs")
    } catch {
      throw ValidationError("cannot write to \(out): \(error)")
    }
    print("wrote \(count - queries) base and \(queries) query vectors of \(dimension) dimensions, and their top \(gtDepth), to \(out)")
  }
}
