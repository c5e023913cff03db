import EmbeddingProviders
import Foundation
import SearchCore
import Testing

@testable import SearchEngine

/// workspace/symbol: names fuzzily, phrases also by meaning.
struct WorkspaceSymbolsTests {
  typealias Workspace = EngineIndexingTests.Workspace

  static let files = [
    "net/upload.py":
      "def retry_failed_upload(client, payload, attempts=3):\n    \"\"\"Send the payload again when the connection drops.\"\"\"\n    for attempt in range(attempts):\n        try:\n            return client.send(payload)\n        except ConnectionError:\n            continue\n",
    "config/parse.py":
      "def parse_config(text):\n    values = {}\n    for line in text.splitlines():\n        key, _, value = line.partition('=')\n        values[key.strip()] = value.strip()\n    return values\n\n\ndef parse_config_file(path):\n    with open(path) as handle:\n        return parse_config(handle.read())\n",
    "config/render.py":
      "def render_table(rows):\n    widths = [max(len(cell) for cell in column) for column in zip(*rows)]\n    return widths\n",
  ]

  @Test func aNameIsMatchedFuzzilyAsBefore() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: HashingEmbedder(dimension: 64))
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    for query in ["parse", "pcf", "render_table", "config.parse_config", ""] {
      #expect(engine.workspaceSymbols(matching: query) == engine.symbols(matching: query), "\(query)")
    }
    #expect(!SearchEngine.isPhrase("parseConfig") && SearchEngine.isPhrase("parse config"))
  }

  @Test func aPhraseFindsDeclarationsByMeaningWithExactNamesOnTop() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: HashingEmbedder(dimension: 64))
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    // No name holds these letters in order; the meaning (here: the words) finds it.
    let upload = engine.workspaceSymbols(matching: "send payload again connection drops")
    #expect(engine.symbols(matching: "send payload again connection drops").isEmpty)
    #expect(upload.first?.symbol.name == "retry_failed_upload")
    #expect(upload.first?.symbol.nameSpan.start.line == 0, "the symbol's own name position")
    // The words naming a symbol exactly put it first, then names they begin.
    let names = engine.workspaceSymbols(matching: "parse config").map(\.symbol.name)
    #expect(Array(names.prefix(2)) == ["parse_config", "parse_config_file"])
    #expect(engine.workspaceSymbols(matching: "parse config file").first?.symbol.name == "parse_config_file")
    // Each symbol once, and the cap holds.
    let all = engine.workspaceSymbols(matching: "parse config values", limit: 2)
    #expect(all.count == 2 && Set(all.map(\.symbol.name)).count == 2)
  }

  @Test func withoutAModelAPhraseIsMatchedByName() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: nil)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    #expect(engine.workspaceSymbols(matching: "parse config") == engine.symbols(matching: "parse config"))
  }

  @Test func aFilesSymbolsAreFoundInEitherLayer() {
    let symbol = { (name: String) in
      Symbol(
        name: name, kind: .function, container: nil, signature: nil,
        span: TextSpan(start: .init(line: 0, column: 0), end: .init(line: 1, column: 0), bytes: 0..<1),
        nameSpan: TextSpan(start: .init(line: 0, column: 4), end: .init(line: 0, column: 8), bytes: 4..<8))
    }
    let base = SymbolSnapshot(byPath: ["a.py": [symbol("a1"), symbol("a2")], "b.py": [symbol("b1")], "c.py": [symbol("c1")]])
    #expect(base.symbolRange(ofFile: "a.py") == 0..<2)
    #expect(base.symbolRange(ofFile: "b.py") == 2..<3)
    #expect(base.symbolRange(ofFile: "c.py") == 3..<4)
    #expect(base.symbolRange(ofFile: "bb.py") == nil)
    let view = SymbolView(
      base: base, hiddenPaths: ["b.py", "c.py"], delta: SymbolSnapshot(byPath: ["b.py": [symbol("b2"), symbol("b3")]]))
    #expect(view.symbols(inFile: "a.py").map(\.name) == ["a1", "a2"])
    #expect(view.symbols(inFile: "b.py").map(\.name) == ["b2", "b3"])
    #expect(view.symbols(inFile: "c.py").isEmpty, "a file whose symbols all went")
  }
}
