import Foundation
import VectorCodecs

/// One committed generation of the store: which segments are live and which of their slots
/// are dead. Written to a temporary file, fsynced and renamed: that rename is the only commit
/// point, so a crash leaves either this generation or the one before it.
package struct Manifest: Codable, Sendable, Equatable {
  package struct SegmentEntry: Codable, Sendable, Equatable {
    package var name: String
    package var number: UInt64
    package var count: Int
    /// Slots whose vectors were deleted or replaced after the segment was written.
    package var deadSlots: [UInt32]
  }

  package var generation: UInt64
  /// The embedding model the vectors come from: vectors of another model are never mixed in.
  package var modelID: String
  package var dimension: Int
  package var codec: String
  package var segments: [SegmentEntry]
  package var nextSegmentNumber: UInt64
  /// History segments (replaced vectors); absent in manifests written before history existed.
  /// Numbered from the same counter as vector segments.
  package var history: [HistorySegmentEntry]?

  package struct HistorySegmentEntry: Codable, Sendable, Equatable {
    package var name: String
    package var number: UInt64
    package var records: Int
  }

  static let magic: [UInt8] = Array("SXMANIF1".utf8)
  static let prefix = "manifest-"

  static func fileName(generation: UInt64) -> String {
    prefix + String(repeating: "0", count: max(0, 16 - String(generation, radix: 16).count))
      + String(generation, radix: 16)
  }

  /// The generation a manifest file name stands for, or `nil` for other files.
  static func generation(ofFileName name: String) -> UInt64? {
    guard name.hasPrefix(prefix), name.count == prefix.count + 16 else { return nil }
    return UInt64(name.dropFirst(prefix.count), radix: 16)
  }

  /// Magic, CRC-32C of the payload, payload length, then the payload (JSON).
  func encoded() throws(StoreError) -> [UInt8] {
    let payload: [UInt8]
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      payload = Array(try encoder.encode(self))
    } catch {
      throw .invalidArgument("cannot encode manifest: \(error)")
    }
    var writer = ByteWriter()
    writer.append(Manifest.magic)
    writer.append(payload.withUnsafeBytes { Checksum.crc32c($0) })
    writer.append(UInt32(payload.count))
    writer.append(payload)
    return writer.bytes
  }

  static func decode(_ bytes: [UInt8], name: String) throws(StoreError) -> Manifest {
    try bytes.withUnsafeBytes { raw in Result { () throws(StoreError) -> Manifest in try decode(raw, name: name) } }.get()
  }

  private static func decode(_ raw: UnsafeRawBufferPointer, name: String) throws(StoreError) -> Manifest {
      var reader = ByteReader(raw)
      guard let magic = reader.readBytes(8), Array(magic) == Manifest.magic else {
        throw .corruptManifest(name, "not a manifest")
      }
      guard let checksum = reader.read(UInt32.self), let length = reader.read(UInt32.self),
        let payload = reader.readBytes(Int(length)), reader.offset == raw.count
      else { throw .corruptManifest(name, "truncated") }
      guard Checksum.crc32c(payload) == checksum else { throw .corruptManifest(name, "checksum mismatch") }
      do {
        return try JSONDecoder().decode(Manifest.self, from: Data(payload))
      } catch {
        throw .corruptManifest(name, "unreadable: \(error)")
      }
  }
}
