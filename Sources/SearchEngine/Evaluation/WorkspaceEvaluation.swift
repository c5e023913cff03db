import Foundation
import SymbolChunking

/// `sextant eval`: a retrieval evaluation of a workspace, generated from its own documented
/// functions (or given by the user), run through the engine's search in every mode.
package enum WorkspaceEvaluation {
  package struct Options: Sendable {
    package var sampleSize = 500
    package var seed: UInt64 = 1
    /// Where the doc-stripped copy and its index are kept between runs; `nil`: the user's
    /// cache, keyed by the workspace path.
    package var workDirectory: URL?
    /// The user's own queries: evaluated on the workspace's own index, no copy made.
    package var userQueries: [EvaluationQuery]?
    package var modes: [SearchMode] = SearchMode.allCases
    package var rankings: [RankingOptions] = [.standard]

    package init() {}
  }

  package struct Report: Sendable {
    package var workspace: String
    /// The folder that was searched: the doc-stripped copy, or the workspace itself.
    package var searched: String
    package var indexDirectory: String
    package var documented: Int?
    package var rejected: [String: Int]
    package var queries: [EvaluationQuery]
    package var index: IndexSummary?
    package var embeddingsImported: Int
    package var scores: [EvaluationScore]
  }

  package static func run(
    workspace: URL, configuration: EngineConfiguration, options: Options,
    progress: @escaping (IndexProgress) -> Void = { _ in }, log: @escaping (String) -> Void = { _ in }
  ) throws -> Report {
    let root = workspace.standardizedFileURL
    var report = Report(
      workspace: root.path, searched: root.path, indexDirectory: "", documented: nil, rejected: [:], queries: [],
      index: nil, embeddingsImported: 0, scores: [])
    var searchConfiguration = configuration
    var searchedRoot = root
    if let userQueries = options.userQueries {
      report.queries = userQueries
    } else {
      log("finding documented functions in \(root.path)")
      let chunker = FileChunker(options: configuration.chunking)
      defer { chunker.shutdown() }
      let generated = try EvaluationSetBuilder(sampleSize: options.sampleSize, seed: options.seed).build(
        root: root, scanner: WorkspaceScanner(options: configuration.scan), chunker: chunker)
      report.documented = generated.documented
      report.rejected = generated.rejected
      report.queries = generated.queries
      guard !generated.queries.isEmpty else {
        throw EvaluationError(
          "\(root.path) has no documented function or method that makes a query (\(generated.documented) documented, "
            + "all left out: \(describe(generated.rejected))); give your own with --queries FILE")
      }
      let work = options.workDirectory ?? defaultWorkDirectory(for: root)
      let copy = EvaluationWorkspace(root: work.appendingPathComponent("workspace", isDirectory: true))
      let written = try copy.synchronize(from: root, files: generated.files, replacing: generated.strippedTexts)
      log("copy without the sampled doc comments: \(copy.root.path) (\(written) files written)")
      searchedRoot = copy.root
      searchConfiguration.indexDirectory = work.appendingPathComponent("index", isDirectory: true)
    }
    report.searched = searchedRoot.path
    let engine = SearchEngine(configuration: searchConfiguration)
    defer { engine.shutdown() }
    guard let index = try engine.open(folders: [searchedRoot]).first else {
      throw EvaluationError("could not open an index for \(searchedRoot.path)")
    }
    report.indexDirectory = index.indexDirectory.path
    if searchedRoot != root, let model = configuration.embedder?.identity.id {
      for source in sourceCatalogs(for: root, configuration: configuration) {
        report.embeddingsImported += try index.catalog.importEmbeddings(fromCatalogAt: source, model: model)
      }
      if report.embeddingsImported > 0 {
        log("reusing \(report.embeddingsImported) embeddings from the workspace's own index")
      }
    }
    report.index = try index.indexAll(progress: progress)
    let modes = configuration.embedder == nil ? options.modes.filter { $0 == .lexical } : options.modes
    report.scores = try RetrievalEvaluator(engine: engine).evaluate(
      report.queries, modes: modes, rankings: options.rankings, progress: log)
    return report
  }

  /// `$XDG_CACHE_HOME/sextant/eval/<folder>-<hash of path>`.
  package static func defaultWorkDirectory(for root: URL) -> URL {
    let indexes = IndexLocation.defaultDirectory(for: root)
    return IndexLocation.cacheHome().appendingPathComponent("sextant/eval", isDirectory: true)
      .appendingPathComponent(indexes.lastPathComponent, isDirectory: true)
  }

  /// The catalog files the workspace's own index may be in (a shared index directory gives
  /// each folder a subdirectory): their embedding caches seed the copy's.
  static func sourceCatalogs(for root: URL, configuration: EngineConfiguration) -> [URL] {
    let directory = configuration.indexDirectory ?? IndexLocation.defaultDirectory(for: root)
    return [directory, WorkspaceIndex.folderDirectory(in: directory, root: root)].map { $0.appendingPathComponent("catalog.sqlite") }
      .filter { FileManager.default.fileExists(atPath: $0.path) }
  }

  package static func describe(_ rejected: [String: Int]) -> String {
    rejected.isEmpty ? "none" : rejected.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
  }
}
