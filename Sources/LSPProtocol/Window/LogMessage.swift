/// `window/logMessage`: a line for the client's log.
package struct LogMessageNotification: LSPNotification {
  package static let method = "window/logMessage"
  package var type: Int
  package var message: String
  package init(type: MessageType, message: String) {
    self.type = type.rawValue
    self.message = message
  }
}

/// `window/showMessage`: something the user should see now (a missing model, a failed index).
package struct ShowMessageNotification: LSPNotification {
  package static let method = "window/showMessage"
  package var type: Int
  package var message: String
  package init(type: MessageType, message: String) {
    self.type = type.rawValue
    self.message = message
  }
}

package enum MessageType: Int, Sendable {
  case error = 1
  case warning = 2
  case info = 3
  case log = 4
}
