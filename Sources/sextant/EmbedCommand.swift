import ArgumentParser
import EmbeddingProviders
import Foundation

/// `sextant embed TEXT…`: the local model's token ids and vectors, so anyone can check them
/// against a reference implementation.
struct Embed: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Embed texts with the local model and print token ids and vectors.")

  @Argument(help: "Texts to embed.") var texts: [String]
  @Option(name: .long, help: "Directory of the local model (default: $SEXTANT_MODEL_DIR, else the per-user cache).")
  var modelDir: String?
  @Flag(name: .long, help: "Print a JSON array of {text, token_ids, embedding}.") var json = false

  func run() throws {
    guard !texts.isEmpty else { throw ValidationError("give at least one text") }
    let embedder: MiniLMEmbedder
    do {
      embedder = try MiniLMEmbedder(
        directory: modelDir.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? MiniLMEmbedder.defaultDirectory())
    } catch {
      throw ValidationError("\(error)")
    }
    let vectors = try embedder.embed(texts).vectors
    let rows: [[String: Any]] = zip(texts, vectors).map { text, vector in
      ["text": text, "token_ids": embedder.tokenIDs(text).map(Int.init), "embedding": vector.map(Double.init)]
    }
    if json {
      let data = try JSONSerialization.data(withJSONObject: rows, options: [.withoutEscapingSlashes])
      print(String(decoding: data, as: UTF8.self))
    } else {
      for (text, vector) in zip(texts, vectors) {
        let head = vector.prefix(6).map { String(format: "%+.4f", $0) }.joined(separator: " ")
        print("\(embedder.tokenIDs(text).count) tokens  [\(head) …]  \(text.prefix(60))")
      }
    }
  }
}
