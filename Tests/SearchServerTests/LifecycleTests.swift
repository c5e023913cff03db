import Foundation
import LSPProtocol
import Testing

@testable import SearchServer

/// The lifecycle rules of the specification, each answered with the right error code.
struct LifecycleTests {
  private func initialized(_ workspace: TestWorkspace? = nil) async -> TestClient {
    let client = TestClient()
    var params: [String: JSONValue] = ["capabilities": [:], "initializationOptions": ["indexOnStartup": false, "model": "none"]]
    if let workspace {
      params["rootUri"] = .string(workspace.uri)
      params["initializationOptions"] = [
        "indexOnStartup": false, "model": "none", "indexDir": .string(workspace.indexDirectory.path),
      ]
    }
    _ = await client.request("initialize", .object(params))
    client.notify("initialized", [:])
    return client
  }

  @Test func requestsBeforeInitializeAreRefused() async {
    let client = TestClient()
    #expect(client.errorCode(await client.request("workspace/symbol", ["query": "x"])) == -32002)
    #expect(client.errorCode(await client.request("shutdown")) == -32002)
  }

  @Test func initializeAnswersCapabilitiesOnce() async throws {
    let client = TestClient()
    let result = try #require(
      try await client.request("initialize", ["capabilities": [:], "initializationOptions": ["model": "none"]])?.get())
    #expect(result["capabilities"]?["workspaceSymbolProvider"] == true)
    #expect(result["capabilities"]?["textDocumentSync"]?["change"] == 2)
    #expect(result["serverInfo"]?["name"] == "sextant")
    #expect(client.errorCode(await client.request("initialize", ["capabilities": [:], "initializationOptions": ["model": "none"]])) == -32600)
  }

  @Test func unknownMethodsAndBadParams() async {
    let client = await initialized()
    #expect(client.errorCode(await client.request("textDocument/frobnicate", [:])) == -32601)
    #expect(client.errorCode(await client.request("workspace/symbol", ["query": 5])) == -32602)
    #expect(client.errorCode(await client.request("workspace/symbol", [:])) == -32602)
    #expect(client.errorCode(await client.request("sextant/search", ["query": "x", "mode": "psychic"])) == -32602)
    // Unknown notifications, `$/` or not, get no answer at all.
    let before = client.messages.filter { if case .response = $0 { return true } else { return false } }.count
    client.notify("$/setTrace", ["value": "off"])
    client.notify("custom/unknown", [:])
    try? await Task.sleep(for: .milliseconds(50))
    let after = client.messages.filter { if case .response = $0 { return true } else { return false } }.count
    #expect(before == after)
  }

  @Test func initializeWithMalformedParamsIsInvalidParams() async {
    let client = TestClient()
    #expect(client.errorCode(await client.request("initialize", ["rootUri": 42])) == -32602)
    // The server is still waiting for a proper initialize.
    #expect(client.errorCode(await client.request("workspace/symbol", ["query": "x"])) == -32002)
    #expect((try? await client.request("initialize", ["capabilities": [:], "initializationOptions": ["model": "none"]])?.get()) != nil)
  }

  @Test func shutdownThenExitIsZero() async {
    let client = await initialized()
    #expect((try? await client.request("shutdown")?.get()) == .null)
    #expect(client.errorCode(await client.request("workspace/symbol", ["query": "x"])) == -32600)
    client.notify("exit")
    #expect(await client.waitForExit() == 0)
  }

  @Test func exitWithoutShutdownIsOne() async {
    let client = await initialized()
    client.notify("exit")
    #expect(await client.waitForExit() == 1)
  }

  @Test func closedInputWithoutShutdownIsOne() async {
    let client = await initialized()
    client.server.connectionClosed()
    #expect(await client.waitForExit() == 1)
  }

  @Test func cancelledRequestAnswersRequestCancelled() async throws {
    let client = await initialized()
    // Hold the queue with a document update that waits for a gate, so the request is still
    // queued behind it when the cancellation arrives.
    let (gate, release) = AsyncStream<Void>.makeStream()
    client.server.scheduler.schedule(.documentUpdate) {
      for await _ in gate { break }
    }
    let id = client.send("workspace/symbol", ["query": "alpha"])
    client.notify("$/cancelRequest", ["id": id.json])
    release.yield()
    #expect(client.errorCode(await client.response(to: id)) == -32800)
    // The next request is answered normally.
    #expect((try? await client.request("workspace/symbol", ["query": "alpha"])?.get()) != nil)
  }

  @Test func requestsWaitForEarlierDocumentUpdates() async throws {
    let client = await initialized()
    let (gate, release) = AsyncStream<Void>.makeStream()
    client.server.scheduler.schedule(.documentUpdate) {
      for await _ in gate { break }
    }
    let id = client.send("workspace/symbol", ["query": "x"])
    try await Task.sleep(for: .milliseconds(100))
    #expect(client.messages.contains { if case .response(id, _) = $0 { return true } else { return false } } == false)
    release.yield()
    #expect((try? await client.response(to: id)?.get()) != nil)
  }

  @Test func cancelOfUnknownRequestIsHarmless() async {
    let client = await initialized()
    client.notify("$/cancelRequest", ["id": 999])
    client.notify("$/cancelRequest", ["id": ["bad": true]])
    #expect((try? await client.request("workspace/symbol", ["query": ""])?.get()) != nil)
  }

  @Test func workspaceFolderFallsBackToRootPathAndWarnsOnMissingFolders() async {
    var warnings: [String] = []
    let roots = LanguageServer.workspaceRoots(
      of: InitializeRequest(rootPath: FileManager.default.temporaryDirectory.path), warnings: &warnings)
    #expect(roots.count == 1)
    _ = LanguageServer.workspaceRoots(
      of: InitializeRequest(workspaceFolders: [.init(uri: "file:///does/not/exist", name: "x")]), warnings: &warnings)
    #expect(warnings.count == 1)
  }

  @Test func initializationOptionsOfTheWrongTypeAreReported() async {
    var warnings: [String] = []
    let layer = SettingsLayers.layer(
      ["symbolLimit": "many", "indexDir": 3, "reindexDelayMs": 10, "model": "gpt", "modelDir": "/m", "colour": "red"],
      source: "initializationOptions", warnings: &warnings)
    var layers = SettingsLayers()
    layers.initializationOptions = layer
    let settings = layers.merged(roots: [], warnings: &warnings)
    #expect(settings.symbolLimit == 100)
    #expect(settings.reindexDelayMs == 10)
    #expect(settings.model == "local")
    #expect(settings.modelDir == "/m")
    #expect(warnings.count == 4)
    #expect(warnings.contains { $0.contains("\"symbolLimit\" must be an integer from 1 to 10000, not \"many\"; keeping 100") })
    #expect(warnings.contains { $0.contains("unknown setting \"colour\"") })
    var notAnObject: [String] = []
    #expect(SettingsLayers.layer(["a", "b"], source: "initializationOptions", warnings: &notAnObject) == nil)
    #expect(notAnObject == ["initializationOptions is not an object; ignored"])
  }

  @Test func aMissingModelIsReportedAndSymbolSearchGoesOn() async throws {
    let workspace = try TestWorkspace(["a.py": "def kept_working():\n    pass\n"])
    defer { workspace.remove() }
    let client = TestClient()
    let result = await client.request(
      "initialize",
      [
        "capabilities": [:], "rootUri": .string(workspace.uri),
        "initializationOptions": [
          "modelDir": .string(workspace.root.appendingPathComponent("no-model-here").path),
          "indexDir": .string(workspace.indexDirectory.path),
        ],
      ])
    #expect((try? result?.get()) != nil)
    #expect(
      client.messages.contains { message in
        guard case .notification("window/showMessage", let params) = message else { return false }
        return params?["message"]?.stringValue?.contains("semantic search is off") ?? false
      })
    client.notify("initialized", [:])
    let deadline = Date().addingTimeInterval(30)
    var names: [String] = []
    while names.isEmpty && Date() < deadline {
      try await Task.sleep(for: .milliseconds(20))
      if case .success(let value)? = await client.request("workspace/symbol", ["query": "kept_working"]) {
        names = value.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
      }
    }
    #expect(names == ["kept_working"])
    #expect(client.errorCode(await client.request("sextant/search", ["query": "kept", "mode": "semantic"])) == -32803)
    #expect((try? await client.request("sextant/search", ["query": "kept working"])?.get())?["items"]?.arrayValue?.isEmpty == false)
  }
}
