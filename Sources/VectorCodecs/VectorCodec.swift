#if _endian(big)
  #error("VectorCodecs stores little-endian fp32 by copying memory; big-endian hosts are not supported")
#endif

/// How a block of fp32 vectors is stored. A block is `count` vectors of `dimension` components,
/// encoded together; the caller keeps count, dimension and the codec's tag next to the bytes.
///
/// Tags are versioned: a change to any layout gets a new tag (and a new case), and a stored tag
/// that this build does not know means the data must be rebuilt, never guessed at.
///
/// Layouts (all little-endian):
/// - `fp32`: the raw floats, `4 × dimension` bytes per vector.
/// - `fp32Zstd`: one zstd frame of the raw floats. Kept so benchmarks can show what shuffling adds.
/// - `fp32ShuffleZstd`: one zstd frame of the block's floats split into four byte planes
///   (see `ByteShuffle`); the plane order spans the whole block, not one vector.
/// - `fp16`: IEEE binary16 rounded to nearest even, `2 × dimension` bytes per vector.
/// - `int8`: per vector, its fp32 scale then `dimension` signed codes (see `Int8Codes`),
///   `4 + dimension` bytes per vector, unaligned.
package enum VectorCodec: CaseIterable, Hashable, Sendable {
  case fp32
  case fp32Zstd
  case fp32ShuffleZstd
  case fp16
  case int8

  /// The name stored with a block; never reused for another layout.
  package var tag: String {
    switch self {
    case .fp32: return "fp32-v1"
    case .fp32Zstd: return "fp32-zstd-v1"
    case .fp32ShuffleZstd: return "fp32-shuffle-zstd-v1"
    case .fp16: return "fp16-v1"
    case .int8: return "int8-v1"
    }
  }

  /// The codec stored under `tag`, or nil for a tag this build does not know.
  package init?(tag: String) {
    guard let codec = Self.allCases.first(where: { $0.tag == tag }) else { return nil }
    self = codec
  }

  /// The codec stored under `tag`, or an error that lists the known tags.
  package init(checkedTag tag: String) throws(CodecError) {
    guard let codec = VectorCodec(tag: tag) else { throw .unknownTag(tag) }
    self = codec
  }

  /// Whether decoding gives back every float bit for bit (NaN payloads and signed zeros included).
  package var isLossless: Bool {
    switch self {
    case .fp32, .fp32Zstd, .fp32ShuffleZstd: return true
    case .fp16, .int8: return false
    }
  }

  /// The encoded size of one vector, for codecs where every vector has its own fixed slice of
  /// the block (so one can be decoded alone); nil for the compressed codecs.
  package func fixedBytesPerVector(dimension: Int) -> Int? {
    switch self {
    case .fp32: return 4 * dimension
    case .fp16: return 2 * dimension
    case .int8: return 4 + dimension
    case .fp32Zstd, .fp32ShuffleZstd: return nil
    }
  }
}
