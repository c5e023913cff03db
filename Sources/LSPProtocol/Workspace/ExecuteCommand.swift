/// `workspace/executeCommand`: run one of the commands the server advertised.
package struct ExecuteCommandRequest: LSPRequest {
  package static let method = "workspace/executeCommand"
  package typealias Response = JSONValue
  package var command: String
  package var arguments: [JSONValue]?
  package init(command: String, arguments: [JSONValue]? = nil) {
    self.command = command
    self.arguments = arguments
  }
}
