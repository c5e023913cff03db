import VectorCodecs

/// An immutable file of history records, written once by the commit that replaced their
/// vectors and named in the same manifest: history is committed with the vectors or not at all.
///
/// Layout: magic `SXHIST01`, dimension and record count (u32 each), then per record: id,
/// previous id (i64), version (u32), fingerprint, next fingerprint (u64), replaced-at (f64
/// bits), entry form (u8), int8 scale (f32 bits), payload length (u32), payload; finally
/// CRC-32C of everything before. Little-endian.
enum HistorySegment {
  static let magic: [UInt8] = Array("SXHIST01".utf8)
  static let prefix = "history-"

  static func fileName(_ number: UInt64) -> String {
    let hex = String(number, radix: 16)
    return prefix + String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".hist"
  }

  static func number(ofFileName name: String) -> UInt64? {
    guard name.hasPrefix(prefix) else { return nil }
    return UInt64(name.dropFirst(prefix.count).prefix(16), radix: 16)
  }

  static func encode(_ records: [HistoryRecord], dimension: Int) -> [UInt8] {
    var writer = ByteWriter()
    writer.append(magic)
    writer.append(UInt32(dimension))
    writer.append(UInt32(records.count))
    for record in records {
      writer.append(record.id)
      writer.append(record.previousID)
      writer.append(record.version)
      writer.append(record.fingerprint)
      writer.append(record.nextFingerprint)
      writer.append(record.replacedAt.bitPattern)
      writer.append(record.entry.form.rawValue)
      writer.append(record.entry.scale.bitPattern)
      writer.append(UInt32(record.entry.payload.count))
      writer.append(record.entry.payload)
    }
    writer.append(writer.bytes.withUnsafeBytes { Checksum.crc32c($0) })
    return writer.bytes
  }

  static func decode(_ bytes: [UInt8], name: String, dimension: Int) throws(StoreError) -> [HistoryRecord] {
    func damaged(_ why: String) -> StoreError { .corruptSegment(name, why) }
    guard bytes.count >= magic.count + 12 else { throw damaged("truncated") }
    let body = bytes.count - 4
    return try bytes.withUnsafeBytes { raw in
      Result { () throws(StoreError) -> [HistoryRecord] in
        try decode(raw, body: body, dimension: dimension, damaged: damaged)
      }
    }.get()
  }

  private static func decode(
    _ raw: UnsafeRawBufferPointer, body: Int, dimension: Int, damaged: (String) -> StoreError
  ) throws(StoreError) -> [HistoryRecord] {
    var trailer = ByteReader(UnsafeRawBufferPointer(rebasing: raw[body...]))
    guard let stored = trailer.read(UInt32.self),
      Checksum.crc32c(UnsafeRawBufferPointer(rebasing: raw[0..<body])) == stored
    else { throw damaged("checksum mismatch") }
    var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[0..<body]))
    guard let head = reader.readBytes(magic.count), Array(head) == magic else { throw damaged("not a history segment") }
    guard let storedDimension = reader.read(UInt32.self), let count = reader.read(UInt32.self) else {
      throw damaged("truncated header")
    }
    guard Int(storedDimension) == dimension else {
      throw damaged("history of \(storedDimension) dimensions, the store has \(dimension)")
    }
    var records: [HistoryRecord] = []
    for _ in 0..<count {
      guard let id = reader.read(Int64.self), let previousID = reader.read(Int64.self),
        let version = reader.read(UInt32.self), let fingerprint = reader.read(UInt64.self),
        let nextFingerprint = reader.read(UInt64.self), let time = reader.read(UInt64.self),
        let formValue = reader.read(UInt8.self), let form = HistoryEntry.Form(rawValue: formValue),
        let scale = reader.read(UInt32.self), let length = reader.read(UInt32.self),
        let payload = reader.readBytes(Int(length))
      else { throw damaged("truncated or unknown record") }
      records.append(
        HistoryRecord(
          id: id, previousID: previousID, version: version, fingerprint: fingerprint,
          nextFingerprint: nextFingerprint, replacedAt: Double(bitPattern: time),
          entry: HistoryEntry(form: form, payload: Array(payload), scale: Float(bitPattern: scale))))
    }
    guard reader.offset == body else { throw damaged("\(body - reader.offset) trailing bytes") }
    return records
  }
}
