import Embedding
import EmbeddingProviders
import Foundation
import Testing

@testable import SearchEngine

/// Code similar to a declaration, a selection or a text.
struct FindSimilarTests {
  typealias Workspace = EngineIndexingTests.Workspace

  static let files = [
    "net/upload.py": "def retry_upload(client, payload, attempts=3):\n    for attempt in range(attempts):\n        try:\n            return client.send(payload)\n        except ConnectionError:\n            continue\n    raise RuntimeError('upload failed')\n",
    "net/copy.py": "def retry_upload_again(client, payload, attempts=3):\n    for attempt in range(attempts):\n        try:\n            return client.send(payload)\n        except ConnectionError:\n            continue\n    raise RuntimeError('upload failed')\n",
    "text/parse.py": "def parse_config(text):\n    values = {}\n    for line in text.splitlines():\n        key, _, value = line.partition('=')\n        values[key.strip()] = value.strip()\n    return values\n",
    "text/render.py": "def render_table(rows):\n    widths = [max(len(cell) for cell in column) for column in zip(*rows)]\n    return '\\n'.join(' '.join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows)\n",
  ]

  @Test func aDeclarationFindsItsCopyFirstWithoutAModelCall() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let counting = CountingEmbedder(HashingEmbedder(dimension: 64))
    let engine = try workspace.engine(embedder: counting)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let before = counting.texts
    let path = workspace.root.appendingPathComponent("net/upload.py").path
    let hits = try engine.similar(to: .declaration(absolutePath: path, line: 3), limit: 3)
    #expect(hits.first?.chunk.id.name == "retry_upload_again")
    #expect(!hits.contains { $0.chunk.id.path == "net/upload.py" }, "the declaration itself is left out")
    #expect(counting.texts == before, "a stored vector is used as it is")
    #expect(try engine.similar(to: .declaration(absolutePath: path, line: 3), limit: 3, minScore: 0.99).count <= 1)
  }

  @Test func textsAndSelectionsAreEmbeddedOnceAndFiltersApply() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let counting = CountingEmbedder(HashingEmbedder(dimension: 64))
    let engine = try workspace.engine(embedder: counting)
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let text = "for line in text.splitlines():\n    key, _, value = line.partition('=')"
    let before = counting.texts
    #expect(try engine.similar(to: .text(text), limit: 2).first?.chunk.id.name == "parse_config")
    #expect(try engine.similar(to: .text(text), limit: 2).first?.chunk.id.name == "parse_config")
    #expect(counting.texts == before + 1, "embedded once, then cached")
    let narrowed = try engine.similar(to: .text(text), limit: 5, filters: SearchFilters(paths: ["net/**"]))
    #expect(!narrowed.isEmpty && narrowed.allSatisfy { $0.chunk.id.path.hasPrefix("net/") })
    // A selection leaves out the chunks it overlaps.
    let parse = workspace.root.appendingPathComponent("text/parse.py").path
    let selected = try engine.similar(to: .selection(absolutePath: parse, lines: 2...3, text: text), limit: 5)
    #expect(!selected.contains { $0.chunk.id.name == "parse_config" })
  }

  @Test func aLongDeclarationsOwnPartsNeverCrowdOutTheAnswer() throws {
    // 2,400 lines: cut into some 30 parts, each nearer to the others than anything else is.
    let body = (0..<2400).map { "    total += values[\($0 % 7)] * weights[\($0 % 5)]" }.joined(separator: "\n")
    let workspace = try Workspace([
      "big.py": "def big(values, weights):\n    total = 0\n" + body + "\n    return total\n",
      "small.py": "def small(values, weights):\n    total = 0\n    total += values[1] * weights[2]\n    return total\n",
    ])
    defer { workspace.remove() }
    let engine = try workspace.engine(embedder: HashingEmbedder(dimension: 64))
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let index = try #require(engine.openFolders.first)
    #expect(try index.catalog.chunks(inFile: "big.py").count > 20, "the declaration is cut into many parts")
    let path = workspace.root.appendingPathComponent("big.py").path
    let hits = try engine.similar(to: .declaration(absolutePath: path, line: 500), limit: 1)
    #expect(hits.map(\.chunk.id.name) == ["small"])
  }

  @Test func unsavedTextIsComparedAsTyped() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    let path = workspace.root.appendingPathComponent("text/render.py").path
    // The table renderer is rewritten, unsaved, into a copy of the config parser.
    try engine.setEditorText(
      absolutePath: path, text: Self.files["text/parse.py"]!.replacingOccurrences(of: "parse_config", with: "parse_settings"))
    #expect(try engine.similar(to: .declaration(absolutePath: path, line: 1), limit: 1).first?.chunk.id.name == "parse_config")
  }

  @Test func badTargetsGetClearErrors() throws {
    let workspace = try Workspace(Self.files)
    defer { workspace.remove() }
    let engine = try workspace.engine()
    defer { engine.shutdown() }
    _ = try engine.indexAll()
    #expect(throws: SimilarTargetError.self) { try engine.similar(to: .text("   ")) }
    #expect(throws: SimilarTargetError.self) { try engine.similar(to: .declaration(absolutePath: "/elsewhere/x.py", line: 0)) }
    let path = workspace.root.appendingPathComponent("net/upload.py").path
    #expect(throws: SimilarTargetError.self) { try engine.similar(to: .declaration(absolutePath: path, line: 500)) }
    #expect(try engine.similar(to: .text("retry"), limit: 0).isEmpty)
    let none = try Workspace(Self.files)
    defer { none.remove() }
    let lexicalOnly = try none.engine(embedder: nil)
    defer { lexicalOnly.shutdown() }
    #expect(throws: SearchError.self) { try lexicalOnly.similar(to: .text("retry upload")) }
  }
}
