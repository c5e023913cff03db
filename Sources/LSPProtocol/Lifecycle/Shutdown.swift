/// `shutdown`: stop serving but do not exit; only `exit` ends the process.
package struct ShutdownRequest: LSPRequest {
  package static let method = "shutdown"
  package typealias Response = VoidResponse
  package init() {}
}

/// `exit`: end the process, with code 0 only after a `shutdown`.
package struct ExitNotification: LSPNotification {
  package static let method = "exit"
  package init() {}
}

/// `$/cancelRequest`: the client no longer needs the answer to request `id`.
package struct CancelRequestNotification: LSPNotification {
  package static let method = "$/cancelRequest"
  package var id: JSONValue
  package init(id: JSONValue) { self.id = id }
}
