import Foundation
import LSPProtocol
import Testing

/// Every folder in protocol-fixtures/ is a transcript replayed against the real binary over
/// pipes; a `workspace/` folder beside it is copied to a temporary directory first.
struct ProtocolFixtureTests {
  static let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("protocol-fixtures")

  static var fixtureNames: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? [])
      .filter { FileManager.default.fileExists(atPath: fixturesDirectory.appendingPathComponent("\($0)/transcript.jsonl").path) }
      .sorted()
  }

  @Test func fixturesExist() {
    #expect(ProtocolFixtureTests.fixtureNames.count >= 1)
  }

  @Test(arguments: ProtocolFixtureTests.fixtureNames)
  func replay(fixture: String) async throws {
    let directory = ProtocolFixtureTests.fixturesDirectory.appendingPathComponent(fixture)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-fixture-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let workspace = scratch.appendingPathComponent("workspace")
    let source = directory.appendingPathComponent("workspace")
    if FileManager.default.fileExists(atPath: source.path) {
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: source, to: workspace)
    } else {
      try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    }
    let indexDirectory = scratch.appendingPathComponent("index")
    // Index in a scratch cache so a fixture never touches the user's real cache.
    let server = try ServerProcess(environment: ["XDG_CACHE_HOME": scratch.appendingPathComponent("cache").path])
    defer { server.kill() }
    let replayer = TranscriptReplayer(substitutions: [
      "WORKSPACE": workspace.path,
      "WORKSPACE_URI": URL(fileURLWithPath: workspace.path, isDirectory: true).absoluteString,
      "INDEX_DIR": indexDirectory.path,
    ])
    let transcript = try String(contentsOf: directory.appendingPathComponent("transcript.jsonl"), encoding: .utf8)
    try await replayer.replay(transcript, on: server)
  }

  @Test func fiftyMegabyteMessageIsHandled() async throws {
    let server = try ServerProcess()
    defer { server.kill() }
    try server.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:], "initializationOptions": ["indexOnStartup": false]]])
    let text = String(repeating: "let value = 1 // padding padding padding\n", count: 50 * 1024 * 1024 / 41)
    try server.send([
      "jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": ["textDocument": ["uri": "file:///tmp/huge.swift", "languageId": "swift", "version": 1, "text": .string(text)]],
    ])
    try server.send(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
    let replayer = TranscriptReplayer(substitutions: [:], timeout: 120)
    try await replayer.replay(#"{"expect": {"id": 1, "result": "*"}}"# + "\n" + #"{"expect": {"id": 2, "result": null}}"#, on: server)
  }

  @Test func messageOverTheLimitIsRefusedAndTheServerGoesOn() async throws {
    let server = try ServerProcess(arguments: ["lsp", "--max-message-bytes", "1000"])
    defer { server.kill() }
    let padding = String(repeating: "x", count: 5000)
    try server.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:], "padding": .string(padding)]])
    try server.send(["jsonrpc": "2.0", "id": 2, "method": "initialize", "params": ["capabilities": [:], "initializationOptions": ["indexOnStartup": false]]])
    try server.send(["jsonrpc": "2.0", "id": 3, "method": "shutdown"])
    try server.send(["jsonrpc": "2.0", "method": "exit"])
    let steps = [
      #"{"expect": {"id": null, "error": {"code": -32600}}}"#,
      #"{"expect": {"id": 2, "result": "*"}}"#,
      #"{"expect": {"id": 3, "result": null}}"#,
      #"{"expect_exit": 0}"#,
    ]
    try await TranscriptReplayer(substitutions: [:]).replay(steps.joined(separator: "\n"), on: server)
  }

  @Test func endOfInputWithoutShutdownExitsWithOne() async throws {
    let server = try ServerProcess()
    defer { server.kill() }
    try server.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
    server.write(Data("Content-Length: 100\r\n\r\n{\"jsonrpc\"".utf8))
    server.closeInput()
    try await TranscriptReplayer(substitutions: [:]).replay(
      #"{"expect": {"id": 1, "result": "*"}}"# + "\n" + #"{"expect_exit": 1}"#, on: server)
  }

  @Test func strayOutputNeverReachesTheProtocolStream() async throws {
    // Headless commands print to stdout; the server must print nothing there but messages.
    let server = try ServerProcess()
    defer { server.kill() }
    try server.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
    try server.send(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
    try server.send(["jsonrpc": "2.0", "method": "exit"])
    #expect(await server.waitForExit(timeout: 30) == 0)
    for message in server.takeMessages() {
      #expect(message["unparseable-output"] == nil)
    }
  }
}
