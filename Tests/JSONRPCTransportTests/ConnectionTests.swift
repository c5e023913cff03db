import Foundation
import LSPProtocol
import Testing

@testable import JSONRPCTransport

#if canImport(Glibc)
  import Glibc
#endif

/// A connection over real pipes answers transport-level errors itself and delivers the rest.
struct ConnectionTests {
  final class Collector: MessageHandler, @unchecked Sendable {
    let lock = NSLock()
    var messages: [Message] = []
    var closed = false
    func handle(_ message: Message) {
      lock.lock()
      messages.append(message)
      lock.unlock()
    }
    func connectionClosed() {
      lock.lock()
      closed = true
      lock.unlock()
    }
    var isClosed: Bool {
      lock.lock()
      defer { lock.unlock() }
      return closed
    }
  }

  /// Writes `input` into a connection, closes it, and returns what the handler got and what
  /// the connection wrote back.
  private func run(_ input: String) throws -> (delivered: [Message], replies: [JSONValue]) {
    var toServer: [Int32] = [0, 0]
    var fromServer: [Int32] = [0, 0]
    #expect(pipe(&toServer) == 0)
    #expect(pipe(&fromServer) == 0)
    let connection = Connection(input: toServer[0], output: fromServer[1], log: { _ in })
    let collector = Collector()
    connection.start(handler: collector)
    let bytes = Array(input.utf8)
    _ = bytes.withUnsafeBytes { write(toServer[1], $0.baseAddress, $0.count) }
    close(toServer[1])
    let deadline = Date().addingTimeInterval(10)
    while !collector.isClosed && Date() < deadline { usleep(1000) }
    close(fromServer[1])
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(fromServer[0], &buffer, buffer.count)
      if count <= 0 { break }
      output.append(contentsOf: buffer[0..<count])
    }
    close(fromServer[0])
    close(toServer[0])
    var framer = MessageFramer()
    framer.append(output)
    var replies: [JSONValue] = []
    while case .message(let body)? = framer.next() {
      replies.append(try JSONCoding.parse(body))
    }
    return (collector.messages, replies)
  }

  private func framed(_ body: String) -> String {
    "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
  }

  @Test func deliversRequestsAndNotifications() throws {
    let result = try run(
      framed(#"{"jsonrpc":"2.0","id":1,"method":"a","params":{}}"#) + framed(#"{"jsonrpc":"2.0","method":"b"}"#))
    #expect(result.delivered == [.request(id: .number(1), method: "a", params: [:]), .notification(method: "b", params: nil)])
    #expect(result.replies.isEmpty)
  }

  @Test func answersInvalidJSONWithParseError() throws {
    let result = try run(framed("{not json"))
    #expect(result.replies.first?["error"]?["code"] == .int(-32700))
    #expect(result.replies.first?["id"] == .null)
  }

  @Test func answersNonMessagesWithInvalidRequest() throws {
    let result = try run(framed(#"[{"jsonrpc":"2.0","id":1,"method":"a"}]"#) + framed(#"{"jsonrpc":"2.0","id":4}"#) + framed("42"))
    #expect(result.replies.map { $0["error"]?["code"] } == [.int(-32600), .int(-32600), .int(-32600)])
    #expect(result.replies[1]["id"] == .int(4))
    #expect(result.delivered.isEmpty)
  }

  @Test func answersMalformedHeaderAndKeepsGoing() throws {
    let result = try run("Content-Length: nope\r\n\r\n" + framed(#"{"jsonrpc":"2.0","method":"b"}"#))
    #expect(result.replies.first?["error"]?["code"] == .int(-32700))
    #expect(result.delivered == [.notification(method: "b", params: nil)])
  }

  @Test func closesCleanlyInsideATruncatedMessage() throws {
    let result = try run("Content-Length: 100\r\n\r\n{\"jsonrpc\"")
    #expect(result.delivered.isEmpty)
    #expect(result.replies.isEmpty)
  }
}
