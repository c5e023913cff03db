import Testing

@testable import VectorIndex

struct TrainingTests {
  @Test func kmeansIsDeterministicAndFindsSeparatedClusters() throws {
    // Eight tight clusters far apart: every cluster must get exactly one centroid.
    let dimension = 16
    var rng = SplitMix64(seed: 5)
    var centres = (0..<(8 * dimension)).map { _ in 10 * rng.nextGaussian() }
    var values: [Float] = []
    var labels: [Int] = []
    for row in 0..<800 {
      let c = row % 8
      labels.append(c)
      for index in 0..<dimension { values.append(centres[c * dimension + index] + 0.01 * rng.nextGaussian()) }
    }
    let configuration = KMeans.Configuration(clusterCount: 8, iterations: 20, seed: 11)
    let first = try values.withUnsafeBufferPointer {
      try KMeans.train(vectors: $0, dimension: dimension, configuration: configuration)
    }
    let second = try values.withUnsafeBufferPointer {
      try KMeans.train(vectors: $0, dimension: dimension, configuration: configuration)
    }
    #expect(first.centroids == second.centroids)
    let assignment = values.withUnsafeBufferPointer { first.assign($0) }
    // Same label ⇔ same cell.
    var cellOfLabel: [Int: Int32] = [:]
    for (row, label) in labels.enumerated() {
      if let cell = cellOfLabel[label] {
        #expect(cell == assignment[row])
      } else {
        cellOfLabel[label] = assignment[row]
      }
    }
    #expect(Set(cellOfLabel.values).count == 8)
    centres.removeAll()
  }

  @Test func emptyClustersAreRefilledAndSphericalCentroidsAreUnit() throws {
    // 40 copies of 3 distinct points but 6 clusters: empty cells must be split from full ones.
    let dimension = 4
    let points: [[Float]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]
    let values = (0..<120).flatMap { points[$0 % 3] }
    let configuration = KMeans.Configuration(clusterCount: 6, iterations: 10, spherical: true, seed: 2)
    let model = try values.withUnsafeBufferPointer {
      try KMeans.train(vectors: $0, dimension: dimension, configuration: configuration)
    }
    #expect(model.clusterCount == 6)
    for cluster in 0..<6 {
      let row = Array(model.centroids[(cluster * dimension)..<((cluster + 1) * dimension)])
      #expect(row.allSatisfy { $0.isFinite })
      let norm = row.reduce(0) { $0 + $1 * $1 }
      #expect(abs(norm - 1) < 1e-3)
    }
  }

  @Test func kmeansRejectsTooFewRows() {
    let values = [Float](repeating: 1, count: 12)
    #expect(throws: VectorIndexError.notEnoughTrainingVectors(required: 5, available: 3)) {
      try values.withUnsafeBufferPointer {
        try KMeans.train(vectors: $0, dimension: 4, configuration: KMeans.Configuration(clusterCount: 5))
      }
    }
  }

  @Test func jacobiDecomposesASymmetricMatrix() {
    let n = 12
    let random = TestData.gaussian(n * n, seed: 8).map(Double.init)
    var matrix = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n { matrix[i * n + j] = random[i * n + j] + random[j * n + i] }
    }
    let (values, vectors) = SymmetricEigen.decompose(matrix, size: n)
    #expect(values == values.sorted(by: >))
    for e in 0..<n {
      for i in 0..<n {
        var av = 0.0
        for j in 0..<n { av += matrix[i * n + j] * vectors[e * n + j] }
        #expect(abs(av - values[e] * vectors[e * n + i]) < 1e-9)
      }
      for f in 0..<n {
        var dot = 0.0
        for i in 0..<n { dot += vectors[e * n + i] * vectors[f * n + i] }
        #expect(abs(dot - (e == f ? 1 : 0)) < 1e-9)
      }
    }
  }

  @Test func pcaRecoversALowRankSubspace() throws {
    // Data spanned by 3 known directions in 10 dimensions (plus tiny noise): the top 3 axes must
    // reproduce every centred vector almost exactly.
    let dimension = 10
    let basis = TestData.gaussian(3 * dimension, seed: 13)
    let weights = TestData.gaussian(500 * 3, seed: 14)
    let noise = TestData.gaussian(500 * dimension, seed: 15)
    var values = [Float](repeating: 0, count: 500 * dimension)
    for row in 0..<500 {
      for index in 0..<dimension {
        var value: Float = 0.5 + 0.001 * noise[row * dimension + index]
        for b in 0..<3 { value += weights[row * 3 + b] * basis[b * dimension + index] }
        values[row * dimension + index] = value
      }
    }
    let pca = try values.withUnsafeBufferPointer {
      try PCATransform.train(vectors: $0, dimension: dimension, outputDimension: 3)
    }
    var projected = [Float](repeating: 0, count: 3)
    var centred = [Float](repeating: 0, count: dimension)
    for row in 0..<20 {
      let x = TestData.row(values, row, dimension: dimension)
      x.withUnsafeBufferPointer { x in
        projected.withUnsafeMutableBufferPointer { y in
          centred.withUnsafeMutableBufferPointer { c in
            pca.project(x.baseAddress!, into: y.baseAddress!, centred: c.baseAddress!)
          }
        }
      }
      var residual: Float = 0
      for index in 0..<dimension {
        var reconstructed = pca.mean[index]
        for axis in 0..<3 { reconstructed += projected[axis] * pca.components[axis * dimension + index] }
        residual += (reconstructed - x[index]) * (reconstructed - x[index])
      }
      #expect(residual < 1e-4)
    }
  }
}
