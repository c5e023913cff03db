/// A request type: its method name and the type of its response.
package protocol LSPRequest: Codable, Hashable, Sendable {
  associatedtype Response: Codable, Sendable
  static var method: String { get }
}

/// A notification type: its method name; notifications have no response.
package protocol LSPNotification: Codable, Hashable, Sendable {
  static var method: String { get }
}

/// The response of requests that answer `null`.
package struct VoidResponse: Codable, Hashable, Sendable {
  package init() {}
  package init(from decoder: Decoder) throws {}
  package func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encodeNil()
  }
}
