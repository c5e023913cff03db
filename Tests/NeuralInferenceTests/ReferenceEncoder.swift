import Foundation

/// BERT's forward pass written as plainly as possible, in Double with the C library's `erf`
/// and `exp`: the scalar reference the optimized encoder is checked against on `TinyModel`.
struct ReferenceEncoder {
  let model: TinyModel

  func embedding(of ids: [Int32]) -> [Double] {
    let h = TinyModel.hidden
    let headSize = h / TinyModel.heads
    func weights(_ name: String) -> [Double] { model.values(name).map(Double.init) }
    func linear(_ x: [[Double]], _ name: String, out: Int) -> [[Double]] {
      let w = weights(name + ".weight")
      let b = weights(name + ".bias")
      let inner = x[0].count
      return x.map { row in
        (0..<out).map { o in
          var sum = b[o]
          for i in 0..<inner { sum += row[i] * w[o * inner + i] }
          return sum
        }
      }
    }
    func layerNorm(_ x: [[Double]], _ name: String) -> [[Double]] {
      let gamma = weights(name + ".weight")
      let beta = weights(name + ".bias")
      return x.map { row in
        let mean = row.reduce(0, +) / Double(row.count)
        let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(row.count)
        let scale = 1 / (variance + 1e-12).squareRoot()
        return row.indices.map { (row[$0] - mean) * scale * gamma[$0] + beta[$0] }
      }
    }
    func add(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
      zip(a, b).map { zip($0, $1).map(+) }
    }

    let words = weights("embeddings.word_embeddings.weight")
    let positions = weights("embeddings.position_embeddings.weight")
    let types = weights("embeddings.token_type_embeddings.weight")
    var x: [[Double]] = ids.enumerated().map { position, id in
      (0..<h).map { c -> Double in
        let word = words[Int(id) * h + c]
        return word + positions[position * h + c] + types[c]
      }
    }
    x = layerNorm(x, "embeddings.LayerNorm")
    for layer in 0..<TinyModel.layers {
      let p = "encoder.layer.\(layer)."
      let q = linear(x, p + "attention.self.query", out: h)
      let k = linear(x, p + "attention.self.key", out: h)
      let v = linear(x, p + "attention.self.value", out: h)
      var context = x.map { _ in [Double](repeating: 0, count: h) }
      for head in 0..<TinyModel.heads {
        let columns = (head * headSize)..<((head + 1) * headSize)
        for i in x.indices {
          let scores = x.indices.map { j -> Double in
            var dot = 0.0
            for c in columns { dot += q[i][c] * k[j][c] }
            return dot / Double(headSize).squareRoot()
          }
          let top = scores.max() ?? 0
          let e = scores.map { Foundation.exp($0 - top) }
          let total = e.reduce(0, +)
          for c in columns {
            var sum = 0.0
            for j in x.indices { sum += e[j] / total * v[j][c] }
            context[i][c] = sum
          }
        }
      }
      x = layerNorm(
        add(x, linear(context, p + "attention.output.dense", out: h)),
        p + "attention.output.LayerNorm")
      let inner = linear(x, p + "intermediate.dense", out: TinyModel.intermediate).map { row in
        row.map { value -> Double in 0.5 * value * (1 + Foundation.erf(value / 2.0.squareRoot())) }
      }
      x = layerNorm(add(x, linear(inner, p + "output.dense", out: h)), p + "output.LayerNorm")
    }
    let mean = (0..<h).map { c in x.reduce(0.0) { $0 + $1[c] } / Double(x.count) }
    let norm = max(mean.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
    return mean.map { $0 / norm }
  }
}
