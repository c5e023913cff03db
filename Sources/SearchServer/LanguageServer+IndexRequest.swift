import Foundation
import LSPProtocol
import SearchEngine
import Synchronization

extension LanguageServer {
  /// `sextant/index`: starts (or queues) a run over the folders asked for; with `wait`, answers
  /// when the run that covers this request has ended.
  func index(_ request: SextantIndexRequest) async throws -> SextantIndexResult {
    let engine = try requireEngine()
    var roots: [URL]?
    if let uris = request.folders {
      let open = Set(engine.openFolders.map { $0.root.standardizedFileURL })
      roots = try uris.map { uri in
        guard let path = FileURI.path(of: uri) else {
          throw ResponseError.invalidParams("folders: \(uri) is not a file URI")
        }
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        guard open.contains(root) else {
          throw ResponseError.invalidParams(
            "folders: \(uri) is not a workspace folder (add it with workspace/didChangeWorkspaceFolders)")
        }
        return root
      }
      guard roots?.isEmpty == false else { throw ResponseError.invalidParams("folders is empty; omit it for every folder") }
    }
    // While the first run (or a rebuild's) waits for the client's settings, so does this
    // request: a run started now would index with the settings those may replace. The wait
    // is bounded by the settings' own timeout.
    for _ in 0..<200 where withState({ indexing.awaitingSettings }) {
      try await Task.sleep(for: .milliseconds(25))
    }
    let title = "Indexing (sextant/index)"
    guard request.wait == true else {
      let queued = withState { indexing.busy }
      startIndexing(title: title, folders: roots)
      return SextantIndexResult(state: queued ? "queued" : "started")
    }
    // Cancelling the request stops the wait (the run goes on for everyone else).
    let box = WaiterBox()
    let (summaries, failure) = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let waiter = IndexWaiter { summaries, failure in continuation.resume(returning: (summaries, failure)) }
        box.set(waiter)
        if Task.isCancelled {
          waiter.resume([], "cancelled")
          return
        }
        startIndexing(title: title, folders: roots, waiter: waiter)
      }
    } onCancel: {
      box.get()?.resume([], "cancelled")
    }
    try Task.checkCancellation()
    if let failure { throw ResponseError.requestFailed(failure) }
    return SextantIndexResult(
      state: "done",
      folders: summaries.map { summary in
        SextantIndexedFolder(
          uri: FileURI.folderURI(of: summary.root), filesSeen: summary.filesSeen, filesIndexed: summary.filesIndexed,
          filesUnchanged: summary.filesUnchangedByStat + summary.filesUnchangedByHash,
          filesRemoved: summary.filesRemoved, filesFailed: summary.filesFailed, chunksWritten: summary.chunksWritten,
          chunksEmbedded: summary.chunksEmbedded, embeddingCacheHits: summary.embeddingCacheHits,
          seconds: summary.seconds, failures: Array(summary.failures.prefix(20)))
      })
  }
}

/// The waiter of a `sextant/index` request, reachable from its cancellation handler.
private final class WaiterBox: Sendable {
  private let waiter = Mutex<IndexWaiter?>(nil)
  func set(_ value: IndexWaiter) { waiter.withLock { $0 = value } }
  func get() -> IndexWaiter? { waiter.withLock { $0 } }
}
