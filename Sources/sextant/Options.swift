import ArgumentParser
import Embedding
import EmbeddingProviders
import Foundation
import SearchCore
import SearchEngine
import VectorCodecs
import VectorStore

/// Options every command that opens an index shares.
struct IndexOptions: ParsableArguments {
  @Option(name: .long, help: "Directory of the index (default: the per-user cache, keyed by workspace path).")
  var indexDir: String?

  @Option(name: .long, help: "Files larger than this many bytes are not indexed.")
  var maxFileBytes: Int = 1 << 20

  @Option(
    name: .long,
    help: "Embedding model: local (all-MiniLM-L6-v2 in process), hashing (a deterministic test embedder), or none (lexical and symbol search only).")
  var model: ModelChoice = .local

  @Option(name: .long, help: "Directory of the local model (default: $SEXTANT_MODEL_DIR, else the per-user cache).")
  var modelDir: String?

  @Option(
    name: .long,
    help: "Codec of new vector segments: fp32-v1 (default: fastest reads), fp32-shuffle-zstd-v1 (lossless, smaller, slower reads), fp32-zstd-v1, fp16-v1, int8-v1 (int8 codes plus an fp32 copy for rescoring).")
  var vectorCodec: String = VectorCodec.fp32.tag

  @Option(name: .long, help: "Bytes of decoded vectors the L1 cache tier may hold.")
  var vectorCacheL1Bytes: Int = CacheBudgets.default.decodedBytes

  @Option(name: .long, help: "Bytes of compressed blocks the L2 cache tier may hold.")
  var vectorCacheL2Bytes: Int = CacheBudgets.default.compressedBytes

  /// The engine's configuration; loading the model can fail, with a message saying how to fix it.
  func configuration(needsModel: Bool = true) throws -> EngineConfiguration {
    var configuration = EngineConfiguration()
    configuration.indexDirectory = indexDir.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
    configuration.scan.maxFileBytes = maxFileBytes
    guard let codec = VectorCodec(tag: vectorCodec) else {
      throw ValidationError("unknown --vector-codec \(vectorCodec); one of \(VectorCodec.allCases.map(\.tag).joined(separator: ", "))")
    }
    guard vectorCacheL1Bytes >= 0, vectorCacheL2Bytes >= 0 else { throw ValidationError("cache budgets cannot be negative") }
    configuration.vectorCodec = codec
    configuration.vectorCacheBudgets = CacheBudgets(decodedBytes: vectorCacheL1Bytes, compressedBytes: vectorCacheL2Bytes)
    if needsModel {
      configuration.embedder = try model.makeEmbedder(directory: modelDir.map { URL(fileURLWithPath: $0, isDirectory: true) })
    }
    return configuration
  }
}

/// Which embedder a command uses.
enum ModelChoice: String, ExpressibleByArgument, CaseIterable {
  case local, hashing, none

  func makeEmbedder(directory: URL?) throws -> (any Embedder)? {
    switch self {
    case .none:
      return nil
    case .hashing:
      return HashingEmbedder(dimension: 256)
    case .local:
      do {
        return try MiniLMEmbedder(directory: directory ?? MiniLMEmbedder.defaultDirectory())
      } catch {
        throw ValidationError("\(error)\n(or pass --model none for lexical and symbol search without a model)")
      }
    }
  }
}

/// Resolves a workspace argument to an existing directory, or fails with a clear message.
func workspaceURL(_ path: String) throws -> URL {
  let url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
    throw ValidationError("\(path) is not a directory")
  }
  return url
}

/// Writes a line to stderr (progress and diagnostics never go to stdout).
func printError(_ text: String, terminator: String = "\n") {
  FileHandle.standardError.write(Data((text + terminator).utf8))
}

/// Prints a JSON value to stdout, pretty and with sorted keys.
/// An `Encodable` value as the plain objects `printJSON` takes, so typed statistics can sit
/// inside a hand-built dictionary.
func jsonObject(_ value: some Encodable) throws -> Any {
  try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
}

/// One compact line of JSON (sorted keys), for JSON-lines output.
func jsonLine(_ value: Any) throws -> String {
  String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
}

/// Writes values as JSON lines to a file.
func writeJSONLines(_ values: [Any], toFile path: String) throws {
  try (values.map(jsonLine).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

func printJSON(_ value: Any) throws {
  let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
  print(String(decoding: data, as: UTF8.self))
}

/// Symbol kinds by name (`function`, `class` …), as `--kind` gives them.
func parseKinds(_ names: [String]) throws -> [SymbolKind] {
  try names.map { name in
    guard let kind = SymbolKind(name: name) else {
      throw ValidationError("unknown kind \(name); available: \(SymbolKind.allCases.map(\.name).joined(separator: ", "))")
    }
    return kind
  }
}
