import Foundation
import Testing

@testable import NeuralInference

/// The safetensors loader on well-formed, misaligned, truncated and corrupt files: every
/// failure is a typed error naming the file (and the tensor, where one is to blame).
@Suite struct SafeTensorsFileTests {
  private static func sample() -> SafeTensorsBuilder {
    var builder = SafeTensorsBuilder()
    builder.metadata = ["format": "pt"]
    builder.add("ids", shape: [1, 3], int64s: [0, 1, 2])
    builder.add("weight", shape: [2, 3], floats: [1, -2, 3.5, 0, .pi, -1e-7])
    builder.add("bias", shape: [3], floats: [0.25, 0.5, 0.75])
    return builder
  }

  /// Opens `bytes` and expects `problem`, with the path in the message.
  private func check(
    _ bytes: [UInt8], tensor: (name: String, shape: [Int])? = nil,
    _ problem: SafeTensorsError.Problem, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try withTemporaryDirectory { directory in
      let path = try SafeTensorsBuilder.write(bytes, in: directory)
      do throws(SafeTensorsError) {
        let file = try SafeTensorsFile(path: path)
        if let tensor { _ = try file.floatTensor(tensor.name, shape: tensor.shape) }
        Issue.record("expected \(problem), but the file loaded", sourceLocation: sourceLocation)
      } catch {
        #expect(
          error == SafeTensorsError(file: path, problem: problem), sourceLocation: sourceLocation)
        #expect(error.errorDescription?.hasPrefix(path) == true, sourceLocation: sourceLocation)
      }
    }
  }

  @Test func readsFloatTensorsInPlace() throws {
    let builder = Self.sample()
    try withTemporaryDirectory { directory in
      let path = try SafeTensorsBuilder.write(builder.bytes(), in: directory)
      let file = try SafeTensorsFile(path: path)
      #expect(file.metadata == ["format": "pt"])
      #expect(file.tensorNames == ["bias", "ids", "weight"])
      let weight = try file.floatTensor("weight", shape: [2, 3])
      #expect(weight.values == [1, -2, 3.5, 0, .pi, -1e-7])
      let mapped = file.bytes
      let base = try #require(mapped.baseAddress)
      weight.withElements { elements in
        let start = UnsafeRawPointer(elements.baseAddress)
        #expect(
          start.map { $0 >= base && $0 < base + mapped.count } == true,
          "F32 data should not be copied")
      }
      #expect(try file.floatTensor("bias", shape: [3]).values == [0.25, 0.5, 0.75])
    }
  }

  @Test func copiesTensorsWhoseDataIsMisaligned() throws {
    var builder = Self.sample()
    // Pad the header so the data section starts one byte past a multiple of 4.
    let length = builder.headerJSON().utf8.count
    builder.headerPadding = ((1 - (8 + length)) % 4 + 4) % 4
    try withTemporaryDirectory { directory in
      let path = try SafeTensorsBuilder.write(builder.bytes(), in: directory)
      let file = try SafeTensorsFile(path: path)
      #expect((8 + builder.headerJSON().utf8.count) % 4 == 1)
      #expect(try file.floatTensor("weight", shape: [2, 3]).values == [1, -2, 3.5, 0, .pi, -1e-7])
    }
  }

  @Test func rejectsFilesTooShortForAHeader() throws {
    try check([], .tooShort(size: 0))
    try check([1, 2, 3, 4, 5], .tooShort(size: 5))
  }

  @Test func rejectsHeaderLengthsBeyondTheFile() throws {
    let builder = Self.sample()
    let bytes = builder.bytes(declaredLength: 1 << 40)
    try check(bytes, .badHeaderLength(declared: 1 << 40, fileSize: bytes.count))
    let justPast = UInt64(bytes.count - 7)
    try check(
      builder.bytes(declaredLength: justPast),
      .badHeaderLength(declared: justPast, fileSize: bytes.count))
  }

  @Test func rejectsTruncatedData() throws {
    let bytes = Self.sample().bytes()
    let truncated = Array(bytes.dropLast(5))
    let dataSize = truncated.count - 8 - Self.sample().headerJSON().utf8.count
    try check(truncated, .offsetsOutOfRange(tensor: "bias", begin: 48, end: 60, dataSize: dataSize))
  }

  @Test func rejectsMalformedHeaders() throws {
    let builder = Self.sample()
    for header in [
      "not json at all", "[1, 2, 3]",
      "{\"w\": {\"dtype\": \"F32\", \"shape\": \"3\", \"data_offsets\": [0, 12]}}",
    ] {
      let bytes = builder.bytes(header: header)
      try withTemporaryDirectory { directory in
        let path = try SafeTensorsBuilder.write(bytes, in: directory)
        #expect {
          _ = try SafeTensorsFile(path: path)
        } throws: { error in
          guard let error = error as? SafeTensorsError, case .malformedHeader = error.problem else {
            return false
          }
          return error.file == path
        }
      }
    }
  }

  @Test func rejectsUnknownDTypesAndImpossibleShapes() throws {
    var header = "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}"
    try check(
      SafeTensorsBuilder().bytes(header: header) + Array(repeating: 0, count: 4),
      .malformedHeader(reason: "tensor w has unknown dtype Q4"))
    header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}"
    try check(
      SafeTensorsBuilder().bytes(header: header) + Array(repeating: 0, count: 8),
      .sizeMismatch(tensor: "w", expectedBytes: 12, actualBytes: 8))
    header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}"
    try check(
      SafeTensorsBuilder().bytes(header: header) + Array(repeating: 0, count: 8),
      .offsetsOutOfRange(tensor: "w", begin: 8, end: 4, dataSize: 8))
  }

  @Test func rejectsMissingTensorsWrongDTypesAndWrongShapes() throws {
    let bytes = Self.sample().bytes()
    try check(bytes, tensor: ("absent", [3]), .missingTensor(name: "absent"))
    try check(
      bytes, tensor: ("ids", [1, 3]), .wrongDType(tensor: "ids", expected: "F32", actual: "I64"))
    try check(
      bytes, tensor: ("weight", [3, 2]),
      .wrongShape(tensor: "weight", expected: [3, 2], actual: [2, 3]))
  }

  @Test func reportsFilesThatCannotBeOpened() throws {
    let path = "/nonexistent/neural-inference/model.safetensors"
    #expect {
      _ = try SafeTensorsFile(path: path)
    } throws: { error in
      guard let error = error as? SafeTensorsError, case .cannotOpen = error.problem else {
        return false
      }
      return error.file == path && error.localizedDescription.contains(path)
    }
  }
}
