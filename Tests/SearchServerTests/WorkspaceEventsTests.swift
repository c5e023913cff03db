import Foundation
import LSPProtocol
import Testing

@testable import SearchServer

/// Folder and file events from the client reach the index.
struct WorkspaceEventsTests {
  private func symbolNames(_ client: TestClient, _ query: String) async -> [String] {
    guard case .success(let value)? = await client.request("workspace/symbol", ["query": .string(query)]) else { return [] }
    return value.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
  }

  private func eventually(_ condition: () async -> Bool) async -> Bool {
    for _ in 0..<300 {
      if await condition() { return true }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return false
  }

  private func start(_ workspace: TestWorkspace) async -> TestClient {
    let client = TestClient()
    _ = await client.request(
      "initialize",
      [
        "capabilities": [:], "rootUri": .string(workspace.uri),
        "initializationOptions": [
          "indexDir": .string(workspace.indexDirectory.path), "reindexDelayMs": 0, "model": "hashing",
        ],
      ])
    client.notify("initialized", [:])
    return client
  }

  @Test func watchedFileEventsUpdateTheIndex() async throws {
    let workspace = try TestWorkspace(["a.py": "def first_function():\n    return 1\n"])
    defer { workspace.remove() }
    let client = await start(workspace)
    #expect(await eventually { await symbolNames(client, "first_function").first == "first_function" })

    try "def second_function():\n    return 2\n".write(
      to: workspace.root.appendingPathComponent("b.py"), atomically: true, encoding: .utf8)
    client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(workspace.uri("b.py")), "type": 1]]])
    #expect(await eventually { await symbolNames(client, "second_function").first == "second_function" })

    try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("a.py"))
    client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(workspace.uri("a.py")), "type": 3]]])
    #expect(await eventually { await !symbolNames(client, "first_function").contains("first_function") })
  }

  @Test func addedAndRemovedFoldersAreIndexedAndDropped() async throws {
    let workspace = try TestWorkspace(["a.py": "def in_first_folder():\n    pass\n"])
    let other = try TestWorkspace(["b.go": "package b\n\nfunc InSecondFolder() {\n}\n"])
    defer {
      workspace.remove()
      other.remove()
    }
    let client = await start(workspace)
    let folder: JSONValue = ["uri": .string(other.uri), "name": "other"]
    client.notify("workspace/didChangeWorkspaceFolders", ["event": ["added": [folder], "removed": []]])
    #expect(await eventually { await symbolNames(client, "InSecondFolder").first == "InSecondFolder" })
    client.notify("workspace/didChangeWorkspaceFolders", ["event": ["added": [], "removed": [folder]]])
    #expect(await eventually { await symbolNames(client, "InSecondFolder").isEmpty })
    #expect(await symbolNames(client, "in_first_folder").first == "in_first_folder")
  }
}
