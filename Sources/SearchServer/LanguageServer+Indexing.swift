import Foundation
import LSPProtocol
import SearchEngine

/// Progress of the current indexing run, for `$/progress` and search coverage.
struct IndexingState: Sendable {
  var running = false
  /// A full run was asked for while one was running: run again when it ends.
  var rerunRequested = false
  /// Fraction of files that needed (re)indexing that are done; 1 when idle.
  var coverage: Double = 1
}

extension LanguageServer {
  /// Indexes every folder on the index queue, reporting work-done progress when the client
  /// supports it. A request made while a run is in progress schedules one more run.
  func startIndexing(title: String) {
    let shouldStart: Bool = withState {
      if indexing.running {
        indexing.rerunRequested = true
        return false
      }
      indexing.running = true
      indexing.coverage = 0
      return true
    }
    guard shouldStart else { return }
    let supportsProgress = withState { clientCapabilities["window"]?["workDoneProgress"]?.boolValue ?? false }
    if supportsProgress {
      let token = JSONValue.string("sextant-index-\(UUID().uuidString)")
      sendRequest(method: WorkDoneProgressCreateRequest.method, params: ["token": token]) { [self] result in
        // Without a token (the client refused) indexing still runs, just silently.
        let usable = (try? result.get()) != nil
        indexQueue.async { self.runIndexing(title: title, token: usable ? token : nil) }
      }
    } else {
      indexQueue.async { self.runIndexing(title: title, token: nil) }
    }
  }

  /// - Important: runs on `indexQueue` only.
  private func runIndexing(title: String, token: JSONValue?) {
    guard let engine = withState({ engine }) else { return }
    if let token { notify(ProgressNotification(token: token, value: .begin(title: title))) }
    var lastReport = ContinuousClock.now
    var summaries: [IndexSummary] = []
    var failure: String?
    do {
      summaries = try engine.indexAll(
        progress: { [self] progress in
          withState { indexing.coverage = progress.phase == .finished ? 1 : progress.fraction }
          guard let token, ContinuousClock.now - lastReport > .milliseconds(200) || progress.phase == .finished
          else { return }
          lastReport = ContinuousClock.now
          let message = "\(progress.filesIndexed)/\(progress.filesToIndex) files, \(progress.chunks) chunks"
          notify(
            ProgressNotification(
              token: token, value: .report(message: message, percentage: Int(progress.fraction * 100))))
        },
        isCancelled: { [self] in withState { lifecycle == .shutDown } })
    } catch {
      failure = "indexing failed: \(error)"
    }
    let totalFiles = summaries.reduce(0) { $0 + $1.filesSeen }
    let indexed = summaries.reduce(0) { $0 + $1.filesIndexed }
    let chunks = summaries.reduce(0) { $0 + $1.chunksWritten }
    let seconds = summaries.reduce(0) { $0 + $1.seconds }
    let message = failure ?? "\(totalFiles) files, \(indexed) re-indexed, \(chunks) chunks in \(String(format: "%.1f", seconds)) s"
    if let token { notify(ProgressNotification(token: token, value: .end(message: message))) }
    log(failure == nil ? .info : .error, message)
    for summary in summaries where summary.filesSeen == 0 {
      // Say why a folder holds nothing rather than answering every query with nothing.
      let listing = summary.usedGit ? "git ls-files" : "a directory walk (\(summary.walkReason ?? "git not used"))"
      let skips = summary.skipped.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        .map { "\($0.value) \($0.key)" }
      log(
        .warning,
        "no indexable files in \(summary.root): \(listing) found none"
          + (skips.isEmpty ? "" : "; skipped: \(skips.joined(separator: ", "))"))
    }
    if let failure { notify(ShowMessageNotification(type: .error, message: "sextant: \(failure)")) }
    let rerun: Bool = withState {
      indexing.running = false
      indexing.coverage = 1
      defer { indexing.rerunRequested = false }
      return indexing.rerunRequested
    }
    if rerun {
      startIndexing(title: title)
      return
    }
    // A run reads files from disk: open documents get their editor text back.
    for uri in withState({ Array(documents.documents.keys) }) { scheduleFileUpdate(uri: uri, delayMilliseconds: 0) }
  }

  /// Re-indexes one file on the index queue after `delay`, unless a newer edit supersedes it.
  func scheduleFileUpdate(uri: String, delayMilliseconds: Int) {
    guard let path = FileURI.path(of: uri) else { return }
    let generation: Int = withState {
      editGenerations[uri, default: 0] += 1
      let generation = editGenerations[uri, default: 0]
      if delayMilliseconds > 0 { pendingEdits[uri] = generation } else { pendingEdits[uri] = nil }
      return generation
    }
    indexQueue.asyncAfter(deadline: .now() + .milliseconds(delayMilliseconds)) { [self] in
      let (current, engine, text, pending) = withState {
        (editGenerations[uri], self.engine, documents[uri]?.text, pendingEdits[uri])
      }
      guard current == generation, let engine else { return }
      // A search may have applied this edit already (same generation, no longer pending).
      if delayMilliseconds > 0, pending != generation { return }
      withState { if pendingEdits[uri] == generation { pendingEdits[uri] = nil } }
      do {
        let outcome = try engine.updateFile(absolutePath: path, text: text)
        log(.log, "re-indexed \(path)\(text == nil ? "" : " (editor text)"): \(outcome)")
      } catch {
        log(.error, "re-indexing \(path) failed: \(error)")
      }
    }
  }

  /// Applies the edits still waiting for their debounce, so a search sees what the user just
  /// typed. Not while a bulk run holds the index: answers then come from what is committed,
  /// and the edits follow the run as scheduled. Without `needsVectors` (symbol and lexical
  /// queries) the new chunks are embedded afterwards on the index queue, not before answering.
  func applyPendingEdits(needsVectors: Bool) {
    let (pending, running, engine) = withState { (pendingEdits, indexing.running, self.engine) }
    guard !pending.isEmpty, !running, let engine else { return }
    for (uri, generation) in pending.sorted(by: { $0.key < $1.key }) {
      let claimed: String?? = withState {
        guard pendingEdits[uri] == generation, editGenerations[uri] == generation else { return nil }
        pendingEdits[uri] = nil
        return .some(documents[uri]?.text)
      }
      guard let text = claimed, let path = FileURI.path(of: uri) else { continue }
      do {
        let outcome = try engine.updateFile(absolutePath: path, text: text, embedNow: needsVectors)
        log(.log, "re-indexed \(path) before a search\(text == nil ? "" : " (editor text)"): \(outcome)")
      } catch {
        log(.error, "re-indexing \(path) failed: \(error)")
      }
    }
    if !needsVectors, engine.configuration.embedder != nil {
      indexQueue.async { [self] in
        do {
          try engine.embedPendingChunks()
        } catch {
          log(.error, "embedding edited chunks failed: \(error)")
        }
      }
    }
  }
}
