import Foundation
import LSPProtocol
import SearchEngine

/// Progress of the current indexing run, for `$/progress` and search coverage.
struct IndexingState: Sendable {
  var running = false
  /// The first run waits for the client's settings (`workspace/configuration`): it counts as
  /// running, so that nobody reads an idle index as finished in between.
  var awaitingSettings = false
  /// Whether a run is going or about to start.
  var busy: Bool { running || awaitingSettings }
  /// A run was asked for while one was running: run again when it ends.
  var rerunRequested = false
  /// The folders the next run (asked for while one was running) covers; `nil`: all of them.
  var rerunFolders: Set<URL>? = []
  /// Callers waiting for the run in progress (they asked before it started), and for the next.
  var currentWaiters: [IndexWaiter] = []
  var nextWaiters: [IndexWaiter] = []
  /// The share of the workspace's files whose indexed content is current (unchanged since the
  /// last run, or indexed again in this one); 1 when idle. While a run is still scanning it
  /// keeps the last known value, or 0 when the index holds nothing yet.
  var coverage: Double = 1
  /// The running run's `$/progress` token, for reports from outside its progress callback
  /// (a provider pausing).
  var progressToken: JSONValue?
}

/// Someone waiting for an indexing run to end: `sextant/index` with `wait`. Resumed at most
/// once: by the end of the run that covers the request, or by the request's cancellation.
struct IndexWaiter: Sendable {
  private let once = OnceFlag()
  private let body: @Sendable (_ summaries: [IndexSummary], _ failure: String?) -> Void

  init(_ body: @escaping @Sendable (_ summaries: [IndexSummary], _ failure: String?) -> Void) {
    self.body = body
  }

  func resume(_ summaries: [IndexSummary], _ failure: String?) {
    if once.claim() { body(summaries, failure) }
  }
}

extension LanguageServer {
  /// How long the client may take to accept a progress token before a run starts without one.
  static let progressTokenTimeout: DispatchTimeInterval = .seconds(2)

  /// Indexes the folders (every open one when `nil`) on the index queue, reporting work-done
  /// progress when the client supports it. A request made while a run is in progress
  /// schedules one more run, covering every folder asked for meanwhile; `waiter` hears when
  /// the run that covers this request ends.
  func startIndexing(title: String, folders: [URL]? = nil, waiter: IndexWaiter? = nil) {
    let shouldStart: Bool = withState {
      if indexing.running {
        indexing.rerunRequested = true
        if let folders, let pending = indexing.rerunFolders {
          indexing.rerunFolders = pending.union(folders)
        } else {
          indexing.rerunFolders = nil
        }
        if let waiter { indexing.nextWaiters.append(waiter) }
        return false
      }
      indexing.running = true
      if let waiter { indexing.currentWaiters.append(waiter) }
      return true
    }
    // Until the scan says what changed, an empty index covers nothing; a built one what it did.
    if let engine = withState({ engine }), engine.holdsNoChunks { withState { indexing.coverage = 0 } }
    guard shouldStart else { return }
    launchRun(title: title, folders: folders)
  }

  /// Queues a run that the state already counts as running: with a progress token when the
  /// client accepts one, and without when it refuses or does not answer in time.
  private func launchRun(title: String, folders: [URL]?) {
    let supportsProgress = withState { clientCapabilities["window"]?["workDoneProgress"]?.boolValue ?? false }
    guard supportsProgress else {
      indexQueue.async { self.runIndexing(title: title, folders: folders, token: nil) }
      return
    }
    let token = JSONValue.string("sextant-index-\(UUID().uuidString)")
    let once = OnceFlag()
    sendRequest(method: WorkDoneProgressCreateRequest.method, params: ["token": token]) { [self] result in
      guard once.claim() else { return }
      // Without a token (the client refused) indexing still runs, just silently.
      let usable = (try? result.get()) != nil
      indexQueue.async { self.runIndexing(title: title, folders: folders, token: usable ? token : nil) }
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + Self.progressTokenTimeout) { [self] in
      guard once.claim() else { return }
      log(.warning, "the client did not accept a progress token in time; indexing without progress reports")
      indexQueue.async { self.runIndexing(title: title, folders: folders, token: nil) }
    }
  }

  /// - Important: runs on `indexQueue` only.
  private func runIndexing(title: String, folders: [URL]?, token: JSONValue?) {
    let (engine, rebuilds) = withState {
      indexing.progressToken = token
      return (self.engine, engineRebuilds)
    }
    if let token { notify(ProgressNotification(token: token, value: .begin(title: title))) }
    var lastReport = ContinuousClock.now
    var summaries: [IndexSummary] = []
    var failure: String?
    do {
      guard let engine else { throw SearchError("the server has no engine") }
      summaries = try engine.indexAll(
        roots: folders,
        progress: { [self] progress in
          if let share = progress.currentShare { withState { indexing.coverage = share } }
          guard let token, ContinuousClock.now - lastReport > .milliseconds(200) || progress.phase == .finished
          else { return }
          lastReport = ContinuousClock.now
          let message = "\(progress.filesIndexed)/\(progress.filesToIndex) files, \(progress.chunks) chunks"
          notify(
            ProgressNotification(
              token: token, value: .report(message: message, percentage: Int(progress.fraction * 100))))
        },
        // A run stops at shutdown, and when settings call for another engine: its build and
        // run come next on this queue, and must not wait behind one (a paused provider's) that
        // may never end.
        isCancelled: { [self] in withState { lifecycle == .shutDown || engineRebuilds != rebuilds } })
    } catch {
      failure = "indexing failed: \(error)"
    }
    let totalFiles = summaries.reduce(0) { $0 + $1.filesSeen }
    let indexed = summaries.reduce(0) { $0 + $1.filesIndexed }
    let chunks = summaries.reduce(0) { $0 + $1.chunksWritten }
    let seconds = summaries.reduce(0) { $0 + $1.seconds }
    let message = failure ?? "\(totalFiles) files, \(indexed) re-indexed, \(chunks) chunks in \(String(format: "%.1f", seconds)) s"
    withState { indexing.progressToken = nil }
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
    // One decision: this run's waiters are answered, and either the state goes idle or the
    // next run (asked for meanwhile) takes over at once with its own waiters, so no request
    // that arrives in between can attach itself to the wrong run.
    let (waiters, rerun, rerunFolders): ([IndexWaiter], Bool, Set<URL>?) = withState {
      let done = indexing.currentWaiters
      indexing.currentWaiters = []
      guard indexing.rerunRequested else {
        indexing.running = false
        indexing.coverage = 1
        return (done, false, nil)
      }
      let folders = indexing.rerunFolders
      indexing.rerunRequested = false
      indexing.rerunFolders = []
      indexing.currentWaiters = indexing.nextWaiters
      indexing.nextWaiters = []
      return (done, true, folders)
    }
    for waiter in waiters { waiter.resume(summaries, failure) }
    if rerun {
      launchRun(title: title, folders: rerunFolders.map { Array($0) })
      return
    }
    // The run may have committed what an open document holds: its overlay is then dropped.
    for uri in withState({ Array(documents.documents.keys) }) { refreshEditorText(uri: uri) }
  }

  /// Takes an open document's text into the engine's in-memory overlay on the overlay queue
  /// after `delay`, unless a newer edit supersedes it. The shared index is not written: it
  /// keeps the file as saved (``scheduleDiskUpdate(uri:)``).
  func scheduleEditorText(uri: String, delayMilliseconds: Int) {
    guard let path = FileURI.path(of: uri) else { return }
    let generation: Int = withState {
      editGenerations[uri, default: 0] += 1
      let generation = editGenerations[uri, default: 0]
      pendingEdits[uri] = generation
      return generation
    }
    overlayQueue.asyncAfter(deadline: .now() + .milliseconds(delayMilliseconds)) { [self] in
      // A search may have applied this edit already (then it is no longer pending).
      guard let (engine, text) = claimEdit(uri: uri, generation: generation) else { return }
      defer { editsApplying.leave() }
      takeEditorText(engine: engine, uri: uri, path: path, text: text, generation: generation, embed: true, reason: "")
    }
  }

  /// Takes a pending edit for applying, if it is still the document's latest and nobody took
  /// it: the caller applies it and then leaves `editsApplying`.
  private func claimEdit(uri: String, generation: Int) -> (SearchEngine, String)? {
    withState {
      guard pendingEdits[uri] == generation, editGenerations[uri] == generation, let engine,
        let text = documents[uri]?.text
      else { return nil }
      pendingEdits[uri] = nil
      // Entered under the state lock: whoever sees the edit no longer pending can wait for it.
      editsApplying.enter()
      return (engine, text)
    }
  }

  /// Re-reads a file from disk into the shared index on the index queue (after a save, a
  /// change on disk, a close), then checks the open document's overlay against it.
  func scheduleDiskUpdate(uri: String) {
    guard let path = FileURI.path(of: uri) else { return }
    indexQueue.async { [self] in
      guard let engine = withState({ self.engine }) else { return }
      do {
        let outcome = try engine.updateFile(absolutePath: path)
        log(.log, "re-indexed \(path) from disk: \(outcome)")
      } catch {
        log(.error, "re-indexing \(path) failed: \(error)")
      }
      refreshEditorText(uri: uri)
    }
  }

  /// Compares an open document's text with the index again (on the overlay queue), with the
  /// ignore rules checked anew: the overlay goes when the index now holds the same text (or
  /// the file is now ignored), and is kept (or made) otherwise.
  func refreshEditorText(uri: String) {
    guard let path = FileURI.path(of: uri) else { return }
    overlayQueue.async { [self] in
      // An edit still waiting for its debounce brings the newest text itself.
      let current: (SearchEngine, String, Int)? = withState {
        guard pendingEdits[uri] == nil, let engine, let text = documents[uri]?.text else { return nil }
        return (engine, text, editGenerations[uri, default: 0])
      }
      guard let (engine, text, generation) = current else { return }
      takeEditorText(
        engine: engine, uri: uri, path: path, text: text, generation: generation, embed: true, recheckRules: true,
        reason: "")
    }
  }

  /// Forgets a closed document's overlay at once (a queued or in-flight edit of it is older
  /// than the close and no longer applies), then brings the file in from disk.
  func dropEditorText(uri: String) {
    guard let path = FileURI.path(of: uri) else { return }
    let (engine, generation): (SearchEngine?, Int) = withState {
      editGenerations[uri, default: 0] += 1
      pendingEdits[uri] = nil
      return (self.engine, editGenerations[uri, default: 0])
    }
    // A request after the close waits for the drop, like one after an edit waits for the edit.
    editsApplying.enter()
    overlayQueue.async { [self] in
      defer { editsApplying.leave() }
      if engine?.dropEditorText(absolutePath: path, generation: generation) == true {
        log(.log, "dropped the unsaved text of \(path)")
      }
    }
    scheduleDiskUpdate(uri: uri)
  }

  private func takeEditorText(
    engine: SearchEngine, uri: String, path: String, text: String, generation: Int, embed: Bool,
    recheckRules: Bool = false, reason: String
  ) {
    do {
      let outcome = try engine.setEditorText(
        absolutePath: path, text: text, generation: generation, embed: embed, recheckRules: recheckRules)
      if outcome != .unchanged { log(.log, "editor text of \(path)\(reason): \(outcome)") }
    } catch {
      log(.error, "\(error)")
    }
  }

  /// Applies the edits still waiting for their debounce, so a search sees what the user just
  /// typed, even while a bulk run holds the index (unsaved text lives in memory), then waits
  /// for edits others took and are applying. Without `needsVectors` (symbol and lexical
  /// queries) new chunks are embedded afterwards on the overlay queue, not before answering;
  /// with it, every unsaved chunk has its vector before the search runs.
  func applyPendingEdits(needsVectors: Bool) {
    let (pending, engine) = withState { (pendingEdits, self.engine) }
    guard let engine else { return }
    for (uri, generation) in pending.sorted(by: { $0.key < $1.key }) {
      guard let path = FileURI.path(of: uri), let (_, text) = claimEdit(uri: uri, generation: generation) else { continue }
      takeEditorText(
        engine: engine, uri: uri, path: path, text: text, generation: generation, embed: needsVectors,
        reason: " before a search")
      editsApplying.leave()
    }
    editsApplying.wait()
    guard engine.configuration.embedder != nil else { return }
    if needsVectors {
      do {
        try engine.embedOverlays()
      } catch {
        log(.error, "embedding edited chunks failed: \(error)")
      }
    } else if !pending.isEmpty {
      overlayQueue.async { [self] in
        do {
          try engine.embedOverlays()
        } catch {
          log(.error, "embedding edited chunks failed: \(error)")
        }
      }
    }
  }
}
