import Foundation
import JSONRPCTransport
import LSPProtocol
import SearchEngine

/// The language server: LSP semantics over a ``Connection``, answered by a ``SearchEngine``.
///
/// The reader thread hands every message to ``handle(_:)``, which checks the lifecycle and
/// schedules the registered handler by its ordering class. Handlers never see bytes; engine
/// types never reach the wire without a conversion in this module.
package final class LanguageServer: MessageHandler, @unchecked Sendable {
  enum Lifecycle: Equatable {
    case uninitialized
    case running
    case shutDown
  }

  /// Builds the engine once `initialize` names the folders and options.
  package typealias EngineFactory = @Sendable (EngineConfiguration) -> SearchEngine

  let send: @Sendable (Message) -> Void
  let onExit: @Sendable (Int32) -> Void
  let makeEngine: EngineFactory
  let scheduler = RequestScheduler()
  let state = NSLock()
  /// Index writes (full runs, edits, folder changes) run here, one at a time, off the
  /// message path so queries are never held up by indexing.
  let indexQueue = DispatchQueue(label: "sextant.index")
  /// Open documents' unsaved text goes into the engine's in-memory overlay here, one update at
  /// a time, never behind a bulk run on the index queue.
  let overlayQueue = DispatchQueue(label: "sextant.overlay")

  // Guarded by `state`.
  var lifecycle = Lifecycle.uninitialized
  var engine: SearchEngine?
  /// The settings in force, and the layers they were merged from.
  var settings = Settings()
  var settingsLayers = SettingsLayers()
  /// Settings warnings already logged, so that merging the layers again does not repeat them.
  var settingsWarningsShown: Set<String> = []
  /// The workspace folders, as the engine was last opened on them.
  var roots: [URL] = []
  var documents = DocumentStore()
  var clientCapabilities: JSONValue = .null
  /// Requests received and not yet answered; only these can be cancelled.
  var active: Set<RequestID> = []
  var inFlight: [RequestID: Task<Void, Never>] = [:]
  var cancelled: Set<RequestID> = []
  var pendingOutgoing: [RequestID: @Sendable (Result<JSONValue, ResponseError>) -> Void] = [:]
  var nextOutgoingID = 1
  var editGenerations: [String: Int] = [:]
  /// Documents whose latest edit waits for its debounce, with that edit's generation: a
  /// search applies them first (``applyPendingEdits(needsVectors:)``).
  var pendingEdits: [String: Int] = [:]
  /// Entered for each edit taken from `pendingEdits` until it is applied: a search waits on
  /// it so that no edit made before it is missed.
  let editsApplying = DispatchGroup()
  var indexing = IndexingState()
  /// Counts engine rebuilds decided (not yet done): a run started under an older count stops,
  /// so that the rebuild queued behind it is not held up (by a paused provider, say).
  var engineRebuilds = 0
  private var exited = false

  package init(
    send: @escaping @Sendable (Message) -> Void, onExit: @escaping @Sendable (Int32) -> Void,
    makeEngine: @escaping EngineFactory = { SearchEngine(configuration: $0) }
  ) {
    self.send = send
    self.onExit = onExit
    self.makeEngine = makeEngine
  }

  /// Serves `connection` until `exit` or the end of its input.
  package static func serve(
    connection: Connection, onExit: @escaping @Sendable (Int32) -> Void,
    makeEngine: @escaping EngineFactory = { SearchEngine(configuration: $0) }
  ) -> LanguageServer {
    let server = LanguageServer(send: { connection.send($0) }, onExit: onExit, makeEngine: makeEngine)
    connection.start(handler: server)
    return server
  }

  func withState<T>(_ body: () throws -> T) rethrows -> T {
    state.lock()
    defer { state.unlock() }
    return try body()
  }

  // MARK: MessageHandler

  package func handle(_ message: Message) {
    switch message {
    case .request(let id, let method, let params):
      handleRequest(id: id, method: method, params: params)
    case .notification(let method, let params):
      handleNotification(method: method, params: params)
    case .response(let id, let result):
      guard let id, let callback = withState({ pendingOutgoing.removeValue(forKey: id) }) else { return }
      callback(result)
    }
  }

  package func connectionClosed() {
    scheduler.schedule(.documentUpdate) { [self] in
      let code: Int32 = withState { lifecycle == .shutDown ? 0 : 1 }
      if code != 0 { log(.warning, "the client closed the connection without shutdown") }
      terminate(code: code)
    }
  }

  private func handleRequest(id: RequestID, method: String, params: JSONValue?) {
    let phase = withState { lifecycle }
    if method == InitializeRequest.method {
      guard phase == .uninitialized else {
        reply(id, .failure(.invalidRequest("initialize was already received")))
        return
      }
      // Answered synchronously so nothing can be scheduled before the lifecycle changes.
      reply(id, Result { try JSONCoding.encode(try initialize(try HandlerTable.decodeParams(InitializeRequest.self, params))) }
        .mapError(LanguageServer.responseError))
      return
    }
    switch phase {
    case .uninitialized:
      reply(id, .failure(.serverNotInitialized))
      return
    case .shutDown:
      reply(id, .failure(.invalidRequest("the server is shutting down")))
      return
    case .running:
      break
    }
    guard let entry = HandlerTable.entries[method], case .request(let body) = entry.body else {
      reply(id, .failure(.methodNotFound(method)))
      return
    }
    withState { _ = active.insert(id) }
    let task = scheduler.schedule(entry.ordering) { [self] in
      let result: Result<JSONValue, ResponseError>
      if isCancelled(id) {
        result = .failure(.cancelled)
      } else {
        do {
          result = .success(try await body(self, params))
        } catch {
          result = .failure(LanguageServer.responseError(error))
        }
      }
      finish(id, isCancelled(id) ? .failure(.cancelled) : result)
    }
    withState {
      if active.contains(id) { inFlight[id] = task }
    }
  }

  private func handleNotification(method: String, params: JSONValue?) {
    switch method {
    case ExitNotification.method:
      // After everything before it, so a `shutdown` sent just ahead has taken effect.
      scheduler.schedule(.documentUpdate) { [self] in
        terminate(code: withState { lifecycle == .shutDown ? 0 : 1 })
      }
      return
    case CancelRequestNotification.method:
      guard let raw = params?["id"], let id = RequestID(raw) else {
        log(.warning, "$/cancelRequest without a valid id; ignored")
        return
      }
      let task: Task<Void, Never>? = withState {
        guard active.contains(id) else { return nil }
        cancelled.insert(id)
        return inFlight[id]
      }
      task?.cancel()
      return
    default:
      break
    }
    let phase = withState { lifecycle }
    guard phase == .running else {
      // Before initialize notifications are dropped, as the specification asks.
      return
    }
    guard let entry = HandlerTable.entries[method], case .notification(let body) = entry.body else {
      if !method.hasPrefix("$/") { log(.log, "ignoring unknown notification \(method)") }
      return
    }
    scheduler.schedule(entry.ordering) { [self] in
      do {
        try await body(self, params)
      } catch {
        log(.error, "\(method) failed: \(LanguageServer.responseError(error).message)")
      }
    }
  }

  private func isCancelled(_ id: RequestID) -> Bool {
    withState { cancelled.contains(id) } || Task.isCancelled
  }

  private func finish(_ id: RequestID, _ result: Result<JSONValue, ResponseError>) {
    withState {
      active.remove(id)
      inFlight[id] = nil
      cancelled.remove(id)
    }
    reply(id, result)
  }

  func reply(_ id: RequestID, _ result: Result<JSONValue, ResponseError>) {
    send(.response(id: id, result: result))
  }

  static func responseError(_ error: Error) -> ResponseError {
    if let error = error as? ResponseError { return error }
    if error is CancellationError { return .cancelled }
    if let error = error as? DecodingError { return .invalidParams("invalid params: \(error)") }
    return .requestFailed(String(describing: error))
  }

  // MARK: Outgoing

  /// Sends a request to the client; `completion` runs when (if) it answers.
  func sendRequest(
    method: String, params: JSONValue,
    completion: @escaping @Sendable (Result<JSONValue, ResponseError>) -> Void
  ) {
    let id: RequestID = withState {
      let id = RequestID.string("sextant-\(nextOutgoingID)")
      nextOutgoingID += 1
      pendingOutgoing[id] = completion
      return id
    }
    send(.request(id: id, method: method, params: params))
  }

  func notify<N: LSPNotification>(_ notification: N) {
    guard let params = try? JSONCoding.encode(notification) else { return }
    send(.notification(method: N.method, params: params))
  }

  /// Logs to stderr always, and to the client's log once it is initialized.
  func log(_ type: MessageType, _ message: String) {
    FileHandle.standardError.write(Data("sextant: \(message)\n".utf8))
    if withState({ lifecycle != .uninitialized }) {
      notify(LogMessageNotification(type: type, message: message))
    }
  }

  func terminate(code: Int32) {
    let shouldExit: Bool = withState {
      defer { exited = true }
      return !exited
    }
    guard shouldExit else { return }
    // Work already on the queues (an unsaved buffer being embedded, an indexing batch, which
    // stops at the next one now that the lifecycle says shut down) finishes first, within a
    // bound: a model call cut off by the process ending would be lost work, and a run that
    // goes on past the bound is left to the next start, which the index is safe for.
    withState { lifecycle = .shutDown }
    // On a thread of its own: whoever delivered `exit` (the reader, or a test's task on the
    // cooperative pool) is not held while the queues drain.
    Thread.detachNewThread { [self] in
      let drained = DispatchGroup()
      for queue in [overlayQueue, indexQueue] {
        drained.enter()
        queue.async { drained.leave() }
      }
      if drained.wait(timeout: .now() + Self.exitGrace) == .timedOut {
        log(.warning, "exiting while indexing work is still running; the next start goes on from what was committed")
      }
      let engine = withState { self.engine }
      engine?.shutdown()
      onExit(code)
    }
  }

  /// How long `exit` waits for queued work before the process ends.
  static let exitGrace: DispatchTimeInterval = .seconds(5)
}
