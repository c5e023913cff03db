import Foundation
import LSPProtocol
import VectorCodecs
import VectorStore

/// Settings a client may pass in `initializationOptions`; unknown keys are ignored.
struct ServerOptions: Sendable, Equatable {
  /// Where the index lives (`indexDir`), instead of the per-user cache directory.
  var indexDirectory: String?
  /// The most `workspace/symbol` results (`symbolLimit`, default 100).
  var symbolLimit: Int = 100
  /// Files above this size are not indexed (`maxFileBytes`, default 1 MiB).
  var maxFileBytes: Int = 1 << 20
  /// Milliseconds of quiet typing before an edited document is re-indexed (`reindexDelayMs`).
  var reindexDelayMilliseconds: Int = 400
  /// Whether to index the workspace when the server starts (`indexOnStartup`, default true).
  var indexOnStartup = true
  /// `local` (all-MiniLM-L6-v2 in process, the default), `hashing` (a test embedder) or `none`.
  var model = "local"
  /// Where the local model lives (`modelDir`; default `$SEXTANT_MODEL_DIR` or the user cache).
  var modelDirectory: String?
  /// How vector segments are encoded (`vectorCodec`: a codec tag such as `fp32-v1`).
  var vectorCodec: VectorCodec = .fp32
  /// Bytes the decoded (`vectorCacheL1Bytes`) and compressed (`vectorCacheL2Bytes`) vector
  /// cache tiers may hold.
  var vectorCacheBudgets: CacheBudgets = .default

  init() {}

  /// Reads the options, collecting a warning for each value of the wrong type.
  init(_ value: JSONValue?, warnings: inout [String]) {
    guard let object = value?.objectValue else {
      if let value, value != .null { warnings.append("initializationOptions is not an object; ignored") }
      return
    }
    func int(_ key: String, range: ClosedRange<Int>) -> Int? {
      guard let raw = object[key] else { return nil }
      guard let number = raw.intValue, range.contains(number) else {
        warnings.append("initializationOptions.\(key) must be an integer in \(range); ignored")
        return nil
      }
      return number
    }
    if let raw = object["indexDir"] {
      if let path = raw.stringValue, !path.isEmpty {
        indexDirectory = path.hasPrefix("file://") ? FileURI.path(of: path) : path
      } else {
        warnings.append("initializationOptions.indexDir must be a non-empty string; ignored")
      }
    }
    symbolLimit = int("symbolLimit", range: 1...10_000) ?? symbolLimit
    maxFileBytes = int("maxFileBytes", range: 1...(1 << 30)) ?? maxFileBytes
    reindexDelayMilliseconds = int("reindexDelayMs", range: 0...60_000) ?? reindexDelayMilliseconds
    if let raw = object["model"] {
      if let name = raw.stringValue, ["local", "hashing", "none"].contains(name) {
        model = name
      } else {
        warnings.append("initializationOptions.model must be \"local\", \"hashing\" or \"none\"; using local")
      }
    }
    if let raw = object["modelDir"] {
      if let path = raw.stringValue, !path.isEmpty { modelDirectory = path } else {
        warnings.append("initializationOptions.modelDir must be a non-empty string; ignored")
      }
    }
    if let raw = object["vectorCodec"] {
      if let tag = raw.stringValue, let codec = VectorCodec(tag: tag) { vectorCodec = codec } else {
        let known = VectorCodec.allCases.map(\.tag).joined(separator: ", ")
        warnings.append("initializationOptions.vectorCodec must be one of \(known); using \(vectorCodec.tag)")
      }
    }
    vectorCacheBudgets.decodedBytes = int("vectorCacheL1Bytes", range: 0...(1 << 34)) ?? vectorCacheBudgets.decodedBytes
    vectorCacheBudgets.compressedBytes = int("vectorCacheL2Bytes", range: 0...(1 << 34)) ?? vectorCacheBudgets.compressedBytes
    if let raw = object["indexOnStartup"] {
      if let flag = raw.boolValue { indexOnStartup = flag } else {
        warnings.append("initializationOptions.indexOnStartup must be a boolean; ignored")
      }
    }
  }
}
