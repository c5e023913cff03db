import VectorCodecs

/// SplitMix64: a tiny generator with a fixed seed, so every failure reproduces.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}

enum Samples {
  /// Unit vectors of roughly normal components, the shape of sentence embeddings.
  static func embeddings(count: Int, dimension: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    var values: [Float] = []
    values.reserveCapacity(count * dimension)
    for _ in 0..<count {
      var vector = (0..<dimension).map { _ in
        // The sum of uniforms is close enough to normal for codec tests.
        (0..<4).reduce(Float(0)) { sum, _ in sum + Float.random(in: -1...1, using: &generator) }
      }
      let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if norm > 0 { vector = vector.map { $0 / norm } }
      values += vector
    }
    return values
  }

  /// Floats from uniformly random bit patterns: every exponent, subnormals and NaN payloads.
  static func arbitraryBitPatterns(count: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float(bitPattern: UInt32.random(in: .min ... .max, using: &generator)) }
  }

  /// The values a careless codec gets wrong.
  static let trickyValues: [Float] = [
    0, -0.0, 1, -1, .pi,
    .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
    Float(bitPattern: 0x007F_FFFF),  // largest subnormal
    Float(bitPattern: 0x0000_1234),  // another subnormal
    .leastNormalMagnitude, -.leastNormalMagnitude,
    .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
    .infinity, -.infinity,
    .nan,
    Float(bitPattern: 0xFFC0_0000),  // negative quiet NaN
    Float(bitPattern: 0x7FC1_2345),  // quiet NaN with a payload
    Float(bitPattern: 0x7F80_0001),  // signaling NaN
    Float(bitPattern: 0xFFBF_FFFF),  // negative signaling NaN, full payload
  ]

  static func bits(_ values: some Sequence<Float>) -> [UInt32] {
    values.map(\.bitPattern)
  }
}

extension VectorCodec {
  static let lossless: [VectorCodec] = allCases.filter(\.isLossless)
  static let compressed: [VectorCodec] = [.fp32Zstd, .fp32ShuffleZstd]

  /// Encodes then decodes a whole block.
  func roundTrip(_ values: [Float], dimension: Int, level: Int32 = 3) throws -> [Float] {
    let block = try values.withUnsafeBufferPointer { try encode($0, dimension: dimension, level: level) }
    return try decodeAll(block, count: values.count / dimension, dimension: dimension)
  }

  func decodeAll(_ block: [UInt8], count: Int, dimension: Int) throws -> [Float] {
    // Shapes that make no sense get an empty output: the codec must reject them before using it.
    let (components, overflow) = count.multipliedReportingOverflow(by: dimension)
    let plausible = count > 0 && dimension > 0 && !overflow && components < 1 << 24
    var decoded = [Float](repeating: -1, count: plausible ? components : 0)
    try block.withUnsafeBytes { bytes in
      try decoded.withUnsafeMutableBufferPointer { try decode(bytes, count: count, dimension: dimension, into: $0) }
    }
    return decoded
  }

  func decodeSlot(_ block: [UInt8], slot: Int, count: Int, dimension: Int) throws -> [Float] {
    var decoded = [Float](repeating: -1, count: dimension)
    try block.withUnsafeBytes { bytes in
      try decoded.withUnsafeMutableBufferPointer {
        try decodeOne(bytes, slot: slot, count: count, dimension: dimension, into: $0)
      }
    }
    return decoded
  }

  func encode(_ values: [Float], dimension: Int, level: Int32 = 3) throws -> [UInt8] {
    try values.withUnsafeBufferPointer { try encode($0, dimension: dimension, level: level) }
  }
}
