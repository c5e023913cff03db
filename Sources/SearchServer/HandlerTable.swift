import LSPProtocol

/// One registered handler: how it is ordered and what it runs.
struct HandlerEntry: Sendable {
  enum Body: Sendable {
    case request(@Sendable (LanguageServer, JSONValue?) async throws -> JSONValue)
    case notification(@Sendable (LanguageServer, JSONValue?) async throws -> Void)
  }
  var ordering: OrderingClass
  var body: Body
}

/// Every method the server understands, with its ordering class: the single table that
/// decides what runs when.
enum HandlerTable {
  static let entries: [String: HandlerEntry] = {
    var table: [String: HandlerEntry] = [:]
    func add<R: LSPRequest>(
      _ type: R.Type, _ ordering: OrderingClass,
      _ body: @escaping @Sendable (LanguageServer, R) async throws -> R.Response
    ) {
      table[R.method] = HandlerEntry(
        ordering: ordering,
        body: .request { server, params in
          let decoded = try decodeParams(R.self, params)
          return try JSONCoding.encode(try await body(server, decoded))
        })
    }
    func add<N: LSPNotification>(
      _ type: N.Type, _ ordering: OrderingClass,
      _ body: @escaping @Sendable (LanguageServer, N) async throws -> Void
    ) {
      table[N.method] = HandlerEntry(
        ordering: ordering,
        body: .notification { server, params in
          try await body(server, try decodeParams(N.self, params))
        })
    }

    add(ShutdownRequest.self, .documentUpdate) { server, _ in server.handleShutdown() }
    add(InitializedNotification.self, .documentUpdate) { server, _ in server.handleInitialized() }
    add(DidOpenTextDocumentNotification.self, .documentUpdate) { server, note in server.didOpen(note) }
    add(DidChangeTextDocumentNotification.self, .documentUpdate) { server, note in server.didChange(note) }
    add(DidCloseTextDocumentNotification.self, .documentUpdate) { server, note in server.didClose(note) }
    add(DidSaveTextDocumentNotification.self, .documentUpdate) { server, note in server.didSave(note) }
    add(DidChangeWatchedFilesNotification.self, .documentUpdate) { server, note in server.didChangeWatchedFiles(note) }
    add(DidChangeWorkspaceFoldersNotification.self, .documentUpdate) { server, note in
      server.didChangeWorkspaceFolders(note)
    }
    add(DidChangeConfigurationNotification.self, .documentUpdate) { server, note in server.didChangeConfiguration(note) }
    add(WorkspaceSymbolRequest.self, .workspaceRequest) { server, request in try await server.workspaceSymbol(request) }
    add(SextantSearchRequest.self, .workspaceRequest) { server, request in try await server.search(request) }
    add(SextantSearchBatchRequest.self, .workspaceRequest) { server, request in try await server.searchBatch(request) }
    add(SextantStatusRequest.self, .workspaceRequest) { server, _ in try server.statusJSON() }
    add(SextantSymbolHistoryRequest.self, .workspaceRequest) { server, request in try server.symbolHistory(request) }
    add(SextantDriftRequest.self, .workspaceRequest) { server, request in try server.drift(request) }
    add(SextantFindSimilarRequest.self, .workspaceRequest) { server, request in try await server.findSimilar(request) }
    // Freestanding: a request waiting for a whole run must not hold up the edits, `shutdown`
    // or `exit` that arrive after it (the run reads the disk, so it needs no ordering).
    add(SextantIndexRequest.self, .freestanding) { server, request in try await server.index(request) }
    add(SextantDuplicatesRequest.self, .workspaceRequest) { server, request in try server.duplicates(request) }
    add(CodeActionRequest.self, .workspaceRequest) { server, request in try server.codeActions(request) }
    add(ExecuteCommandRequest.self, .workspaceRequest) { server, request in try await server.executeCommand(request) }
    return table
  }()

  /// Decodes params, turning a shape mismatch into -32602 with the decoder's explanation.
  static func decodeParams<T: Decodable>(_ type: T.Type, _ params: JSONValue?) throws -> T {
    do {
      return try JSONCoding.decode(T.self, from: params)
    } catch let error as DecodingError {
      throw ResponseError.invalidParams(describe(error))
    }
  }

  private static func describe(_ error: DecodingError) -> String {
    /// `queries[1].query`, or `params` for the whole.
    func path(_ codingPath: [any CodingKey]) -> String {
      var text = ""
      for key in codingPath {
        if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
      }
      return text.isEmpty ? "params" : text
    }
    /// What a JSON client calls the type a field must have.
    func expected(_ type: Any.Type) -> String {
      switch "\(type)" {
      case "String": "a string"
      case "Int", "Int32", "Int64", "UInt": "an integer"
      case "Double", "Float": "a number"
      case "Bool": "a boolean"
      case let name where name.hasPrefix("Array"): "an array"
      case let name where name.hasPrefix("Dictionary"): "an object"
      default: "an object"
      }
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "invalid params: missing \(path(context.codingPath + [key]))"
    case .typeMismatch(let type, let context):
      return "invalid params: \(path(context.codingPath)) must be \(expected(type))"
    case .valueNotFound(let type, let context):
      return "invalid params: \(path(context.codingPath)) is null; it must be \(expected(type))"
    case .dataCorrupted(let context):
      // A number that does not fit the field (2.5 for an integer) is reported as unreadable data.
      if context.codingPath.isEmpty { return "invalid params: a value does not fit its field (an integer given as a fraction?)" }
      return "invalid params: \(path(context.codingPath)) does not fit: \(context.debugDescription)"
    @unknown default:
      return "invalid params"
    }
  }
}
