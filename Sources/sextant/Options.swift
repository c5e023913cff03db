import ArgumentParser
import Embedding
import EmbeddingProviders
import Foundation
import SearchCore
import SearchEngine

/// Options every command that opens an index shares. They are the command line's layer of
/// ``Settings``: built-in defaults ← `.sextant.json` at the workspace root ← these flags, so a
/// flag not given leaves the file's value (or the default) in force.
struct IndexOptions: ParsableArguments {
  @Option(name: .long, help: "Directory of the index (default: the per-user cache, keyed by workspace path).")
  var indexDir: String?

  @Option(name: .long, help: "Files larger than this many bytes are not indexed (default: 1048576).")
  var maxFileBytes: Int?

  @Option(
    name: .long,
    help: "Embedding model: local (all-MiniLM-L6-v2 in process; the default), a remote provider (openai, ollama, bedrock, gemini: set providerModel and providerDimension), hashing (a deterministic test embedder), or none (lexical and symbol search only).")
  var model: ModelChoice?

  @Option(name: .long, help: "Directory of the local model (default: $SEXTANT_MODEL_DIR, else the per-user cache).")
  var modelDir: String?

  @Option(
    name: .long,
    help: "Codec of new vector segments: fp32-v1 (default: fastest reads), fp32-shuffle-zstd-v1 (lossless, smaller, slower reads), fp32-zstd-v1, fp16-v1, int8-v1 (int8 codes plus an fp32 copy for rescoring).")
  var vectorCodec: String?

  @Option(name: .long, help: "Bytes of decoded vectors the L1 cache tier may hold (default: 2097152).")
  var vectorCacheL1Bytes: Int?

  @Option(name: .long, help: "Bytes of compressed blocks the L2 cache tier may hold (default: 8388608).")
  var vectorCacheL2Bytes: Int?

  @Option(name: .long, help: "A .gitignore-syntax line to leave files out, as if in the root .sextantignore (repeatable).")
  var ignore: [String] = []

  @Option(name: .long, help: "The nearest-neighbour index spec, e.g. Flat or IVF1024,SQ8,Refine (default: chosen by size).")
  var indexSpec: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Any setting as KEY=VALUE, the value as in .sextant.json (repeatable): --setting providerModel=nomic-embed-text --setting providerDimension=768. `sextant settings` lists the keys.",
      valueName: "key=value"))
  var setting: [String] = []

  func validate() throws {
    for assignment in setting where !assignment.contains("=") {
      throw ValidationError("--setting \(assignment): expected KEY=VALUE, such as providerDimension=768")
    }
  }

  /// The flags given, as a settings layer.
  var layer: [String: SettingValue] {
    var layer: [String: SettingValue] = [:]
    if let indexDir { layer["indexDir"] = .string(indexDir) }
    if let maxFileBytes { layer["maxFileBytes"] = .number(Double(maxFileBytes)) }
    if let model { layer["model"] = .string(model.rawValue) }
    if let modelDir { layer["modelDir"] = .string(modelDir) }
    if let vectorCodec { layer["vectorCodec"] = .string(vectorCodec) }
    if let vectorCacheL1Bytes { layer["vectorCacheL1Bytes"] = .number(Double(vectorCacheL1Bytes)) }
    if let vectorCacheL2Bytes { layer["vectorCacheL2Bytes"] = .number(Double(vectorCacheL2Bytes)) }
    if !ignore.isEmpty { layer["ignore"] = .array(ignore.map(SettingValue.string)) }
    if let indexSpec { layer["indexSpec"] = .string(indexSpec) }
    for assignment in setting {
      guard let equals = assignment.firstIndex(of: "=") else { continue }
      let key = String(assignment[..<equals])
      let text = String(assignment[assignment.index(after: equals)...])
      // JSON when it reads as JSON (numbers, true, null, arrays), else the text as a string.
      layer[key] = (try? JSONDecoder().decode(SettingValue.self, from: Data(text.utf8))) ?? .string(text)
    }
    return layer
  }

  /// The settings for a workspace: its `.sextant.json` (problems reported on stderr), then the
  /// flags, whose problems are errors.
  func settings(root: URL?) throws -> Settings {
    var fileWarnings: [String] = []
    var settings = root.map { Settings.fromFiles(roots: [$0], warnings: &fileWarnings) } ?? Settings()
    for warning in fileWarnings { printError("warning: \(warning)") }
    var flagProblems: [String] = []
    settings.apply(layer, source: "command line", warnings: &flagProblems)
    guard flagProblems.isEmpty else {
      // `command line: "maxFileBytes" must be …; keeping …` reads `--max-file-bytes must be …`.
      throw ValidationError(
        flagProblems.map { problem in
          var text = problem.replacingOccurrences(of: "command line: ", with: "")
          if let keeping = text.range(of: "; keeping") { text = String(text[..<keeping.lowerBound]) }
          for key in SettingKey.all {
            text = text.replacingOccurrences(of: "\"\(key.name)\"", with: "--" + Self.flagName(key.name))
          }
          return text
        }.joined(separator: "\n"))
    }
    return settings
  }

  /// `maxFileBytes` → `max-file-bytes`: the flag of a setting.
  static func flagName(_ key: String) -> String {
    var name = ""
    for character in key {
      if character.isUppercase { name += "-" }
      name += character.lowercased()
    }
    return name
  }

  /// The model the settings for `root` choose.
  func modelChoice(root: URL?) throws -> ModelChoice {
    ModelChoice(rawValue: try settings(root: root).model) ?? .local
  }

  /// The engine's configuration for a workspace; loading the model can fail, with a message
  /// saying how to fix it.
  func configuration(root: URL?, needsModel: Bool = true) throws -> EngineConfiguration {
    let settings = try settings(root: root)
    var configuration = settings.engineConfiguration()
    if needsModel {
      configuration.embedder = try settings.makeEmbedder()
    }
    return configuration
  }
}

/// Which embedder a command uses.
enum ModelChoice: String, ExpressibleByArgument, CaseIterable {
  case local, openai, ollama, bedrock, gemini, hashing, none

  func makeEmbedder(directory: URL?) throws -> (any Embedder)? {
    var settings = Settings()
    settings.model = rawValue
    settings.modelDir = directory?.path
    return try settings.makeEmbedder()
  }
}

extension Settings {
  /// The embedder for a command: errors say how to go on without a model.
  func makeEmbedder() throws -> (any Embedder)? {
    do {
      return try makeEmbedder(waitsForever: false)
    } catch {
      throw ValidationError("\(error)\n(or pass --model none for lexical and symbol search without a model)")
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
/// Runs the engine's checks of what the flags ask for; a failed one is a usage error with the
/// engine's message.
func validated<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as InvalidRequest {
    throw ValidationError(error.description)
  }
}
