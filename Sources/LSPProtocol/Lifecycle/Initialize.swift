/// `initialize`: the first request; names the workspace and the client's abilities.
package struct InitializeRequest: LSPRequest {
  package static let method = "initialize"
  package typealias Response = InitializeResult

  package var processId: Int?
  package var rootUri: String?
  package var rootPath: String?
  package var workspaceFolders: [WorkspaceFolder]?
  package var initializationOptions: JSONValue?
  /// Kept untyped: the server reads only the few flags it needs.
  package var capabilities: JSONValue?
  package var clientInfo: ClientInfo?

  package struct ClientInfo: Codable, Hashable, Sendable {
    package var name: String
    package var version: String?
  }

  package init(
    processId: Int? = nil, rootUri: String? = nil, rootPath: String? = nil,
    workspaceFolders: [WorkspaceFolder]? = nil, initializationOptions: JSONValue? = nil,
    capabilities: JSONValue? = nil
  ) {
    self.processId = processId
    self.rootUri = rootUri
    self.rootPath = rootPath
    self.workspaceFolders = workspaceFolders
    self.initializationOptions = initializationOptions
    self.capabilities = capabilities
  }
}

package struct InitializeResult: Codable, Hashable, Sendable {
  package var capabilities: JSONValue
  package var serverInfo: ServerInfo

  package struct ServerInfo: Codable, Hashable, Sendable {
    package var name: String
    package var version: String
    package init(name: String, version: String) {
      self.name = name
      self.version = version
    }
  }

  package init(capabilities: JSONValue, serverInfo: ServerInfo) {
    self.capabilities = capabilities
    self.serverInfo = serverInfo
  }
}

/// `initialized`: the client has read the initialize result.
package struct InitializedNotification: LSPNotification {
  package static let method = "initialized"
  package init() {}
}
