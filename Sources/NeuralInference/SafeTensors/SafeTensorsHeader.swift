import Foundation

/// The JSON header of a safetensors file: tensor name → dtype, shape and byte range within the
/// data section, plus the optional string map under `__metadata__`.
struct SafeTensorsHeader {
  struct Entry: Decodable, Equatable, Sendable {
    let dtype: String
    let shape: [Int]
    let dataOffsets: [Int]

    enum CodingKeys: String, CodingKey {
      case dtype
      case shape
      case dataOffsets = "data_offsets"
    }
  }

  /// Bytes per element of each dtype the format defines.
  static let elementSizes: [String: Int] = [
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
    "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
    "I32": 4, "U32": 4, "F32": 4,
    "I64": 8, "U64": 8, "F64": 8,
  ]

  let entries: [String: Entry]
  let metadata: [String: String]

  /// Decodes and validates `json` against a data section of `dataSize` bytes, so that every
  /// entry that survives addresses only bytes inside the file.
  init(json: UnsafeRawBufferPointer, dataSize: Int, file: String) throws(SafeTensorsError) {
    func fail(_ problem: SafeTensorsError.Problem) -> SafeTensorsError {
      SafeTensorsError(file: file, problem: problem)
    }
    let decoded: Document
    do {
      decoded = try JSONDecoder().decode(Document.self, from: Data(json))
    } catch {
      throw fail(.malformedHeader(reason: DecodingFailure.describe(error)))
    }
    for (name, entry) in decoded.entries {
      guard let elementSize = Self.elementSizes[entry.dtype] else {
        throw fail(.malformedHeader(reason: "tensor \(name) has unknown dtype \(entry.dtype)"))
      }
      guard entry.dataOffsets.count == 2, entry.shape.allSatisfy({ $0 >= 0 }) else {
        throw fail(.malformedHeader(reason: "tensor \(name) has invalid shape or data_offsets"))
      }
      let begin = entry.dataOffsets[0]
      let end = entry.dataOffsets[1]
      guard begin >= 0, begin <= end, end <= dataSize else {
        throw fail(.offsetsOutOfRange(tensor: name, begin: begin, end: end, dataSize: dataSize))
      }
      var elementCount = 1
      for dimension in entry.shape {
        let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
        guard !overflow else {
          throw fail(.malformedHeader(reason: "tensor \(name) has an impossibly large shape"))
        }
        elementCount = product
      }
      let (expectedBytes, overflow) = elementCount.multipliedReportingOverflow(by: elementSize)
      guard !overflow, expectedBytes == end - begin else {
        throw fail(
          .sizeMismatch(tensor: name, expectedBytes: expectedBytes, actualBytes: end - begin))
      }
    }
    entries = decoded.entries
    metadata = decoded.metadata
  }

  /// The top-level object, whose keys are tensor names except for `__metadata__`.
  private struct Document: Decodable {
    var entries: [String: Entry] = [:]
    var metadata: [String: String] = [:]

    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: NameKey.self)
      for key in container.allKeys {
        if key.stringValue == "__metadata__" {
          metadata = try container.decode([String: String].self, forKey: key)
        } else {
          entries[key.stringValue] = try container.decode(Entry.self, forKey: key)
        }
      }
    }
  }

  private struct NameKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
  }
}
