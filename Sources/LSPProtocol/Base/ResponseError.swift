/// A JSON-RPC error object with the codes LSP defines.
package struct ResponseError: Error, Hashable, Sendable {
  package var code: Int
  package var message: String
  package var data: JSONValue?

  package init(code: Int, message: String, data: JSONValue? = nil) {
    self.code = code
    self.message = message
    self.data = data
  }

  package static let parseErrorCode = -32700
  package static let invalidRequestCode = -32600
  package static let methodNotFoundCode = -32601
  package static let invalidParamsCode = -32602
  package static let internalErrorCode = -32603
  package static let serverNotInitializedCode = -32002
  package static let requestCancelledCode = -32800
  package static let contentModifiedCode = -32801
  package static let requestFailedCode = -32803

  package static func parseError(_ message: String) -> ResponseError {
    ResponseError(code: parseErrorCode, message: message)
  }
  package static func invalidRequest(_ message: String) -> ResponseError {
    ResponseError(code: invalidRequestCode, message: message)
  }
  package static func methodNotFound(_ method: String) -> ResponseError {
    ResponseError(code: methodNotFoundCode, message: "method not found: \(method)")
  }
  package static func invalidParams(_ message: String) -> ResponseError {
    ResponseError(code: invalidParamsCode, message: message)
  }
  package static func internalError(_ message: String) -> ResponseError {
    ResponseError(code: internalErrorCode, message: message)
  }
  package static let serverNotInitialized = ResponseError(
    code: serverNotInitializedCode, message: "server not initialized")
  package static let cancelled = ResponseError(code: requestCancelledCode, message: "request cancelled")
  package static func requestFailed(_ message: String) -> ResponseError {
    ResponseError(code: requestFailedCode, message: message)
  }

  package var json: JSONValue {
    var object: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
    if let data { object["data"] = data }
    return .object(object)
  }
}
