/// The BERT forward pass over one packed batch, from token ids to pooled, L2-normalized
/// sentence vectors.
struct BertEncoder: Sendable {
  let configuration: BertConfiguration
  let weights: BertWeights

  /// Encodes `batch` in `workspace` and writes each sequence's vector to row
  /// `sourceIndices[i]` of `output` (rows `hiddenSize` floats apart).
  ///
  /// - Precondition: the batch fits the workspace and its ids are below the vocabulary size;
  ///   `MiniLMModel` guarantees both.
  func encode(
    _ batch: PackedBatch, in workspace: EncoderWorkspace, output: UnsafeMutablePointer<Float>
  ) {
    embed(batch, into: workspace.hidden.pointer)
    for layer in weights.layers {
      attention(batch, layer: layer, workspace: workspace)
      feedForward(batch, layer: layer, workspace: workspace)
    }
    pool(batch, hidden: workspace.hidden.pointer, output: output)
  }

  /// hidden[t] = LayerNorm(word[id] + position[p] + tokenType[0]).
  private func embed(_ batch: PackedBatch, into hidden: UnsafeMutablePointer<Float>) {
    let width = configuration.hiddenSize
    let words = weights.wordEmbeddings.pointer
    let positions = weights.positionEmbeddings.pointer
    for sequence in 0..<batch.sequenceCount {
      let start = batch.offsets[sequence]
      for position in 0..<(batch.offsets[sequence + 1] - start) {
        let row = hidden + (start + position) * width
        let word = words + Int(batch.tokenIDs[start + position]) * width
        let positional = positions + position * width
        var c = 0
        while c + 16 <= width {
          row.storeVector(word.loadVector(at: c) + positional.loadVector(at: c), at: c)
          c += 16
        }
        while c < width {
          row[c] = word[c] + positional[c]
          c += 1
        }
      }
    }
    RowKernels.layerNorm(
      hidden, rowCount: batch.tokenCount, width: width,
      gamma: weights.embeddingNormGamma.pointer, beta: weights.embeddingNormBeta.pointer,
      epsilon: configuration.layerNormEpsilon)
  }

  /// Multi-head self-attention, then its output projection added onto the residual and
  /// normalized: hidden = LayerNorm(hidden + bias + context · Woᵀ).
  private func attention(
    _ batch: PackedBatch, layer: BertWeights.Layer, workspace: EncoderWorkspace
  ) {
    let width = configuration.hiddenSize
    let headSize = configuration.headSize
    let tokens = batch.tokenCount
    let hidden = workspace.hidden.pointer
    let qkv = workspace.wide.pointer
    let context = workspace.narrow.pointer
    let scores = workspace.scores.pointer
    let inverseSums = workspace.rowFactors.pointer
    let qkvWidth = 3 * width

    RowKernels.fillRows(
      qkv, rowCount: tokens, width: qkvWidth, with: layer.queryKeyValueBias.pointer)
    Gemm.multiplyTransposed(
      hidden, rows: tokens, inner: width, lda: width, layer.queryKeyValue.pointer,
      columns: qkvWidth, ldb: width, into: qkv, ldc: qkvWidth, accumulating: true)

    for sequence in 0..<batch.sequenceCount {
      let start = batch.offsets[sequence]
      let length = batch.offsets[sequence + 1] - start
      let rows = qkv + start * qkvWidth
      for head in 0..<configuration.headCount {
        let query = rows + head * headSize
        let key = query + width
        let value = query + 2 * width
        // Queries were pre-scaled by 1/√headSize at load time.
        Gemm.multiplyTransposed(
          query, rows: length, inner: headSize, lda: qkvWidth, key, columns: length,
          ldb: qkvWidth, into: scores, ldc: length)
        RowKernels.softmaxNumerators(
          scores, rowCount: length, width: length, stride: length, inverseSums: inverseSums)
        let headContext = context + start * width + head * headSize
        Gemm.multiply(
          scores, rows: length, inner: length, lda: length, value, columns: headSize,
          ldb: qkvWidth, into: headContext, ldc: width)
        RowKernels.scaleRows(
          headContext, rowCount: length, width: headSize, stride: width, by: inverseSums)
      }
    }

    RowKernels.addBias(
      hidden, rowCount: tokens, width: width, bias: layer.attentionOutputBias.pointer)
    Gemm.multiplyTransposed(
      context, rows: tokens, inner: width, lda: width, layer.attentionOutput.pointer,
      columns: width, ldb: width, into: hidden, ldc: width, accumulating: true)
    RowKernels.layerNorm(
      hidden, rowCount: tokens, width: width, gamma: layer.attentionNormGamma.pointer,
      beta: layer.attentionNormBeta.pointer, epsilon: configuration.layerNormEpsilon)
  }

  /// hidden = LayerNorm(hidden + bias₂ + gelu(hidden · W₁ᵀ + bias₁) · W₂ᵀ).
  private func feedForward(
    _ batch: PackedBatch, layer: BertWeights.Layer, workspace: EncoderWorkspace
  ) {
    let width = configuration.hiddenSize
    let inner = configuration.intermediateSize
    let tokens = batch.tokenCount
    let hidden = workspace.hidden.pointer
    let intermediate = workspace.wide.pointer

    RowKernels.fillRows(
      intermediate, rowCount: tokens, width: inner, with: layer.intermediateBias.pointer)
    Gemm.multiplyTransposed(
      hidden, rows: tokens, inner: width, lda: width, layer.intermediate.pointer,
      columns: inner, ldb: width, into: intermediate, ldc: inner, accumulating: true)
    RowKernels.gelu(intermediate, count: tokens * inner)
    RowKernels.addBias(hidden, rowCount: tokens, width: width, bias: layer.outputBias.pointer)
    Gemm.multiplyTransposed(
      intermediate, rows: tokens, inner: inner, lda: inner, layer.output.pointer,
      columns: width, ldb: inner, into: hidden, ldc: width, accumulating: true)
    RowKernels.layerNorm(
      hidden, rowCount: tokens, width: width, gamma: layer.outputNormGamma.pointer,
      beta: layer.outputNormBeta.pointer, epsilon: configuration.layerNormEpsilon)
  }

  /// Mean over each sequence's tokens (every token is real: packing has no padding), then L2
  /// normalization with sentence-transformers' floor of 1e-12 on the norm. Sums run in
  /// Double so long sequences lose nothing to accumulation order.
  private func pool(
    _ batch: PackedBatch, hidden: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>
  ) {
    let width = configuration.hiddenSize
    var sums = [Double](repeating: 0, count: width)
    for sequence in 0..<batch.sequenceCount {
      let start = batch.offsets[sequence]
      let end = batch.offsets[sequence + 1]
      for c in 0..<width { sums[c] = 0 }
      for token in start..<end {
        let row = hidden + token * width
        for c in 0..<width { sums[c] += Double(row[c]) }
      }
      let count = Double(max(end - start, 1))
      var squares = 0.0
      for c in 0..<width {
        sums[c] /= count
        squares += sums[c] * sums[c]
      }
      let norm = max(squares.squareRoot(), 1e-12)
      let destination = output + batch.sourceIndices[sequence] * width
      for c in 0..<width { destination[c] = Float(sums[c] / norm) }
    }
  }
}
