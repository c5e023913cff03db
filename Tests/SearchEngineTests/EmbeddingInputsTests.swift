import SearchCore
import SymbolChunking
import Testing

@testable import SearchEngine

/// What a chunk is embedded from.
struct EmbeddingInputsTests {
  @Test func declarationsAreHeadedByKindAndQualifiedNameAndWindowsByPath() {
    #expect(
      EmbeddingInputs.text(
        name: "send", kind: .method, container: "Client", signature: "send(payload)", path: "a.py",
        body: "def send(payload):\n    pass") == "method Client.send\ndef send(payload):\n    pass")
    #expect(
      EmbeddingInputs.text(name: "lines 1-3", kind: nil, container: nil, signature: nil, path: "a/b.txt", body: "x")
        == "a/b.txt\nx")
  }

  @Test func partsOfALongFunctionAfterTheCutCarryItsSignature() throws {
    var lines = ["def rebuild_search_index(catalog, documents, batch_size=64):"]
    for number in 0..<120 { lines.append("    step_\(number) = documents[\(number)] * batch_size") }
    let text = lines.joined(separator: "\n") + "\n"
    let chunker = FileChunker()
    defer { chunker.shutdown() }
    let chunks = chunker.chunk(path: "index.py", text: text).chunks
    try #require(chunks.count >= 2)
    #expect(chunks.allSatisfy { $0.name == "rebuild_search_index" })
    let inputs = chunks.map {
      EmbeddingInputs.text(
        name: $0.name, kind: $0.kind, container: $0.container, signature: $0.signature, path: $0.path, body: $0.text)
    }
    // The first part holds the declaration itself; the later ones get its signature.
    let signature = try #require(chunks[0].signature)
    #expect(inputs[0].hasPrefix("function rebuild_search_index\ndef rebuild_search_index("))
    for (chunk, input) in zip(chunks, inputs).dropFirst() {
      #expect(input.hasPrefix("function rebuild_search_index\n\(signature)\n" + chunk.text.prefix(200)))
    }
  }
}
