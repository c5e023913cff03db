import Foundation

/// The shape of a BERT encoder, read from the model's `config.json` (and the sequence limit
/// from sentence-transformers' `sentence_bert_config.json`) so another BERT-family checkpoint
/// of a different size loads without code changes.
package struct BertConfiguration: Sendable, Equatable {
  package var hiddenSize: Int
  package var layerCount: Int
  package var headCount: Int
  package var intermediateSize: Int
  package var maxPositions: Int
  package var vocabularySize: Int
  package var typeVocabularySize: Int
  package var layerNormEpsilon: Float
  /// The most tokens one input is encoded with, `[CLS]` and `[SEP]` included.
  package var maxSequenceLength: Int

  package var headSize: Int { hiddenSize / headCount }

  package init(
    hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int, maxPositions: Int,
    vocabularySize: Int, typeVocabularySize: Int, layerNormEpsilon: Float, maxSequenceLength: Int
  ) {
    self.hiddenSize = hiddenSize
    self.layerCount = layerCount
    self.headCount = headCount
    self.intermediateSize = intermediateSize
    self.maxPositions = maxPositions
    self.vocabularySize = vocabularySize
    self.typeVocabularySize = typeVocabularySize
    self.layerNormEpsilon = layerNormEpsilon
    self.maxSequenceLength = maxSequenceLength
  }

  /// Reads `config.json`; `sentenceConfig` (optional) supplies `max_seq_length`, else 256, the
  /// value sentence-transformers ships for this model.
  package init(configFile: URL, sentenceConfigFile: URL?) throws(ModelLoadingError) {
    let config: HuggingFaceConfig = try Self.decode(configFile)
    var maxSequenceLength = 256
    if let sentenceConfigFile, FileManager.default.fileExists(atPath: sentenceConfigFile.path) {
      let sentence: SentenceConfig = try Self.decode(sentenceConfigFile)
      maxSequenceLength = sentence.maxSeqLength ?? maxSequenceLength
    }
    let file = configFile.path
    if let activation = config.hiddenAct, activation != "gelu" {
      throw .invalidConfiguration(
        file: file, reason: "hidden_act \(activation) is not supported (only exact gelu)")
    }
    if let embedding = config.positionEmbeddingType, embedding != "absolute" {
      throw .invalidConfiguration(
        file: file, reason: "position_embedding_type \(embedding) is not supported")
    }
    self.init(
      hiddenSize: config.hiddenSize, layerCount: config.numHiddenLayers,
      headCount: config.numAttentionHeads, intermediateSize: config.intermediateSize,
      maxPositions: config.maxPositionEmbeddings, vocabularySize: config.vocabSize,
      typeVocabularySize: config.typeVocabSize ?? 2,
      layerNormEpsilon: Float(config.layerNormEps ?? 1e-12),
      maxSequenceLength: min(maxSequenceLength, config.maxPositionEmbeddings))
    let sizes = [
      hiddenSize, layerCount, headCount, intermediateSize, maxPositions, vocabularySize,
      typeVocabularySize,
    ]
    guard sizes.allSatisfy({ $0 > 0 }), hiddenSize % headCount == 0, maxSequenceLength >= 2
    else {
      throw .invalidConfiguration(
        file: file,
        reason: "sizes must be positive and hidden_size a multiple of num_attention_heads")
    }
  }

  private static func decode<T: Decodable>(_ url: URL) throws(ModelLoadingError) -> T {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .unreadable(file: url.path, reason: error.localizedDescription)
    }
    do {
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      return try decoder.decode(T.self, from: data)
    } catch {
      throw .invalidConfiguration(file: url.path, reason: DecodingFailure.describe(error))
    }
  }

  private struct HuggingFaceConfig: Decodable {
    var hiddenSize: Int
    var numHiddenLayers: Int
    var numAttentionHeads: Int
    var intermediateSize: Int
    var maxPositionEmbeddings: Int
    var vocabSize: Int
    var typeVocabSize: Int?
    var layerNormEps: Double?
    var hiddenAct: String?
    var positionEmbeddingType: String?
  }

  private struct SentenceConfig: Decodable {
    var maxSeqLength: Int?
  }
}
