import Foundation
import MetadataStore
import SearchCore
import SymbolChunking

extension WorkspaceIndex {
  /// Brings the catalog up to date with the folder on disk.
  ///
  /// Unchanged files (same size and modification time) are not read; files whose bytes hash to
  /// what is indexed are not chunked again; removed files leave the catalog. Work is committed
  /// in batches, so a kill loses at most one batch and the next run resumes from there.
  package func indexAll(
    progress: (IndexProgress) -> Void = { _ in }, isCancelled: () -> Bool = { false }
  ) throws -> IndexSummary {
    try writerLock.withLock { _ in try runFullIndex(progress: progress, isCancelled: isCancelled) }
  }

  private func runFullIndex(progress: (IndexProgress) -> Void, isCancelled: () -> Bool) throws -> IndexSummary {
    let clock = ContinuousClock()
    let started = clock.now
    progress(IndexProgress(root: root.path, phase: .scanning, filesToIndex: 0, filesIndexed: 0, chunks: 0))
    let report = try scanner.scan(root: root)
    let known = try catalog.fileRecords()

    var summary = IndexSummary(
      root: root.path, indexDirectory: indexDirectory.path, filesSeen: report.files.count, filesUnchangedByStat: 0,
      filesUnchangedByHash: 0, filesIndexed: 0, filesRemoved: 0, filesFailed: 0, chunksWritten: 0,
      symbolsWritten: 0,
      skipped: Dictionary(uniqueKeysWithValues: report.skipped.map { ($0.key.rawValue, $0.value) }),
      usedGit: report.usedGit, walkReason: report.gitFallbackReason, seconds: 0, failures: [])

    var candidates: [(path: String, stat: FileStat)] = []
    var present = Set<String>()
    for file in report.files {
      present.insert(file.relativePath)
      // The scan already stat'ed every file; its figures decide, no second stat.
      let stat = FileStat(size: file.size, modifiedNanoseconds: file.modifiedNanoseconds)
      if let record = known[file.relativePath], record.size == stat.size,
        record.modifiedNanoseconds == stat.modifiedNanoseconds
      {
        summary.filesUnchangedByStat += 1
      } else {
        candidates.append((file.relativePath, stat))
      }
    }
    let removed = known.keys.filter { !present.contains($0) }.sorted()
    summary.filesRemoved = removed.count

    var state = IndexProgress(
      root: root.path, phase: .indexing, filesToIndex: candidates.count, filesIndexed: 0, chunks: 0)
    state.filesSeen = report.files.count
    progress(state)
    if !removed.isEmpty {
      try commit(updates: [], removedPaths: removed)
    }

    let batchSize = max(1, configuration.filesPerCommit)
    var start = 0
    while start < candidates.count {
      if isCancelled() { break }
      let batch = Array(candidates[start..<min(start + batchSize, candidates.count)])
      start += batch.count
      let outcomes = prepare(batch, known: known)
      var updates: [Catalog.FileUpdate] = []
      var touched: [FileRecord] = []
      for outcome in outcomes {
        switch outcome {
        case .updated(let update):
          updates.append(update)
          summary.chunksWritten += update.chunks.count
          summary.symbolsWritten += update.symbols.count
        case .sameContent(let record):
          touched.append(record)
          summary.filesUnchangedByHash += 1
        case .failed(let path, let reason):
          summary.filesFailed += 1
          if summary.failures.count < 20 { summary.failures.append("\(path): \(reason)") }
        }
      }
      // Vectors of content seen before (another branch, a moved function) come from the cache.
      summary.embeddingCacheHits += try commit(updates: updates, touched: touched)
      summary.filesIndexed += updates.count
      state.filesIndexed += batch.count
      state.chunks = summary.chunksWritten
      progress(state)
    }
    if let embedder, !isCancelled() {
      summary.embeddingModel = embedder.identity.id
      state.phase = .embedding
      let (embedded, hits) = try embedPending(
        progress: { done, total in
          state.chunksEmbedded = done
          state.chunksToEmbed = total
          progress(state)
        }, isCancelled: isCancelled)
      summary.chunksEmbedded = embedded
      summary.embeddingCacheHits += hits
    }
    summary.seconds = (clock.now - started).seconds
    state.phase = .finished
    progress(state)
    try? catalog.setValue(String(Date().timeIntervalSince1970), forMeta: "last_indexed_at")
    return summary
  }

  /// What reading one candidate file produced.
  enum PreparedFile {
    case updated(Catalog.FileUpdate)
    case sameContent(FileRecord)
    case failed(path: String, reason: String)
  }

  /// Reads, hashes and chunks a batch of files, on all cores (the chunker is thread-safe).
  private func prepare(_ batch: [(path: String, stat: FileStat)], known: [String: FileRecord]) -> [PreparedFile] {
    let results = ResultSlots<PreparedFile>(count: batch.count)
    DispatchQueue.concurrentPerform(iterations: batch.count) { index in
      let (path, stat) = batch[index]
      let url = root.appendingPathComponent(path)
      let outcome: PreparedFile
      do {
        let content = FileContent(bytes: try Data(contentsOf: url, options: .mappedIfSafe))
        if let record = known[path], record.contentHash == content.hash {
          var touched = record
          touched.size = stat.size
          touched.modifiedNanoseconds = stat.modifiedNanoseconds
          outcome = .sameContent(touched)
        } else {
          outcome = .updated(makeUpdate(path: path, content: content, stat: stat))
        }
      } catch {
        outcome = .failed(path: path, reason: (error as NSError).localizedDescription)
      }
      results.set(index, outcome)
    }
    return results.values.compactMap { $0 }
  }

  /// Chunks one file's content into the catalog update that replaces its previous state.
  func makeUpdate(path: String, content: FileContent, stat: FileStat) -> Catalog.FileUpdate {
    let chunked = chunker.chunk(path: path, text: content.text)
    let record = FileRecord(
      path: path, size: stat.size, modifiedNanoseconds: stat.modifiedNanoseconds, contentHash: content.hash,
      language: chunked.language, chunker: chunked.chunker.rawValue)
    // Keys are model-independent, so they are stored even without a model: a later run with
    // one knows what to embed.
    let keys = chunked.chunks.map { Optional(EmbeddingInputs.key(for: $0)) }
    return Catalog.FileUpdate(record: record, chunks: chunked.chunks, symbols: chunked.symbols, embeddingKeys: keys)
  }
}

/// Fixed slots written concurrently by index, read once all writers are done.
final class ResultSlots<Value>: @unchecked Sendable {
  private var storage: [Value?]
  private let lock = NSLock()

  init(count: Int) { storage = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Value) {
    lock.lock()
    storage[index] = value
    lock.unlock()
  }

  var values: [Value?] {
    lock.lock()
    defer { lock.unlock() }
    return storage
  }
}
