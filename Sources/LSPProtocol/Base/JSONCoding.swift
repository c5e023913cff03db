import Foundation

/// The one place that turns typed messages into `JSONValue` and back.
///
/// Going through `JSONValue` keeps the transport untyped while handlers work with structs.
package enum JSONCoding {
  package static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
    let data = try JSONEncoder().encode(value)
    return try JSONDecoder().decode(JSONValue.self, from: data)
  }

  /// Decodes `value` as `T`; `nil` decodes as an empty object so parameterless types work.
  package static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue?) throws -> T {
    let data = try JSONEncoder().encode(value ?? .object([:]))
    return try JSONDecoder().decode(T.self, from: data)
  }

  /// Serialises with sorted keys so transcripts and tests are stable.
  package static func data(_ value: JSONValue) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
  }

  package static func parse(_ data: Data) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: data)
  }
}
