import Foundation
import LSPProtocol
import SearchEngine

@testable import SearchServer

/// Drives a `LanguageServer` in process, as the connection would: messages go in one at a
/// time, in order; everything the server sends is collected.
final class TestClient: @unchecked Sendable {
  private let lock = NSLock()
  private var received: [Message] = []
  private var exitCode: Int32?
  private var nextID = 1
  private(set) var server: LanguageServer!

  init(makeEngine: LanguageServer.EngineFactory? = nil) {
    let send: @Sendable (Message) -> Void = { [weak self] message in self?.record(message) }
    let onExit: @Sendable (Int32) -> Void = { [weak self] code in self?.recordExit(code) }
    if let makeEngine {
      server = LanguageServer(send: send, onExit: onExit, makeEngine: makeEngine)
    } else {
      server = LanguageServer(send: send, onExit: onExit)
    }
  }

  private func record(_ message: Message) {
    lock.lock()
    received.append(message)
    lock.unlock()
    // Answer the server's own requests (progress tokens) like a real client would.
    if case .request(let id, _, _) = message {
      server.handle(.response(id: id, result: .success(.null)))
    }
  }

  private func recordExit(_ code: Int32) {
    lock.lock()
    exitCode = code
    lock.unlock()
  }

  var messages: [Message] {
    lock.lock()
    defer { lock.unlock() }
    return received
  }

  var exited: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return exitCode
  }

  /// Sends a request and returns its id without waiting.
  @discardableResult
  func send(_ method: String, _ params: JSONValue? = nil) -> RequestID {
    let id = RequestID.number(nextID)
    nextID += 1
    server.handle(.request(id: id, method: method, params: params))
    return id
  }

  func notify(_ method: String, _ params: JSONValue? = nil) {
    server.handle(.notification(method: method, params: params))
  }

  /// Waits (up to `timeout`) for the response to `id`.
  ///
  /// Waits by sleeping the task, never the thread: the server's handlers run on the same
  /// small cooperative pool as the tests.
  func response(to id: RequestID, timeout: TimeInterval = 30) async -> Result<JSONValue, ResponseError>? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      for case .response(let responseID, let result) in messages where responseID == id {
        return result
      }
      try? await Task.sleep(for: .milliseconds(1))
    }
    return nil
  }

  func request(_ method: String, _ params: JSONValue? = nil) async -> Result<JSONValue, ResponseError>? {
    await response(to: send(method, params))
  }

  /// Waits for the server to ask for the process to end, and returns the exit code.
  func waitForExit(timeout: TimeInterval = 30) async -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let code = exited { return code }
      try? await Task.sleep(for: .milliseconds(1))
    }
    return nil
  }

  /// Waits until `predicate` holds for some received message.
  func waitFor(timeout: TimeInterval = 60, _ predicate: (Message) -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if messages.contains(where: predicate) { return true }
      try? await Task.sleep(for: .milliseconds(2))
    }
    return false
  }

  func errorCode(_ result: Result<JSONValue, ResponseError>?) -> Int? {
    if case .failure(let error)? = result { return error.code }
    return nil
  }
}

/// A temporary workspace written from a `[path: contents]` dictionary.
struct TestWorkspace {
  let root: URL
  let indexDirectory: URL

  init(_ files: [String: String]) throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-test-\(UUID().uuidString)")
    root = base.appendingPathComponent("workspace", isDirectory: true)
    indexDirectory = base.appendingPathComponent("index", isDirectory: true)
    for (path, contents) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try contents.write(to: url, atomically: true, encoding: .utf8)
    }
  }

  var uri: String { URL(fileURLWithPath: root.path, isDirectory: true).absoluteString }

  func uri(_ path: String) -> String { root.appendingPathComponent(path).absoluteString }

  func remove() {
    try? FileManager.default.removeItem(at: root.deletingLastPathComponent())
  }
}
