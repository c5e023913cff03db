import Foundation
import Testing

@testable import JSONRPCTransport

/// The framer must find the same messages however the bytes are cut.
struct MessageFramerTests {
  enum Feed: CaseIterable {
    case whole, byteByByte, randomSplits
  }

  /// Feeds `stream` in the given way and collects every frame, rendered as text for comparison.
  private func frames(of stream: [UInt8], feed: Feed, seed: UInt64 = 7, limit: Int = 1 << 20) -> [String] {
    var framer = MessageFramer(maximumContentLength: limit)
    var found: [String] = []
    func drain() {
      while let frame = framer.next() {
        switch frame {
        case .message(let body): found.append("message " + String(decoding: body, as: UTF8.self))
        case .malformedHeader: found.append("malformed")
        case .oversized(let length): found.append("oversized \(length)")
        }
      }
    }
    switch feed {
    case .whole:
      framer.append(stream)
      drain()
    case .byteByByte:
      for byte in stream {
        framer.append([byte])
        drain()
      }
    case .randomSplits:
      var state = seed
      var offset = 0
      while offset < stream.count {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let size = Int(state >> 59) + 1
        let end = min(stream.count, offset + size)
        framer.append(stream[offset..<end])
        drain()
        offset = end
      }
    }
    return found
  }

  private func check(_ stream: String, _ expected: [String], limit: Int = 1 << 20, sourceLocation: SourceLocation = #_sourceLocation) {
    for feed in Feed.allCases {
      for seed: UInt64 in [1, 2, 3] where feed == .randomSplits || seed == 1 {
        #expect(frames(of: Array(stream.utf8), feed: feed, seed: seed, limit: limit) == expected, "\(feed) seed \(seed)", sourceLocation: sourceLocation)
      }
    }
  }

  @Test func oneMessage() {
    check("Content-Length: 2\r\n\r\n{}", ["message {}"])
  }

  @Test func manyMessagesInOneRead() {
    check(
      "Content-Length: 2\r\n\r\n{}Content-Length: 7\r\n\r\n[1,2,3]Content-Length: 4\r\n\r\nnull",
      ["message {}", "message [1,2,3]", "message null"])
  }

  @Test func contentTypeAndCaseInsensitiveNames() {
    check(
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}CONTENT-LENGTH:3\r\n\r\n123",
      ["message {}", "message 123"])
  }

  @Test func bareNewlinesAreAccepted() {
    check("Content-Length: 2\n\n{}", ["message {}"])
  }

  @Test func multiByteBodiesCountBytes() {
    let body = "{\"a\":\"é😀\"}"
    check("Content-Length: \(body.utf8.count)\r\n\r\n\(body)", ["message \(body)"])
  }

  @Test func missingLengthResynchronisesAtNextHeader() {
    check(
      "Content-Type: text\r\n\r\n{\"x\":1}Content-Length: 2\r\n\r\n{}",
      ["malformed", "message {}"])
  }

  @Test func nonNumericLengthIsReported() {
    check("Content-Length: abc\r\n\r\n{}\r\nContent-Length: 2\r\n\r\n{}", ["malformed", "message {}"])
    check("Content-Length: -5\r\n\r\nContent-Length: 2\r\n\r\n{}", ["malformed", "message {}"])
    check("Content-Length: 99999999999999999999\r\n\r\nContent-Length: 2\r\n\r\n{}", ["malformed", "message {}"])
  }

  @Test func headerWithoutColonIsReported() {
    check("garbage line\r\n\r\nContent-Length: 2\r\n\r\n{}", ["malformed", "message {}"])
  }

  @Test func oversizedBodiesAreSkippedNotBuffered() {
    let big = String(repeating: "x", count: 100)
    check("Content-Length: 100\r\n\r\n\(big)Content-Length: 2\r\n\r\n{}", ["oversized 100", "message {}"], limit: 50)
  }

  @Test func truncatedBodyWaitsAndReportsBufferedBytes() {
    var framer = MessageFramer()
    framer.append(Array("Content-Length: 10\r\n\r\n{\"a\"".utf8))
    #expect(framer.next() == nil)
    #expect(framer.isInsideMessage)
    #expect(framer.bufferedByteCount == 4)
  }

  @Test func longGarbageWithoutHeaderEndIsDropped() {
    var framer = MessageFramer()
    framer.append(Array(repeating: UInt8(ascii: "z"), count: 70_000))
    #expect(framer.next() == .malformedHeader("header block longer than 64 KiB"))
    framer.append(Array("\r\n\r\nContent-Length: 2\r\n\r\n{}".utf8))
    var messages: [MessageFramer.Frame] = []
    while let frame = framer.next() { messages.append(frame) }
    #expect(messages.last == .message(Data("{}".utf8)))
  }

  @Test func largeMessageRoundTrips() {
    let body = "\"" + String(repeating: "a", count: 5_000_000) + "\""
    var framer = MessageFramer()
    framer.append(Array(frameMessage(Data(body.utf8))))
    #expect(framer.next() == .message(Data(body.utf8)))
    #expect(framer.bufferedByteCount == 0)
  }
}
