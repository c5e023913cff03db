/// `window/workDoneProgress/create`: the server asks the client for a progress token.
package struct WorkDoneProgressCreateRequest: LSPRequest {
  package static let method = "window/workDoneProgress/create"
  package typealias Response = VoidResponse
  package var token: JSONValue
  package init(token: JSONValue) { self.token = token }
}

/// `$/progress`: begin, report or end of a work-done progress.
package struct ProgressNotification: LSPNotification {
  package static let method = "$/progress"
  package var token: JSONValue
  package var value: WorkDoneProgressValue
  package init(token: JSONValue, value: WorkDoneProgressValue) {
    self.token = token
    self.value = value
  }
}

package struct WorkDoneProgressValue: Codable, Hashable, Sendable {
  /// `begin`, `report` or `end`.
  package var kind: String
  package var title: String?
  package var message: String?
  package var percentage: Int?
  package var cancellable: Bool?

  package static func begin(title: String, message: String? = nil) -> WorkDoneProgressValue {
    WorkDoneProgressValue(kind: "begin", title: title, message: message, percentage: 0, cancellable: false)
  }
  package static func report(message: String, percentage: Int) -> WorkDoneProgressValue {
    WorkDoneProgressValue(kind: "report", title: nil, message: message, percentage: percentage, cancellable: nil)
  }
  package static func end(message: String) -> WorkDoneProgressValue {
    WorkDoneProgressValue(kind: "end", title: nil, message: message, percentage: nil, cancellable: nil)
  }
}
