import Foundation

/// Writes safetensors files for tests: well-formed ones from named tensors, and corrupt ones
/// by overriding the header bytes or the declared header length.
struct SafeTensorsBuilder {
  struct Tensor {
    var name: String
    var dtype: String
    var shape: [Int]
    var bytes: [UInt8]
  }

  var tensors: [Tensor] = []
  var metadata: [String: String] = [:]
  /// Spaces appended to the JSON, to move the data section's alignment.
  var headerPadding = 0

  mutating func add(_ name: String, shape: [Int], floats: [Float]) {
    let bytes = floats.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
    tensors.append(Tensor(name: name, dtype: "F32", shape: shape, bytes: bytes))
  }

  mutating func add(_ name: String, shape: [Int], int64s: [Int64]) {
    let bytes = int64s.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
    tensors.append(Tensor(name: name, dtype: "I64", shape: shape, bytes: bytes))
  }

  /// The header JSON, with tensors laid out in order.
  func headerJSON() -> String {
    var offset = 0
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }
      entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    for tensor in tensors {
      let end = offset + tensor.bytes.count
      entries.append(
        "\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(end)]}"
      )
      offset = end
    }
    return "{" + entries.joined(separator: ",") + "}" + String(repeating: " ", count: headerPadding)
  }

  /// The file's bytes; `header` replaces the JSON and `declaredLength` the length prefix.
  func bytes(header: String? = nil, declaredLength: UInt64? = nil) -> [UInt8] {
    let json = Array((header ?? headerJSON()).utf8)
    var result = withUnsafeBytes(
      of: (declaredLength ?? UInt64(json.count)).littleEndian, Array.init)
    result += json
    for tensor in tensors { result += tensor.bytes }
    return result
  }

  /// Writes `bytes` to a fresh file in `directory` and returns its path.
  static func write(_ bytes: [UInt8], in directory: URL, name: String = "model.safetensors") throws
    -> String
  {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }
}

/// A fresh temporary directory, removed when the test's closure returns.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("neural-inference-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: url) }
  return try body(url)
}
