import Testing
import VectorCodecs

/// The bit-pattern conversions against the standard library's `Float16`, where it exists.
#if !(os(macOS) && arch(x86_64))
  struct HalfFloatTests {
    @Test func everyHalfDecodesExactly() {
      for bits in UInt16.min...UInt16.max {
        let expected = Float(Float16(bitPattern: bits))
        let decoded = HalfFloat.float(fromBits: bits)
        if expected.isNaN {
          #expect(decoded.isNaN && decoded.sign == expected.sign, "half \(bits)")
          // The payload is kept: the half's mantissa is the top of the float's.
          #expect((decoded.bitPattern >> 13) & 0x3FF == UInt32(bits & 0x3FF), "half \(bits)")
        } else {
          #expect(decoded.bitPattern == expected.bitPattern, "half \(bits)")
        }
      }
    }

    @Test func everyRoundingBoundaryEncodesLikeFloat16() {
      // Each finite half, the midpoints to its neighbour (ties) and the floats either side of them.
      var mismatches: [UInt32] = []
      for bits in UInt16.min...UInt16.max {
        let half = Float16(bitPattern: bits)
        guard half.isFinite else { continue }
        let value = Float(half)
        let midpoint = (value + Float(half.nextUp)) / 2
        for candidate in [value, midpoint, midpoint.nextUp, midpoint.nextDown, value.nextUp, value.nextDown] {
          if HalfFloat.bits(from: candidate) != Float16(candidate).bitPattern {
            mismatches.append(candidate.bitPattern)
          }
        }
      }
      #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(8))")
    }

    @Test func sampledFloatsEncodeLikeFloat16() {
      var mismatches: [UInt32] = []
      for bits in stride(from: UInt32(0), to: UInt32.max - 4099, by: 4099) {
        let value = Float(bitPattern: bits)
        let encoded = HalfFloat.bits(from: value)
        if value.isNaN {
          if encoded & 0x7C00 != 0x7C00 || encoded & 0x03FF == 0 { mismatches.append(bits) }
        } else if encoded != Float16(value).bitPattern {
          mismatches.append(bits)
        }
      }
      #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(8))")
    }
  }
#endif
