import Foundation
import LSPProtocol

/// Replays a `transcript.jsonl` against a server process.
///
/// Each line is one step: `send` (a message, framed), `send_raw` (bytes as written, for broken
/// framing), `expect` (a pattern some incoming message must match), `expect_exit` (the exit
/// code), `close_input`, or `comment`. Patterns match objects by the keys they name, arrays
/// element by element, and `"*"` matches anything. Notifications and server requests that do
/// not match are skipped (server requests are answered with `null`, as a client would);
/// an unmatched response is a failure. `${WORKSPACE}`, `${WORKSPACE_URI}` and `${INDEX_DIR}` in
/// any string are replaced.
struct TranscriptReplayer {
  var substitutions: [String: String]
  var timeout: TimeInterval = 60

  func replay(_ transcript: String, on server: ServerProcess) async throws {
    var backlog: [JSONValue] = []
    for (number, line) in transcript.split(separator: "\n").enumerated() where !line.allSatisfy(\.isWhitespace) {
      let step = substitute(try JSONCoding.parse(Data(line.utf8)))
      let where_ = "line \(number + 1)"
      if let message = step["send"] {
        try server.send(message)
      } else if let raw = step["send_raw"]?.stringValue {
        server.write(Data(raw.utf8))
      } else if let pattern = step["expect"] {
        try await expect(pattern, from: server, backlog: &backlog, at: where_)
      } else if let code = step["expect_exit"]?.intValue {
        guard let status = await server.waitForExit(timeout: timeout) else {
          throw FixtureError("\(where_): the server did not exit within \(timeout) s")
        }
        guard status == code else { throw FixtureError("\(where_): exit code \(status), expected \(code)") }
      } else if step["close_input"] != nil {
        server.closeInput()
      } else if step["comment"] == nil {
        throw FixtureError("\(where_): unknown step \(line)")
      }
    }
  }

  private func expect(_ pattern: JSONValue, from server: ServerProcess, backlog: inout [JSONValue], at location: String) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    var skipped: [JSONValue] = []
    while Date() < deadline {
      backlog += server.takeMessages()
      while !backlog.isEmpty {
        let message = backlog.removeFirst()
        if TranscriptReplayer.matches(message, pattern) { return }
        if message["method"] != nil {
          if let id = message["id"] {
            try server.send(["jsonrpc": "2.0", "id": id, "result": .null])
          }
          skipped.append(message)
          continue
        }
        throw FixtureError("\(location): got \(render(message)), expected \(render(pattern))")
      }
      try await Task.sleep(for: .milliseconds(5))
    }
    throw FixtureError(
      "\(location): nothing matched \(render(pattern)) within \(timeout) s; skipped \(skipped.map(render)); stderr: \(server.standardError.suffix(2000))")
  }

  static func matches(_ value: JSONValue, _ pattern: JSONValue) -> Bool {
    switch pattern {
    case .string("*"):
      return true
    case .object(let expected):
      guard case .object(let actual) = value else { return false }
      return expected.allSatisfy { key, sub in
        if let present = actual[key] { return matches(present, sub) }
        return sub == .null
      }
    case .array(let expected):
      guard case .array(let actual) = value, actual.count == expected.count else { return false }
      return zip(actual, expected).allSatisfy { matches($0, $1) }
    case .int(let number):
      return value == .int(number) || value == .double(Double(number))
    default:
      return value == pattern
    }
  }

  private func substitute(_ value: JSONValue) -> JSONValue {
    switch value {
    case .string(var text):
      for (key, replacement) in substitutions { text = text.replacingOccurrences(of: "${\(key)}", with: replacement) }
      return .string(text)
    case .array(let items):
      return .array(items.map(substitute))
    case .object(let members):
      return .object(members.mapValues(substitute))
    default:
      return value
    }
  }

  private func render(_ value: JSONValue) -> String {
    (try? JSONCoding.data(value)).map { String(decoding: $0, as: UTF8.self) }.map { String($0.prefix(600)) } ?? "?"
  }
}
