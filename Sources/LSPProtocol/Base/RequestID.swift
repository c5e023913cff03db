/// A JSON-RPC request id: the spec allows numbers and strings, and clients use both.
package enum RequestID: Hashable, Sendable, CustomStringConvertible {
  case number(Int)
  case string(String)

  package init?(_ value: JSONValue) {
    switch value {
    case .int(let number): self = .number(number)
    case .string(let string): self = .string(string)
    default: return nil
    }
  }

  package var json: JSONValue {
    switch self {
    case .number(let number): .int(number)
    case .string(let string): .string(string)
    }
  }

  package var description: String {
    switch self {
    case .number(let number): String(number)
    case .string(let string): "\"\(string)\""
    }
  }
}
