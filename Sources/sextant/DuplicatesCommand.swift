import ArgumentParser
import Foundation
import SearchCore
import SearchEngine

/// `sextant duplicates PATH`: clusters of near-identical code by embedding.
struct Duplicates: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List clusters of near-duplicate code: chunks whose embeddings reach a cosine threshold.",
    discussion: """
      Pairs are found through the nearest-neighbour index's cells (each compared with itself \
      and its 8 nearest cells), not by scoring every pair, and joined into clusters by single \
      linkage: every member reaches --min-score with at least one other member. Chunks that \
      overlap, the parts of one long declaration, and a type and a member cut out of it are \
      never paired (overloads are). Largest \
      clusters first; each says how many chunks and files it spans and its weakest link.
      """)

  @Argument(help: "The workspace folder.") var path: String = "."
  @Option(name: .long, help: "The cosine two chunks must reach to be linked (0.5–1).") var minScore = DuplicatesQuery.defaultMinScore
  @Option(name: .long, help: "The most clusters.") var limit = 20
  @Option(name: .long, help: "Members listed per cluster (all are counted).") var members = 10
  @Option(name: .long, help: "Only clusters with a member in this file.") var file: String?
  @Option(name: .customLong("path"), help: "Only files matching this git-style glob (repeatable).") var paths: [String] = []
  @Option(name: .customLong("language"), help: "Only chunks in this language (repeatable).") var languages: [String] = []
  @Option(name: .customLong("kind"), help: "Only symbols of this kind (repeatable).") var kinds: [String] = []
  @Flag(name: .long, help: "Score every pair instead (quadratic; to measure what the index's cells miss).")
  var exact = false
  @Flag(name: .long, help: "Print clusters as JSON.") var json = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    guard members > 0 else { throw ValidationError("--members must be positive") }
    let (limit, minScore, filters) = try validated {
      (
        try RequestValidation.limit(self.limit, default: 20),
        try RequestValidation.duplicatesThreshold(self.minScore, default: DuplicatesQuery.defaultMinScore),
        try RequestValidation.filters(paths: paths, languages: languages, kinds: kinds)
      )
    }
    let engine = try openIndexed(path, indexOptions)
    defer { engine.shutdown() }
    let report: DuplicatesReport
    do {
      report = try engine.duplicates(
        DuplicatesQuery(
          minScore: minScore, limit: limit, maximumMembers: members, filters: filters,
          document: file.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, exact: exact))
    } catch let error as SimilarTargetError {
      throw ValidationError(error.description)
    }
    if json {
      try printJSON([
        "clusters": report.clusters.map { cluster in
          [
            "size": cluster.size, "files": cluster.files, "score": cluster.score,
            "members": cluster.members.map(Search.jsonObject),
          ] as [String: Any]
        },
        "total_clusters": report.totalClusters, "vectors": report.vectors, "compared_pairs": report.comparedPairs,
      ])
      return
    }
    for (rank, cluster) in report.clusters.enumerated() {
      print(
        "\(rank + 1). \(cluster.size) chunks in \(cluster.files) file\(cluster.files == 1 ? "" : "s"), "
          + String(format: "weakest link %.3f", cluster.score))
      for hit in cluster.members {
        let span = hit.chunk.span
        print(
          "     \(hit.chunk.id.path):\(span.start.line + 1)-\(span.end.line + 1)  \(hit.chunk.id.description)"
            + String(format: "  (best %.3f)", hit.score))
      }
      if cluster.size > cluster.members.count { print("     … and \(cluster.size - cluster.members.count) more") }
    }
    let exact = report.vectors * max(0, report.vectors - 1) / 2
    printError(
      "\(report.totalClusters) cluster\(report.totalClusters == 1 ? "" : "s") at cosine ≥ \(minScore); "
        + "\(report.comparedPairs) of \(exact) pairs of \(report.vectors) vectors compared")
  }
}
