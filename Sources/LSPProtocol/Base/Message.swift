/// A JSON-RPC 2.0 message as LSP uses it, classified but with untyped params.
package enum Message: Hashable, Sendable {
  case request(id: RequestID, method: String, params: JSONValue?)
  case notification(method: String, params: JSONValue?)
  case response(id: RequestID?, result: Result<JSONValue, ResponseError>)

  /// Classifies a parsed JSON value, or says why it is not a valid message.
  ///
  /// The error carries the request id when one could be read, so the reply can name it.
  package static func classify(_ value: JSONValue) -> Result<Message, InvalidMessage> {
    guard case .object(let object) = value else {
      if case .array = value {
        return .failure(InvalidMessage(id: nil, reason: "batch requests are not supported"))
      }
      return .failure(InvalidMessage(id: nil, reason: "a message must be a JSON object"))
    }
    let rawID = object["id"]
    let id = rawID.flatMap(RequestID.init)
    if let rawID, rawID != .null, id == nil {
      return .failure(InvalidMessage(id: nil, reason: "id must be a number or a string"))
    }
    guard object["jsonrpc"] == .string("2.0") else {
      return .failure(InvalidMessage(id: id, reason: "missing or wrong \"jsonrpc\": \"2.0\""))
    }
    let params = object["params"]
    if let params, params != .null, params.objectValue == nil, params.arrayValue == nil {
      return .failure(InvalidMessage(id: id, reason: "params must be an object or an array"))
    }
    if let methodValue = object["method"] {
      guard case .string(let method) = methodValue else {
        return .failure(InvalidMessage(id: id, reason: "method must be a string"))
      }
      if let id {
        return .success(.request(id: id, method: method, params: params))
      }
      if rawID == .null {
        return .failure(InvalidMessage(id: nil, reason: "a request id must not be null"))
      }
      return .success(.notification(method: method, params: params))
    }
    if let error = object["error"] {
      guard let code = error["code"]?.intValue, let message = error["message"]?.stringValue else {
        return .failure(InvalidMessage(id: id, reason: "malformed error object"))
      }
      let failure = ResponseError(code: code, message: message, data: error["data"])
      return .success(.response(id: id, result: .failure(failure)))
    }
    if let result = object["result"] {
      return .success(.response(id: id, result: .success(result)))
    }
    return .failure(InvalidMessage(id: id, reason: "neither a request, a notification nor a response"))
  }

  /// The wire form of the message.
  package var json: JSONValue {
    switch self {
    case .request(let id, let method, let params):
      var object: [String: JSONValue] = ["jsonrpc": "2.0", "id": id.json, "method": .string(method)]
      if let params { object["params"] = params }
      return .object(object)
    case .notification(let method, let params):
      var object: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
      if let params { object["params"] = params }
      return .object(object)
    case .response(let id, let result):
      var object: [String: JSONValue] = ["jsonrpc": "2.0", "id": id?.json ?? .null]
      switch result {
      case .success(let value): object["result"] = value
      case .failure(let error): object["error"] = error.json
      }
      return .object(object)
    }
  }
}

/// Why a JSON value is not a JSON-RPC message; answered with -32600.
package struct InvalidMessage: Error, Hashable, Sendable {
  package var id: RequestID?
  package var reason: String
}
