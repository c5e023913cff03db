/// A memory-mapped safetensors file (8-byte little-endian header length, JSON header, data).
///
/// Opening validates the whole header against the file size, so every tensor handed out is
/// backed by real bytes; F32 tensors are exposed in place, without copying, when aligned.
package final class SafeTensorsFile: Sendable {
  /// The format's own cap on the header, which also bounds what a corrupt length can make us
  /// decode.
  static let maxHeaderLength: UInt64 = 100 << 20

  package let path: String
  /// The `__metadata__` map, empty when the file has none.
  package let metadata: [String: String]
  private let mapping: MappedFile
  private let entries: [String: SafeTensorsHeader.Entry]
  private let dataStart: Int

  /// Maps and validates the file at `path`.
  package convenience init(path: String) throws(SafeTensorsError) {
    try self.init(mapping: MappedFile(path: path), path: path)
  }

  /// Validates an existing mapping (the model maps first so it can checksum the bytes before
  /// trusting anything in them).
  init(mapping: MappedFile, path: String) throws(SafeTensorsError) {
    let bytes = mapping.bytes
    guard bytes.count >= 8 else {
      throw SafeTensorsError(file: path, problem: .tooShort(size: bytes.count))
    }
    let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
    guard declared >= 2, declared <= Self.maxHeaderLength, declared <= UInt64(bytes.count - 8)
    else {
      throw SafeTensorsError(
        file: path, problem: .badHeaderLength(declared: declared, fileSize: bytes.count))
    }
    let dataStart = 8 + Int(declared)
    let header = try SafeTensorsHeader(
      json: UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]),
      dataSize: bytes.count - dataStart, file: path)
    self.path = path
    self.mapping = mapping
    self.dataStart = dataStart
    entries = header.entries
    metadata = header.metadata
  }

  /// Every byte of the file, for checksumming without a second read.
  package var bytes: UnsafeRawBufferPointer { mapping.bytes }

  /// The names of all tensors in the file.
  package var tensorNames: [String] { entries.keys.sorted() }

  /// The F32 tensor `name`, checked against `shape`. Points into the mapping unless the
  /// tensor's bytes are misaligned for `Float`, in which case it is copied.
  package func floatTensor(_ name: String, shape: [Int]) throws(SafeTensorsError) -> FloatTensor {
    guard let entry = entries[name] else {
      throw SafeTensorsError(file: path, problem: .missingTensor(name: name))
    }
    guard entry.dtype == "F32" else {
      throw SafeTensorsError(
        file: path, problem: .wrongDType(tensor: name, expected: "F32", actual: entry.dtype))
    }
    guard entry.shape == shape else {
      throw SafeTensorsError(
        file: path, problem: .wrongShape(tensor: name, expected: shape, actual: entry.shape))
    }
    // The header check guarantees the range is inside the file and a whole number of floats.
    let start = dataStart + entry.dataOffsets[0]
    let count = (entry.dataOffsets[1] - entry.dataOffsets[0]) / MemoryLayout<Float>.stride
    let raw = UnsafeRawBufferPointer(rebasing: mapping.bytes[start..<start + count * 4])
    if let base = raw.baseAddress,
      Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0
    {
      let typed = UnsafeRawPointer(base).bindMemory(to: Float.self, capacity: count)
      return FloatTensor(shape: shape, pointer: typed, count: count, owner: mapping)
    }
    let values = (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
    return FloatTensor(shape: shape, copying: values)
  }
}
