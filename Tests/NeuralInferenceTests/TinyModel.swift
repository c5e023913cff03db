import Foundation

/// A miniature BERT model directory (hidden 32, 2 layers, 4 heads) with seeded random weights,
/// written for tests that must not depend on the installed model: the loader's error paths,
/// and the forward pass against `ReferenceEncoder`.
struct TinyModel {
  static let hidden = 32
  static let layers = 2
  static let heads = 4
  static let intermediate = 64
  static let maxPositions = 24
  static let maxSequenceLength = 16
  static let vocabulary: [String] =
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    + (UnicodeScalar("a").value...UnicodeScalar("z").value).map { String(UnicodeScalar($0)!) }
    + (UnicodeScalar("a").value...UnicodeScalar("z").value).map {
      "##" + String(UnicodeScalar($0)!)
    }
    + ["the", "quick", "brown", "fox", ".", ",", "!"]

  /// Every tensor of the checkpoint, by name, with its shape and values.
  var tensors: [(name: String, shape: [Int], values: [Float])] = []

  init(seed: UInt64 = 7) {
    var random = SplitMix64(seed: seed)
    func add(_ name: String, _ shape: [Int], scale: Float, offset: Float = 0) {
      let count = shape.reduce(1, *)
      tensors.append((name, shape, (0..<count).map { _ in offset + scale * random.nextSigned() }))
    }
    let h = Self.hidden
    add("embeddings.word_embeddings.weight", [Self.vocabulary.count, h], scale: 1)
    add("embeddings.position_embeddings.weight", [Self.maxPositions, h], scale: 0.5)
    add("embeddings.token_type_embeddings.weight", [2, h], scale: 0.5)
    add("embeddings.LayerNorm.weight", [h], scale: 0.2, offset: 1)
    add("embeddings.LayerNorm.bias", [h], scale: 0.1)
    for layer in 0..<Self.layers {
      let p = "encoder.layer.\(layer)."
      for part in ["query", "key", "value"] {
        add(p + "attention.self.\(part).weight", [h, h], scale: 0.4)
        add(p + "attention.self.\(part).bias", [h], scale: 0.1)
      }
      add(p + "attention.output.dense.weight", [h, h], scale: 0.3)
      add(p + "attention.output.dense.bias", [h], scale: 0.1)
      add(p + "attention.output.LayerNorm.weight", [h], scale: 0.2, offset: 1)
      add(p + "attention.output.LayerNorm.bias", [h], scale: 0.1)
      add(p + "intermediate.dense.weight", [Self.intermediate, h], scale: 0.4)
      add(p + "intermediate.dense.bias", [Self.intermediate], scale: 0.2)
      add(p + "output.dense.weight", [h, Self.intermediate], scale: 0.2)
      add(p + "output.dense.bias", [h], scale: 0.1)
      add(p + "output.LayerNorm.weight", [h], scale: 0.2, offset: 1)
      add(p + "output.LayerNorm.bias", [h], scale: 0.1)
    }
  }

  func values(_ name: String) -> [Float] {
    tensors.first { $0.name == name }?.values ?? []
  }

  /// config.json with the tiny sizes; `overrides` replaces or adds top-level entries.
  static func configJSON(_ overrides: [String: String] = [:]) -> String {
    var entries = [
      "hidden_size": "\(hidden)", "num_hidden_layers": "\(layers)",
      "num_attention_heads": "\(heads)", "intermediate_size": "\(intermediate)",
      "max_position_embeddings": "\(maxPositions)", "vocab_size": "\(vocabulary.count)",
      "type_vocab_size": "2", "layer_norm_eps": "1e-12", "hidden_act": "\"gelu\"",
    ]
    entries.merge(overrides) { $1 }
    return "{"
      + entries.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
      .joined(separator: ", ") + "}"
  }

  /// Writes the model into `directory`, leaving out the tensors named in `omitting`.
  func write(to directory: URL, omitting: Set<String> = []) throws {
    var builder = SafeTensorsBuilder()
    for tensor in tensors where !omitting.contains(tensor.name) {
      builder.add(tensor.name, shape: tensor.shape, floats: tensor.values)
    }
    _ = try SafeTensorsBuilder.write(builder.bytes(), in: directory)
    try Data(Self.configJSON().utf8).write(to: directory.appendingPathComponent("config.json"))
    try Data((Self.vocabulary.joined(separator: "\n") + "\n").utf8)
      .write(to: directory.appendingPathComponent("vocab.txt"))
    try Data("{\"max_seq_length\": \(Self.maxSequenceLength), \"do_lower_case\": false}".utf8)
      .write(to: directory.appendingPathComponent("sentence_bert_config.json"))
  }
}

/// A small deterministic generator, so the tiny model is the same on every run and machine.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [-1, 1).
  mutating func nextSigned() -> Float {
    Float(next() >> 40) / Float(1 << 23) - 1
  }
}
