import Foundation
import LSPProtocol
import SearchEngine

extension LanguageServer {
  func requireEngine() throws -> SearchEngine {
    guard let engine = withState({ engine }) else { throw ResponseError.serverNotInitialized }
    return engine
  }

  func workspaceSymbol(_ request: WorkspaceSymbolRequest) async throws -> [SymbolInformation] {
    let engine = try requireEngine()
    applyPendingEdits(needsVectors: false)
    await engine.prepareWorkspaceSymbols(matching: request.query)
    let hits = engine.workspaceSymbols(matching: request.query, limit: withState { settings.symbolLimit })
    try Task.checkCancellation()
    var converter = makePositionConverter()
    return hits.map { hit in
      let path = hit.absolutePath
      return SymbolInformation(
        name: hit.symbol.name, kind: hit.symbol.kind.rawValue,
        location: Location(uri: FileURI.uri(of: path), range: converter.range(of: hit.symbol.nameSpan, inFile: path)),
        containerName: hit.symbol.container)
    }
  }

  /// From this many changed files in one notification on (a branch switch, a pull, a build
  /// writing sources), one indexing run replaces the per-file updates: it reads what changed by
  /// size, time and content hash, commits in batches, and takes vectors of content seen before
  /// from the embedding cache, so switching back costs no model call.
  static let massChangeThreshold = 50

  func didChangeWatchedFiles(_ note: DidChangeWatchedFilesNotification) {
    if note.changes.count >= Self.massChangeThreshold {
      log(.info, "\(note.changes.count) files changed on disk; re-indexing the workspace as one run")
      startIndexing(title: "Re-indexing after \(note.changes.count) file changes")
      return
    }
    // The shared index follows the disk; an open document's unsaved text stays in front.
    for change in note.changes { scheduleDiskUpdate(uri: change.uri) }
  }

  func didChangeWorkspaceFolders(_ note: DidChangeWorkspaceFoldersNotification) {
    guard let engine = withState({ engine }) else { return }
    for folder in note.event.removed {
      if let path = FileURI.path(of: folder.uri) { engine.close(folder: URL(fileURLWithPath: path, isDirectory: true)) }
    }
    // Open documents of a removed folder may belong to an outer one now: their text goes there.
    if !note.event.removed.isEmpty {
      for uri in withState({ Array(documents.documents.keys) }) { refreshEditorText(uri: uri) }
    }
    var warnings: [String] = []
    let request = InitializeRequest(workspaceFolders: note.event.added)
    let roots = note.event.added.isEmpty ? [] : LanguageServer.workspaceRoots(of: request, warnings: &warnings)
    for warning in warnings { log(.warning, warning) }
    let removed = Set(note.event.removed.compactMap { FileURI.path(of: $0.uri) }.map {
      URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL
    })
    withState { self.roots = self.roots.filter { !removed.contains($0) } + roots }
    guard !roots.isEmpty else { return }
    do {
      try engine.open(folders: roots)
    } catch {
      log(.error, "could not open the index of an added folder: \(error)")
    }
    startIndexing(title: "Indexing added folders")
  }

  func executeCommand(_ request: ExecuteCommandRequest) async throws -> JSONValue {
    guard let command = Command(rawValue: request.command) else {
      throw ResponseError.invalidParams(
        "unknown command \(request.command); available: \(Command.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    switch command {
    case .reindex:
      startIndexing(title: "Re-indexing workspace")
      return .null
    case .status:
      return try statusJSON()
    case .search:
      return try JSONCoding.encode(try await search(try HandlerTable.decodeParams(SextantSearchRequest.self, soleArgument(request))))
    case .findSimilar:
      return try JSONCoding.encode(
        try await findSimilar(try HandlerTable.decodeParams(SextantFindSimilarRequest.self, soleArgument(request))))
    case .duplicates:
      return try JSONCoding.encode(
        try duplicates(try HandlerTable.decodeParams(SextantDuplicatesRequest.self, soleArgument(request))))
    }
  }

  /// The one argument a command takes: the params of the request it stands for.
  private func soleArgument(_ request: ExecuteCommandRequest) throws -> JSONValue {
    guard let arguments = request.arguments, arguments.count == 1, let first = arguments.first else {
      throw ResponseError.invalidParams(
        "\(request.command) takes one argument: the params of the request it stands for")
    }
    return first
  }

  /// "Find similar code" on the declaration under the cursor, or on the selected text.
  func codeActions(_ request: CodeActionRequest) throws -> [CodeActionCommand] {
    guard FileURI.path(of: request.textDocument.uri) != nil else { return [] }
    let document: JSONValue = ["uri": .string(request.textDocument.uri)]
    let range = request.range
    let target: JSONValue
    // A range within one line is a cursor as editors send it (Helix: the character under it;
    // Eglot: the expression at point), not a selection of code: the declaration there is meant.
    if range.start.line == range.end.line {
      target = ["textDocument": document, "position": try JSONCoding.encode(range.start)]
    } else {
      target = ["textDocument": document, "range": try JSONCoding.encode(range)]
    }
    return [CodeActionCommand(title: "Find similar code", command: Command.findSimilar.rawValue, arguments: [target])]
  }
}
