import Embedding
import EmbeddingProviders
import Foundation
import LSPProtocol
import SearchEngine

extension LanguageServer {
  static let version = "0.1.0"

  /// Commands offered through `workspace/executeCommand`.
  enum Command: String, CaseIterable {
    /// Re-scan every folder and index what changed.
    case reindex = "sextant.reindex"
    /// The same answer as `sextant/status`.
    case status = "sextant.status"
    /// `sextant/search` for clients that cannot send custom requests (one argument: its params).
    case search = "sextant.search"
    /// `sextant/findSimilar` the same way; also what the "Find similar code" code action runs.
    case findSimilar = "sextant.findSimilar"
    /// `sextant/duplicates` the same way.
    case duplicates = "sextant.duplicates"
  }

  /// Reads the folders and settings, builds the engine, opens each folder's index.
  func initialize(_ request: InitializeRequest) throws -> InitializeResult {
    var warnings: [String] = []
    let roots = LanguageServer.workspaceRoots(of: request, warnings: &warnings)
    var layers = SettingsLayers()
    layers.initializationOptions = SettingsLayers.layer(
      request.initializationOptions, source: "initializationOptions", warnings: &warnings)
    let settings = layers.merged(roots: roots, warnings: &warnings)
    let (engine, modelProblem) = buildEngine(settings: settings, roots: roots, warnings: &warnings)
    withState {
      self.settings = settings
      self.settingsLayers = layers
      settingsWarningsShown = Set(warnings)
      self.roots = roots
      self.engine = engine
      clientCapabilities = request.capabilities ?? .null
      lifecycle = .running
    }
    for warning in warnings { log(.warning, warning) }
    if let modelProblem {
      log(.error, modelProblem)
      notify(ShowMessageNotification(type: .error, message: modelProblem))
    }

    let capabilities: JSONValue = [
      "textDocumentSync": [
        "openClose": true,
        "change": 2,
        "save": ["includeText": false],
      ],
      "workspaceSymbolProvider": true,
      "codeActionProvider": true,
      "workspace": [
        "workspaceFolders": ["supported": true, "changeNotifications": true]
      ],
      "executeCommandProvider": ["commands": .array(Command.allCases.map { .string($0.rawValue) })],
      "experimental": [
        "sextant": [
          "search": true, "searchBatch": true, "status": true, "findSimilar": true, "duplicates": true, "index": true, "symbolHistory": true,
          "drift": true, "searchModes": .array(SearchMode.allCases.map { .string($0.rawValue) }),
        ]
      ],
    ]
    return InitializeResult(
      capabilities: capabilities, serverInfo: .init(name: "sextant", version: LanguageServer.version))
  }

  /// An engine for these settings with the roots opened; a model that cannot be loaded leaves
  /// semantic search off, with the reason.
  func buildEngine(settings: Settings, roots: [URL], warnings: inout [String]) -> (SearchEngine, modelProblem: String?) {
    var configuration = settings.engineConfiguration()
    var modelProblem: String?
    do {
      configuration.embedder = try settings.makeEmbedder(waitsForever: true)
    } catch {
      // Never a silent switch to another model: say why, and keep serving symbols and text.
      modelProblem = "sextant: semantic search is off: \(error)"
      configuration.embedderUnavailableReason = modelProblem
    }
    let engine = makeEngine(configuration)
    watchProvider(of: engine)
    for root in roots {
      do {
        try engine.open(folders: [root])
      } catch {
        warnings.append("could not open the index of \(root.path): \(error)")
      }
    }
    return (engine, modelProblem)
  }

  /// `workspaceFolders` when given, else `rootUri`, else the deprecated `rootPath`.
  static func workspaceRoots(of request: InitializeRequest, warnings: inout [String]) -> [URL] {
    var paths: [String] = []
    if let folders = request.workspaceFolders, !folders.isEmpty {
      for folder in folders {
        if let path = FileURI.path(of: folder.uri) {
          paths.append(path)
        } else {
          warnings.append("workspace folder \(folder.uri) is not a file URI; ignored")
        }
      }
    } else if let uri = request.rootUri {
      if let path = FileURI.path(of: uri) { paths.append(path) } else {
        warnings.append("rootUri \(uri) is not a file URI; ignored")
      }
    } else if let path = request.rootPath, !path.isEmpty {
      paths.append(path)
    }
    var roots: [URL] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        roots.append(URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL)
      } else {
        warnings.append("workspace folder \(path) does not exist; ignored")
      }
    }
    return roots
  }

  func handleInitialized() {
    guard let engine = withState({ self.engine }) else { return }
    if !engine.isCtagsAvailable {
      notify(
        ShowMessageNotification(
          type: .warning,
          message: "sextant: universal-ctags was not found; files other than Swift are indexed as line windows"))
    }
    registerFileWatchers()
    // The client's own settings come before the first run, which they may change.
    withState { indexing.awaitingSettings = settings.indexOnStartup }
    readClientConfiguration(reindex: false) { [self] in
      if withState({ settings.indexOnStartup }) { startIndexing(title: "Indexing workspace") }
      // Cleared once the run counts as running itself.
      withState { indexing.awaitingSettings = false }
    }
  }

  /// Asks the client to report file changes made outside the editor (a checkout, a build, a
  /// script), when it lets servers register for them; the ignore rules decide what counts.
  private func registerFileWatchers() {
    let dynamic = withState {
      clientCapabilities["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.boolValue ?? false
    }
    guard dynamic else { return }
    let registration: JSONValue = [
      "registrations": [
        [
          "id": "sextant-watched-files", "method": .string(DidChangeWatchedFilesNotification.method),
          "registerOptions": ["watchers": [["globPattern": "**/*"]]],
        ]
      ]
    ]
    sendRequest(method: "client/registerCapability", params: registration) { [self] result in
      if case .failure(let error) = result {
        log(.warning, "the client refused file watching (\(error.message)); changes made outside the editor are seen at the next start")
      }
    }
  }

  func handleShutdown() -> VoidResponse {
    withState { lifecycle = .shutDown }
    return VoidResponse()
  }
}
