/// The 32-bit checksum stored in index files: FNV-1a run over eight interleaved lanes.
///
/// Plain byte-wise FNV-1a costs one multiply latency per byte (~20 ms for a 15 MB index); the
/// eight lanes each take every eighth little-endian 32-bit word, so the loop vectorises to one
/// `vpmulld` per 32 bytes. The lanes are folded together with FNV-1a at the end, and trailing bytes
/// that do not fill a 32-byte block are hashed byte by byte. Only corruption detection is asked of
/// it, not resistance to deliberate collisions.
package enum Checksum {
  static let offsetBasis: UInt32 = 0x811C_9DC5
  static let prime: UInt32 = 0x0100_0193

  package static func fnv1a32Lanes(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var lanes = SIMD8<UInt32>(repeating: offsetBasis)
    let blockCount = bytes.count / 32
    if let base = bytes.baseAddress {
      for block in 0..<blockCount {
        let words = (base + block * 32).loadUnaligned(as: SIMD8<UInt32>.self)
        lanes = (lanes ^ SIMD8<UInt32>(littleEndian: words)) &* prime
      }
    }
    var hash = offsetBasis
    for lane in 0..<8 {
      hash = (hash ^ lanes[lane]) &* prime
    }
    for index in (blockCount * 32)..<bytes.count {
      hash = (hash ^ UInt32(bytes[index])) &* prime
    }
    return hash
  }
}

extension SIMD8<UInt32> {
  /// Lanes read from little-endian storage; a no-op on every platform this runs on.
  @inline(__always)
  fileprivate init(littleEndian value: SIMD8<UInt32>) {
    #if _endian(little)
      self = value
    #else
      self = SIMD8<UInt32>((0..<8).map { UInt32(littleEndian: value[$0]) })
    #endif
  }
}
