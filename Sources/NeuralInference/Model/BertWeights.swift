/// The encoder's parameters, checked against the configuration's shapes and arranged for the
/// forward pass. Most tensors point into the mapped safetensors file; three are rebuilt once at
/// load time because the rearranged form saves work on every token:
/// - query, key and value weights are stacked into one `3H × H` matrix (one product instead of
///   three), with the query rows and bias pre-scaled by 1/√headSize so attention scores need
///   no separate scaling pass;
/// - the token-type-0 embedding is folded into the position embeddings (single-segment input
///   always uses type 0).
struct BertWeights: Sendable {
  /// One transformer layer. Matrices are PyTorch `Linear` weights, `out × in`.
  struct Layer: Sendable {
    var queryKeyValue: FloatTensor
    var queryKeyValueBias: FloatTensor
    var attentionOutput: FloatTensor
    var attentionOutputBias: FloatTensor
    var attentionNormGamma: FloatTensor
    var attentionNormBeta: FloatTensor
    var intermediate: FloatTensor
    var intermediateBias: FloatTensor
    var output: FloatTensor
    var outputBias: FloatTensor
    var outputNormGamma: FloatTensor
    var outputNormBeta: FloatTensor
  }

  var wordEmbeddings: FloatTensor
  /// Position embeddings with the token-type-0 embedding already added.
  var positionEmbeddings: FloatTensor
  var embeddingNormGamma: FloatTensor
  var embeddingNormBeta: FloatTensor
  var layers: [Layer]

  init(file: SafeTensorsFile, configuration: BertConfiguration) throws(SafeTensorsError) {
    let hidden = configuration.hiddenSize
    let inner = configuration.intermediateSize
    wordEmbeddings = try file.floatTensor(
      "embeddings.word_embeddings.weight", shape: [configuration.vocabularySize, hidden])
    let positions = try file.floatTensor(
      "embeddings.position_embeddings.weight", shape: [configuration.maxPositions, hidden])
    let types = try file.floatTensor(
      "embeddings.token_type_embeddings.weight",
      shape: [configuration.typeVocabularySize, hidden])
    let typeZero = types.values.prefix(hidden)
    positionEmbeddings = FloatTensor(
      shape: positions.shape,
      copying: positions.values.enumerated().map { $0.element + typeZero[$0.offset % hidden] })
    embeddingNormGamma = try file.floatTensor("embeddings.LayerNorm.weight", shape: [hidden])
    embeddingNormBeta = try file.floatTensor("embeddings.LayerNorm.bias", shape: [hidden])

    let scale = 1 / Float(configuration.headSize).squareRoot()
    layers = []
    for index in 0..<configuration.layerCount {
      let prefix = "encoder.layer.\(index)."
      func tensor(_ name: String, _ shape: [Int]) throws(SafeTensorsError) -> FloatTensor {
        try file.floatTensor(prefix + name, shape: shape)
      }
      let query = try tensor("attention.self.query.weight", [hidden, hidden])
      let key = try tensor("attention.self.key.weight", [hidden, hidden])
      let value = try tensor("attention.self.value.weight", [hidden, hidden])
      let queryBias = try tensor("attention.self.query.bias", [hidden])
      let keyBias = try tensor("attention.self.key.bias", [hidden])
      let valueBias = try tensor("attention.self.value.bias", [hidden])
      layers.append(
        Layer(
          queryKeyValue: FloatTensor(
            shape: [3 * hidden, hidden],
            copying: query.values.map { $0 * scale } + key.values + value.values),
          queryKeyValueBias: FloatTensor(
            shape: [3 * hidden],
            copying: queryBias.values.map { $0 * scale } + keyBias.values + valueBias.values),
          attentionOutput: try tensor("attention.output.dense.weight", [hidden, hidden]),
          attentionOutputBias: try tensor("attention.output.dense.bias", [hidden]),
          attentionNormGamma: try tensor("attention.output.LayerNorm.weight", [hidden]),
          attentionNormBeta: try tensor("attention.output.LayerNorm.bias", [hidden]),
          intermediate: try tensor("intermediate.dense.weight", [inner, hidden]),
          intermediateBias: try tensor("intermediate.dense.bias", [inner]),
          output: try tensor("output.dense.weight", [hidden, inner]),
          outputBias: try tensor("output.dense.bias", [hidden]),
          outputNormGamma: try tensor("output.LayerNorm.weight", [hidden]),
          outputNormBeta: try tensor("output.LayerNorm.bias", [hidden])))
    }
  }
}
