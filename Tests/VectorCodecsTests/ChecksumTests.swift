import Testing
import VectorCodecs

struct ChecksumTests {
  /// One bit at a time, straight from the definition: the reference the table version must match.
  private func bitwiseCRC32C(_ bytes: [UInt8]) -> UInt32 {
    var crc = UInt32.max
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 {
        crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
      }
    }
    return ~crc
  }

  @Test func standardCheckValue() {
    #expect(Checksum.crc32c(Array("123456789".utf8)) == 0xE306_9283)
  }

  @Test func iSCSITestVectors() {
    // RFC 3720, appendix B.4.
    #expect(Checksum.crc32c([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    #expect(Checksum.crc32c([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    #expect(Checksum.crc32c((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    #expect(Checksum.crc32c((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
  }

  @Test func emptyInputKeepsTheSeed() {
    #expect(Checksum.crc32c([]) == 0)
    #expect(Checksum.crc32c([], seed: 0x1234_5678) == 0x1234_5678)
  }

  @Test func matchesTheBitwiseReferenceOnRandomData() {
    var generator = SeededGenerator(seed: 50)
    let data = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
    // Every length up to 300 and a few unaligned starts exercise the 8-byte loop and its tail.
    for start in 0..<8 {
      for length in 0...300 {
        let slice = Array(data[start..<start + length])
        #expect(Checksum.crc32c(slice) == bitwiseCRC32C(slice), "start \(start), length \(length)")
      }
    }
    #expect(Checksum.crc32c(data) == bitwiseCRC32C(data))
  }

  @Test func seedContinuesAChecksum() {
    var generator = SeededGenerator(seed: 51)
    let data = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    for split in [0, 1, 7, 8, 500, 999, 1000] {
      let first = Checksum.crc32c(Array(data[..<split]))
      #expect(Checksum.crc32c(Array(data[split...]), seed: first) == Checksum.crc32c(data), "split at \(split)")
    }
  }
}
