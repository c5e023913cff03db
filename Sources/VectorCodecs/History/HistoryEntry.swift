/// One earlier version of a vector, stored relative to the version after it.
///
/// Three forms:
/// - a **keyframe** holds the version whole (its fp32 bytes, byte-shuffled, zstd), so
///   reconstruction never walks more than a keyframe interval and compact errors stop there;
/// - an **XOR delta** holds the XOR of its float bit patterns with the next version's
///   (Gorilla-style): where the two agree in sign, exponent and high mantissa bits, the XOR
///   is zero there, and after byte shuffling zstd finds runs of zeros. Lossless: the version
///   is rebuilt bit for bit;
/// - an **int8 delta** holds the difference from the next version quantized to int8 with one
///   fp32 scale per vector (then zstd). Lossy, a quarter of the bytes or less.
package struct HistoryEntry: Sendable, Equatable {
  package enum Form: UInt8, Sendable {
    case keyframe = 1
    case xorDelta = 2
    case int8Delta = 3
  }

  package var form: Form
  /// The zstd frame (for an int8 delta, of the int8 codes).
  package var payload: [UInt8]
  /// The int8 quantization step; 0 for the other forms.
  package var scale: Float

  package init(form: Form, payload: [UInt8], scale: Float) {
    self.form = form
    self.payload = payload
    self.scale = scale
  }

  /// Bytes this entry takes when serialized (form, scale when present, length, payload).
  package var storedBytes: Int { 1 + (form == .int8Delta ? 4 : 0) + 4 + payload.count }

  static let zstdLevel: Int32 = 3

  // MARK: - Encoding

  package static func keyframe(_ vector: [Float]) throws(CodecError) -> HistoryEntry {
    HistoryEntry(form: .keyframe, payload: try shuffledFrame(vector), scale: 0)
  }

  package static func xorDelta(_ older: [Float], next newer: [Float]) throws(CodecError) -> HistoryEntry {
    try checkSameDimension(older, newer)
    var mixed = [Float](repeating: 0, count: older.count)
    for index in older.indices {
      mixed[index] = Float(bitPattern: older[index].bitPattern ^ newer[index].bitPattern)
    }
    return HistoryEntry(form: .xorDelta, payload: try shuffledFrame(mixed), scale: 0)
  }

  /// The error of this entry is at most half a step per component, on top of whatever error
  /// the next version carries when it is itself rebuilt.
  ///
  /// The step is `precision`, or wider when the largest difference would not fit 127 steps.
  /// A fixed fine step rather than one fitted to the largest difference: differences between
  /// versions of an edited function are small and peaked around zero, so most codes are small
  /// and zstd's entropy coding packs them into a few bits each. 0.002 per component keeps the
  /// cosine error of a version seven steps from a keyframe near 5e-4 on unit vectors of 384
  /// dimensions (each step adds about 384 × 0.002² / 24).
  package static func int8Delta(_ older: [Float], next newer: [Float], precision: Float = 0.002) throws(CodecError)
    -> HistoryEntry
  {
    try checkSameDimension(older, newer)
    var largest: Float = 0
    for index in older.indices {
      let difference = older[index] - newer[index]
      // Checked one by one: `max` would pass over a NaN.
      guard difference.isFinite else {
        throw .invalidShape(tag: tag, reason: "a vector holds a value that is not finite")
      }
      largest = max(largest, abs(difference))
    }
    let scale = max(largest / 127, precision > 0 ? precision : largest / 127)
    var codes = [Int8](repeating: 0, count: older.count)
    if scale > 0 {
      for index in older.indices {
        let step = ((older[index] - newer[index]) / scale).rounded()
        codes[index] = Int8(max(-127, min(127, step)))
      }
    }
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: codes.count, alignment: 1)
    defer { bytes.deallocate() }
    for index in codes.indices { bytes[index] = UInt8(bitPattern: codes[index]) }
    return HistoryEntry(form: .int8Delta, payload: try compress(UnsafeRawBufferPointer(bytes), planes: nil), scale: scale)
  }

  // MARK: - Decoding

  /// This version, given the next one as reconstructed (unused for a keyframe).
  package func decode(next newer: [Float]?, dimension: Int) throws(CodecError) -> [Float] {
    switch form {
    case .keyframe:
      return try Self.unshuffledFrame(payload, dimension: dimension)
    case .xorDelta:
      let next = try Self.requireNext(newer, dimension: dimension)
      var values = try Self.unshuffledFrame(payload, dimension: dimension)
      for index in values.indices {
        values[index] = Float(bitPattern: values[index].bitPattern ^ next[index].bitPattern)
      }
      return values
    case .int8Delta:
      let next = try Self.requireNext(newer, dimension: dimension)
      let bytes = try Self.decompress(payload, bytes: dimension)
      var values = next
      for index in values.indices { values[index] += Float(Int8(bitPattern: bytes[index])) * scale }
      return values
    }
  }

  // MARK: - Helpers

  static let tag = "history-v1"

  private static func checkSameDimension(_ older: [Float], _ newer: [Float]) throws(CodecError) {
    guard !older.isEmpty, older.count == newer.count else {
      throw .invalidShape(tag: tag, reason: "versions of \(older.count) and \(newer.count) dimensions")
    }
  }

  private static func requireNext(_ newer: [Float]?, dimension: Int) throws(CodecError) -> [Float] {
    guard let newer, newer.count == dimension else {
      throw .invalidShape(tag: tag, reason: "a delta needs the next version, of \(dimension) dimensions")
    }
    return newer
  }

  private static func shuffledFrame(_ values: [Float]) throws(CodecError) -> [UInt8] {
    let planes = UnsafeMutableRawBufferPointer.allocate(byteCount: values.count * 4, alignment: 16)
    defer { planes.deallocate() }
    values.withUnsafeBufferPointer { ByteShuffle.shuffle($0, into: planes) }
    // One zstd block per byte plane: each plane has its own byte statistics.
    return try compress(UnsafeRawBufferPointer(planes), planes: values.count)
  }

  private static func unshuffledFrame(_ frame: [UInt8], dimension: Int) throws(CodecError) -> [Float] {
    guard dimension > 0 else { throw .invalidShape(tag: tag, reason: "dimension \(dimension)") }
    let planes = try decompress(frame, bytes: dimension * 4)
    var values = [Float](repeating: 0, count: dimension)
    planes.withUnsafeBytes { source in
      values.withUnsafeMutableBufferPointer { ByteShuffle.unshuffle(source, into: $0) }
    }
    return values
  }

  private static func compress(_ bytes: UnsafeRawBufferPointer, planes: Int?) throws(CodecError) -> [UInt8] {
    do throws(ZstdError) {
      return try Zstd.compress(bytes, level: zstdLevel, endBlockEvery: planes)
    } catch {
      throw .zstdFailure(tag: tag, error)
    }
  }

  private static func decompress(_ frame: [UInt8], bytes count: Int) throws(CodecError) -> [UInt8] {
    let output = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
    defer { output.deallocate() }
    let input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, frame.count), alignment: 1)
    defer { input.deallocate() }
    input.copyBytes(from: frame)
    do throws(ZstdError) {
      try Zstd.decompress(UnsafeRawBufferPointer(rebasing: input[0..<frame.count]), into: output)
    } catch {
      throw .zstdFailure(tag: tag, error)
    }
    return Array(output)
  }
}
