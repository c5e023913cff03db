/// The earlier versions of one vector, newest last, each stored relative to the version
/// after it (see ``HistoryEntry``); the current version lives in the vector store, not here.
///
/// When a vector is replaced, the replaced version joins the history as an entry relative to
/// its replacement. Entries already there keep their meaning: each relates a version to the
/// one after it, and those do not change. Every `keyframeInterval`-th version (by its number
/// since the first: versions K − 1, 2K − 1 …) is stored whole, so rebuilding any version walks at most that many steps
/// and compact errors cannot pile up past a keyframe. Only the newest `retention` versions are
/// kept: dropping the oldest never breaks a newer one, which depends only on newer versions.
package struct VectorHistory: Sendable, Equatable {
  package enum Encoding: UInt8, Sendable, CaseIterable {
    /// XOR with the next version, byte-shuffled, zstd: rebuilt bit for bit.
    case lossless = 1
    /// The difference from the next version in int8 with one scale per vector, zstd.
    case compact = 2
  }

  package let encoding: Encoding
  package let dimension: Int
  package let keyframeInterval: Int
  package let retention: Int
  /// The number of the oldest kept version (versions are numbered from 0, the first vector).
  package private(set) var firstVersion: Int = 0
  /// Oldest first; entry `i` is version `firstVersion + i`.
  package private(set) var entries: [HistoryEntry] = []

  package init(encoding: Encoding, dimension: Int, keyframeInterval: Int = 8, retention: Int = 32) {
    self.encoding = encoding
    self.dimension = dimension
    self.keyframeInterval = max(1, keyframeInterval)
    self.retention = max(0, retention)
  }

  /// The number the current vector has: one past the newest kept entry.
  package var currentVersion: Int { firstVersion + entries.count }

  /// Bytes the kept entries take serialized.
  package var storedBytes: Int { entries.reduce(0) { $0 + $1.storedBytes } }

  /// Records that `previous` (the current vector until now) is replaced by `current`.
  ///
  /// In compact mode the entry is computed against `current` itself, which is exact: errors
  /// only come from the int8 steps of the entries walked.
  package mutating func record(previous: [Float], replacedBy current: [Float]) throws(CodecError) {
    guard previous.count == dimension, current.count == dimension else {
      throw .invalidShape(
        tag: HistoryEntry.tag, reason: "versions of \(previous.count) and \(current.count) dimensions, history of \(dimension)")
    }
    let number = currentVersion
    let entry: HistoryEntry
    // The K-th, 2K-th … versions are whole; the first K − 1 are deltas, which is all most
    // chunks ever have (they change a few times), and each walk back stops within K − 1 steps.
    if number % keyframeInterval == keyframeInterval - 1 {
      entry = try .keyframe(previous)
    } else {
      switch encoding {
      case .lossless: entry = try .xorDelta(previous, next: current)
      case .compact: entry = try .int8Delta(previous, next: current)
      }
    }
    entries.append(entry)
    if entries.count > retention {
      let dropped = entries.count - retention
      entries.removeFirst(dropped)
      firstVersion += dropped
    }
  }

  /// Version `number`, rebuilt from the nearest keyframe at or after it, or from `current`.
  package func version(_ number: Int, current: [Float]) throws(CodecError) -> [Float] {
    guard number >= firstVersion, number < currentVersion else {
      throw .invalidShape(
        tag: HistoryEntry.tag, reason: "version \(number) is not kept (versions \(firstVersion)..<\(currentVersion))")
    }
    let target = number - firstVersion
    var start = entries.count - 1
    var vector: [Float]? = current
    if let keyframe = entries[target...].firstIndex(where: { $0.form == .keyframe }) {
      start = keyframe
      vector = nil
    }
    var index = start
    while index >= target {
      vector = try entries[index].decode(next: vector, dimension: dimension)
      index -= 1
    }
    return vector ?? current
  }

  // MARK: - Serialization

  /// `SXH1`, encoding, dimension, keyframe interval, retention, first version, entry count,
  /// the entries (form, scale for int8 deltas, payload length, payload), CRC-32C of all before.
  package func serialized() -> [UInt8] {
    var bytes: [UInt8] = Array("SXH1".utf8)
    bytes.append(encoding.rawValue)
    for value in [dimension, keyframeInterval, retention, firstVersion, entries.count] {
      Self.append(UInt32(truncatingIfNeeded: value), to: &bytes)
    }
    for entry in entries {
      bytes.append(entry.form.rawValue)
      if entry.form == .int8Delta { Self.append(entry.scale.bitPattern, to: &bytes) }
      Self.append(UInt32(entry.payload.count), to: &bytes)
      bytes += entry.payload
    }
    Self.append(bytes.withUnsafeBytes { Checksum.crc32c($0) }, to: &bytes)
    return bytes
  }

  package init(serialized bytes: [UInt8]) throws(CodecError) {
    func damaged(_ reason: String) -> CodecError { .invalidShape(tag: HistoryEntry.tag, reason: "damaged history: \(reason)") }
    guard bytes.count >= 4 + 1 + 20 + 4, Array(bytes[0..<4]) == Array("SXH1".utf8) else { throw damaged("no header") }
    let body = bytes.count - 4
    let stored = Self.readUInt32(bytes, at: body)
    guard bytes.withUnsafeBytes({ Checksum.crc32c(UnsafeRawBufferPointer(rebasing: $0[0..<body])) }) == stored else {
      throw damaged("checksum mismatch")
    }
    guard let encoding = Encoding(rawValue: bytes[4]) else { throw damaged("unknown encoding \(bytes[4])") }
    var offset = 5
    var fields: [Int] = []
    for _ in 0..<5 {
      fields.append(Int(Self.readUInt32(bytes, at: offset)))
      offset += 4
    }
    guard fields[0] > 0, fields[0] <= 1 << 16, fields[1] > 0, fields[4] <= fields[2] else {
      throw damaged("impossible sizes")
    }
    self.init(encoding: encoding, dimension: fields[0], keyframeInterval: fields[1], retention: fields[2])
    firstVersion = fields[3]
    for _ in 0..<fields[4] {
      guard offset < body, let form = HistoryEntry.Form(rawValue: bytes[offset]) else { throw damaged("bad entry") }
      offset += 1
      var scale: Float = 0
      if form == .int8Delta {
        guard offset + 4 <= body else { throw damaged("truncated entry") }
        scale = Float(bitPattern: Self.readUInt32(bytes, at: offset))
        offset += 4
      }
      guard offset + 4 <= body else { throw damaged("truncated entry") }
      let length = Int(Self.readUInt32(bytes, at: offset))
      offset += 4
      guard length <= body - offset else { throw damaged("truncated entry") }
      entries.append(HistoryEntry(form: form, payload: Array(bytes[offset..<(offset + length)]), scale: scale))
      offset += length
    }
    guard offset == body else { throw damaged("\(body - offset) trailing bytes") }
  }

  private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
  }

  private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    var value: UInt32 = 0
    for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
    return value
  }
}
