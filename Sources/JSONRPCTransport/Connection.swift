import Foundation
import LSPProtocol

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Receives the messages a connection reads, one at a time, in arrival order.
package protocol MessageHandler: AnyObject, Sendable {
  /// - Important: called on the connection's reader thread; must not block for long.
  func handle(_ message: Message)
  /// The input ended (the client closed its end or died).
  func connectionClosed()
}

/// A JSON-RPC connection over two file descriptors (stdin/stdout for the server, pipes in tests).
///
/// Reading happens on one dedicated thread so a slow handler never loses bytes; writes are
/// serialised by a lock so concurrent responses never interleave on the wire. Errors that
/// belong to the transport (bad framing, bad JSON, non-messages) are answered here, so the
/// handler only ever sees well-formed messages.
package final class Connection: @unchecked Sendable {
  private let input: Int32
  private let output: Int32
  private let maximumContentLength: Int
  private let log: @Sendable (String) -> Void
  private let writeLock = NSLock()
  private var outputClosed = false

  package init(
    input: Int32, output: Int32, maximumContentLength: Int = 64 << 20,
    log: @escaping @Sendable (String) -> Void
  ) {
    self.input = input
    self.output = output
    self.maximumContentLength = maximumContentLength
    self.log = log
  }

  /// Starts the reader thread; `handler` receives every message until the input ends.
  package func start(handler: MessageHandler) {
    let thread = Thread { [self] in self.readLoop(handler: handler) }
    thread.name = "sextant.jsonrpc.reader"
    thread.stackSize = 4 << 20
    thread.start()
  }

  /// Writes one message; safe from any thread. Failures (a closed pipe) are logged, not thrown:
  /// a client that went away cannot be told anything.
  package func send(_ message: Message) {
    let body: Data
    do {
      body = try JSONCoding.data(message.json)
    } catch {
      log("could not encode an outgoing message: \(error)")
      return
    }
    let frame = frameMessage(body)
    writeLock.lock()
    defer { writeLock.unlock() }
    if outputClosed { return }
    frame.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      var written = 0
      while written < raw.count {
        let result = write(output, base + written, raw.count - written)
        if result < 0 {
          if errno == EINTR { continue }
          log("write to client failed: \(String(cString: strerror(errno)))")
          outputClosed = true
          return
        }
        written += result
      }
    }
  }

  private func readLoop(handler: MessageHandler) {
    var framer = MessageFramer(maximumContentLength: maximumContentLength)
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      let count = chunk.withUnsafeMutableBytes { raw in read(input, raw.baseAddress, raw.count) }
      if count < 0 {
        if errno == EINTR { continue }
        log("read from client failed: \(String(cString: strerror(errno)))")
        break
      }
      if count == 0 { break }
      framer.append(chunk[0..<count])
      while let frame = framer.next() {
        process(frame, handler: handler)
      }
    }
    if framer.isInsideMessage || framer.bufferedByteCount > 0 {
      log("input ended inside a message; \(framer.bufferedByteCount) bytes dropped")
    }
    handler.connectionClosed()
  }

  private func process(_ frame: MessageFramer.Frame, handler: MessageHandler) {
    switch frame {
    case .malformedHeader(let reason):
      log("malformed message header: \(reason)")
      send(.response(id: nil, result: .failure(.parseError("malformed header: \(reason)"))))
    case .oversized(let length):
      log("refused a message of \(length) bytes (limit \(maximumContentLength))")
      send(
        .response(
          id: nil,
          result: .failure(.invalidRequest("message of \(length) bytes exceeds the limit of \(maximumContentLength)"))
        ))
    case .message(let body):
      let value: JSONValue
      do {
        value = try JSONCoding.parse(body)
      } catch {
        log("invalid JSON in a \(body.count)-byte message")
        send(.response(id: nil, result: .failure(.parseError("invalid JSON"))))
        return
      }
      switch Message.classify(value) {
      case .success(let message):
        handler.handle(message)
      case .failure(let invalid):
        log("invalid message: \(invalid.reason)")
        send(.response(id: invalid.id, result: .failure(.invalidRequest(invalid.reason))))
      }
    }
  }
}
