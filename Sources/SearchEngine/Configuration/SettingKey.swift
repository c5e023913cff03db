import Foundation
import VectorCodecs
import VectorIndex

/// One setting: its JSON name, what it expects, what it does, and how a value is checked and
/// stored. The table ``all`` is the one list of settings: parsing, warnings, `--help` of the
/// commands and the README's table all follow it.
package struct SettingKey: Sendable {
  package let name: String
  /// What a valid value is, for warnings and the README ("an integer from 1 to 10000").
  package let expects: String
  package let summary: String
  /// Whether changing it needs the engine built again (another model, index, scan rules).
  package let needsNewEngine: Bool
  /// Stores a JSON value; returns what is wrong with it instead when it does not fit.
  package let apply: @Sendable (SettingValue, inout Settings) -> String?
  /// The current value, as JSON would write it.
  package let describe: @Sendable (Settings) -> String

  package static let all: [SettingKey] = [
    .choice(
      \.model, "model", among: ["local", "openai", "ollama", "bedrock", "gemini", "hashing", "none"],
      "Embedding model: `local` (all-MiniLM-L6-v2 in process), a remote provider (`openai` for any OpenAI-compatible `/v1/embeddings`, `ollama`, `bedrock` for Amazon Titan, `gemini`; see the `provider…` keys), `hashing` (deterministic, for tests) or `none` (lexical and symbol search only).",
      engine: true),
    .optionalPath(\.modelDir, "modelDir", "Directory of the local model (default: `$SEXTANT_MODEL_DIR`, else the user cache).", engine: true),
    .optionalPath(\.indexDir, "indexDir", "Directory of the index (default: the user cache, keyed by workspace path).", engine: true),
    .strings(\.ignore, "ignore", "Extra `.gitignore`-syntax lines, as if at the top of the root `.sextantignore` (which can re-include with `!`).", engine: true),
    .strings(
      \.allowSecretFiles, "allowSecretFiles",
      "`.gitignore`-syntax patterns of files to index although they commonly hold secrets (`.env*`, `*.pem`, `*.key`, `id_rsa*`, credential and keystore files are left out otherwise).",
      engine: true),
    .integer(\.maxFileBytes, "maxFileBytes", 1...(1 << 30), "Files larger than this many bytes are not indexed.", engine: true),
    .integer(\.symbolLimit, "symbolLimit", 1...10_000, "The most `workspace/symbol` results.", engine: false),
    .integer(\.searchLimit, "searchLimit", 1...1000, "Results of `sextant/search` and `sextant/findSimilar` when a request gives no `limit`.", engine: false),
    .integer(\.vectorCacheL1Bytes, "vectorCacheL1Bytes", 0...(1 << 34), "Bytes of decoded vectors the L1 cache tier may hold.", engine: true),
    .integer(\.vectorCacheL2Bytes, "vectorCacheL2Bytes", 0...(1 << 34), "Bytes of zstd-compressed blocks the L2 cache tier may hold.", engine: true),
    .choice(
      \.vectorCodec, "vectorCodec", among: VectorCodec.allCases.map(\.tag),
      "Codec of new vector segments (`fp32-v1` reads fastest; see `sextant bench storage`).", engine: true),
    .indexSpec,
    .integer(\.reindexDelayMs, "reindexDelayMs", 0...60_000, "Milliseconds of quiet typing before an edited document's text is indexed again.", engine: false),
    .boolean(\.indexOnStartup, "indexOnStartup", "Whether the server indexes the workspace when it starts.", engine: false),
    .number(\.duplicatesMinScore, "duplicatesMinScore", 0.5...1, "The cosine `sextant/duplicates` links two chunks at when a request gives no `minScore`.", engine: false),
    .optionalText(\.providerModel, "providerModel", "The remote provider's model (`text-embedding-3-small`, `nomic-embed-text`, `amazon.titan-embed-text-v2:0`, `gemini-embedding-001`).", engine: true),
    .integer(\.providerDimension, "providerDimension", 0...65_536, "The remote model's vector dimension; an answer of another dimension is refused.", engine: true),
    .optionalText(\.providerEndpoint, "providerEndpoint", "The provider's base address (default: OpenAI's, Ollama's on 127.0.0.1:11434, Bedrock's for the region, Gemini's).", engine: true),
    .optionalText(\.providerKeyVariable, "providerKeyVariable", "The environment variable holding the API key (default `OPENAI_API_KEY`, `GEMINI_API_KEY`); keys never go in settings.", engine: true),
    .optionalText(\.providerApiVersion, "providerApiVersion", "Azure OpenAI's `api-version` (the endpoint is then the deployment's address).", engine: true),
    .optionalText(\.providerRegion, "providerRegion", "Bedrock's AWS region when neither `AWS_REGION` nor the AWS config profile gives one.", engine: true),
    .boolean(\.providerNormalize, "providerNormalize", "Titan v2's `normalize` option.", engine: true),
    .integer(\.providerTimeoutMs, "providerTimeoutMs", 100...600_000, "Milliseconds one provider call may take before it is retried.", engine: true),
    .integer(\.providerMaxBatchItems, "providerMaxBatchItems", 0...4096, "Texts per provider call (0: the provider's documented limit).", engine: true),
    .integer(\.providerMaxBatchTokens, "providerMaxBatchTokens", 0...10_000_000, "Estimated tokens per provider call (0: the provider's documented limit).", engine: true),
    .number(\.providerRequestsPerSecond, "providerRequestsPerSecond", 0...10_000, "Provider calls per second at most (0: unlimited).", engine: true),
    .integer(\.providerTokensPerMinute, "providerTokensPerMinute", 0...100_000_000, "Tokens sent to the provider per minute at most (0: unlimited).", engine: true),
    .integer(\.providerConcurrency, "providerConcurrency", 1...64, "Provider calls in flight at once.", engine: true),
    .number(\.providerPricePer1kTokens, "providerPricePer1kTokens", 0...1000, "Price per 1,000 tokens, for the cost estimate in `sextant status` (0: none).", engine: false),
    .integer(\.providerMaxPauseSeconds, "providerMaxPauseSeconds", 0...86_400, "How long `sextant index` waits for a provider that is down before it stops (the server waits until it answers).", engine: false),
  ]

  package static let named: [String: SettingKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

  // MARK: - Kinds of setting

  static func integer(
    _ path: WritableKeyPath<Settings, Int> & Sendable, _ name: String, _ range: ClosedRange<Int>, _ summary: String,
    engine: Bool
  ) -> SettingKey {
    let expects = "an integer from \(range.lowerBound) to \(range.upperBound)"
    return SettingKey(
      name: name, expects: expects, summary: summary, needsNewEngine: engine,
      apply: { value, settings in
        guard case .number(let number) = value, let integer = Int(exactly: number), range.contains(integer) else {
          return "must be \(expects), not \(value.rendered)"
        }
        settings[keyPath: path] = integer
        return nil
      }, describe: { "\($0[keyPath: path])" })
  }

  static func number(
    _ path: WritableKeyPath<Settings, Double> & Sendable, _ name: String, _ range: ClosedRange<Double>, _ summary: String,
    engine: Bool
  ) -> SettingKey {
    let expects = "a number from \(range.lowerBound) to \(range.upperBound)"
    return SettingKey(
      name: name, expects: expects, summary: summary, needsNewEngine: engine,
      apply: { value, settings in
        guard case .number(let number) = value, range.contains(number) else {
          return "must be \(expects), not \(value.rendered)"
        }
        settings[keyPath: path] = number
        return nil
      }, describe: { "\($0[keyPath: path])" })
  }

  static func boolean(
    _ path: WritableKeyPath<Settings, Bool> & Sendable, _ name: String, _ summary: String, engine: Bool
  ) -> SettingKey {
    SettingKey(
      name: name, expects: "true or false", summary: summary, needsNewEngine: engine,
      apply: { value, settings in
        guard case .bool(let flag) = value else { return "must be true or false, not \(value.rendered)" }
        settings[keyPath: path] = flag
        return nil
      }, describe: { "\($0[keyPath: path])" })
  }

  static func choice(
    _ path: WritableKeyPath<Settings, String> & Sendable, _ name: String, among choices: [String], _ summary: String,
    engine: Bool
  ) -> SettingKey {
    let expects = "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", ")
    return SettingKey(
      name: name, expects: expects, summary: summary, needsNewEngine: engine,
      apply: { value, settings in
        guard case .string(let text) = value, choices.contains(text) else { return "must be \(expects), not \(value.rendered)" }
        settings[keyPath: path] = text
        return nil
      }, describe: { "\"\($0[keyPath: path])\"" })
  }

  static func optionalPath(
    _ path: WritableKeyPath<Settings, String?> & Sendable, _ name: String, _ summary: String, engine: Bool
  ) -> SettingKey {
    optionalText(path, name, summary, engine: engine, expects: "a path (or file URI)") { text in
      text.hasPrefix("file://") ? (URL(string: text)?.path ?? text) : text
    }
  }

  /// A string that `null` resets to the default; `stored` turns what was given into what is kept.
  static func optionalText(
    _ path: WritableKeyPath<Settings, String?> & Sendable, _ name: String, _ summary: String, engine: Bool,
    expects kind: String = "a string", stored: @escaping @Sendable (String) -> String = { $0 }
  ) -> SettingKey {
    let expects = "\(kind), or null for the default"
    return SettingKey(
      name: name, expects: expects, summary: summary, needsNewEngine: engine,
      apply: { value, settings in
        if value == .null {
          settings[keyPath: path] = nil
          return nil
        }
        guard case .string(let text) = value, !text.isEmpty else { return "must be \(expects), not \(value.rendered)" }
        settings[keyPath: path] = stored(text)
        return nil
      }, describe: { $0[keyPath: path].map { "\"\($0)\"" } ?? "null" })
  }

  static func strings(
    _ path: WritableKeyPath<Settings, [String]> & Sendable, _ name: String, _ summary: String, engine: Bool
  ) -> SettingKey {
    SettingKey(
      name: name, expects: "an array of strings", summary: summary, needsNewEngine: engine,
      apply: { value, settings in
        guard case .array(let array) = value else { return "must be an array of strings, not \(value.rendered)" }
        let strings = array.compactMap { element -> String? in
          if case .string(let text) = element { return text }
          return nil
        }
        guard strings.count == array.count else { return "must be an array of strings, and some elements are not strings" }
        settings[keyPath: path] = strings
        return nil
      }, describe: { settings in "[" + settings[keyPath: path].map { "\"\($0)\"" }.joined(separator: ", ") + "]" })
  }

  static let indexSpec = SettingKey(
    name: "indexSpec", expects: "an index spec such as \"Flat\" or \"IVF1024,SQ8,Refine\", or null for the default",
    summary: "The nearest-neighbour index (default: exact below 20,000 vectors, IVF above; see docs/vector-index.md).",
    needsNewEngine: true,
    apply: { value, settings in
      if value == .null {
        settings.indexSpec = nil
        return nil
      }
      guard case .string(let text) = value else { return "must be an index spec string or null, not \(value.rendered)" }
      do {
        _ = try IndexSpec(parsing: text)
      } catch {
        return "is not a valid index spec (\(error))"
      }
      settings.indexSpec = text
      return nil
    }, describe: { $0.indexSpec.map { "\"\($0)\"" } ?? "null" })

  /// A markdown table of every setting: what the README shows (a test keeps them equal).
  package static var markdownTable: String {
    let defaults = Settings()
    var lines = ["| Key | Expects | Default | What it does |", "|---|---|---|---|"]
    for key in all {
      lines.append("| `\(key.name)` | \(key.expects) | `\(key.describe(defaults))` | \(key.summary)\(key.needsNewEngine ? " (rebuilds the engine when changed)" : "") |")
    }
    return lines.joined(separator: "\n")
  }
}
