import Foundation
import LSPProtocol
import SearchEngine
import Synchronization

extension LanguageServer {
  /// How long the first `workspace/configuration` answer is waited for before indexing starts
  /// with the settings at hand.
  static let configurationTimeout: DispatchTimeInterval = .seconds(3)

  /// Asks the client for its `sextant` settings when it can answer `workspace/configuration`,
  /// merges every layer again and adopts the result (``adoptSettings``), then calls `then`;
  /// without an answer in time, the layers at hand are merged instead.
  func readClientConfiguration(reindex: Bool, then: @escaping @Sendable () -> Void) {
    let supported = withState { clientCapabilities["workspace"]?["configuration"]?.boolValue ?? false }
    guard supported else {
      adoptSettings(clientConfiguration: nil, warnings: [], reindex: reindex, then: then)
      return
    }
    let once = OnceFlag()
    sendRequest(method: "workspace/configuration", params: ["items": [["section": "sextant"]]]) { [self] result in
      takeClientConfiguration(result, inTime: once.claim(), reindex: reindex, then: then)
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + Self.configurationTimeout) { [self] in
      guard once.claim() else { return }
      log(.warning, "no answer to workspace/configuration in time; going on with the settings at hand until it comes")
      adoptSettings(clientConfiguration: nil, warnings: [], reindex: reindex, then: then)
    }
  }

  /// The client's answer: adopted whenever it comes. One after the timeout still counts: what
  /// started meanwhile with the settings at hand is redone with it.
  private func takeClientConfiguration(
    _ result: Result<JSONValue, ResponseError>, inTime: Bool, reindex: Bool, then: @escaping @Sendable () -> Void
  ) {
    switch result {
    case .success(let answer):
      var warnings: [String] = []
      let layer = SettingsLayers.layer(answer.arrayValue?.first, source: "workspace/configuration", warnings: &warnings)
      if inTime {
        adoptSettings(clientConfiguration: .some(layer), warnings: warnings, reindex: reindex, then: then)
      } else {
        adoptSettings(clientConfiguration: .some(layer), warnings: warnings, reindex: true, then: {})
      }
    case .failure(let error):
      guard inTime else { return }
      log(.warning, "workspace/configuration failed (\(error.message)); using the settings at hand")
      adoptSettings(clientConfiguration: nil, warnings: [], reindex: reindex, then: then)
    }
  }

  /// `workspace/didChangeConfiguration`: settings pushed under `sextant` are adopted as they
  /// are; otherwise they are asked for again.
  func didChangeConfiguration(_ note: DidChangeConfigurationNotification) {
    if let pushed = note.settings?["sextant"], pushed != .null {
      var warnings: [String] = []
      let layer = SettingsLayers.layer(pushed, source: "workspace/didChangeConfiguration", warnings: &warnings)
      adoptSettings(clientConfiguration: .some(layer), warnings: warnings, reindex: true, then: {})
    } else {
      // A pull client, or `.sextant.json` edited: merge every layer again.
      readClientConfiguration(reindex: true, then: {})
    }
  }

  /// Merges the layers again (with a new client layer when given), and applies the result:
  /// limits and delays at once; a change of model, index or scan rules by building the engine
  /// again on the index queue (after any run in progress), and indexing with it when `reindex`.
  func adoptSettings(
    clientConfiguration: [String: SettingValue]??, warnings given: [String], reindex: Bool,
    then: @escaping @Sendable () -> Void
  ) {
    var warnings = given
    let (old, new, folders): (Settings, Settings, [URL]) = withState {
      if let clientConfiguration { settingsLayers.clientConfiguration = clientConfiguration }
      let merged = settingsLayers.merged(roots: self.roots, warnings: &warnings)
      defer { settings = merged }
      return (settings, merged, self.roots)
    }
    // Merging again repeats the warnings of layers that did not change: each is said once.
    let fresh: [String] = withState {
      let unseen = warnings.filter { !settingsWarningsShown.contains($0) }
      settingsWarningsShown.formUnion(unseen)
      return unseen
    }
    for warning in fresh { log(.warning, warning) }
    guard !new.sameEngine(as: old) else {
      then()
      return
    }
    let changed = SettingKey.all.filter { $0.needsNewEngine && $0.describe(old) != $0.describe(new) }.map(\.name)
    // The run that follows counts from now: nobody reads the old engine's idle state as done.
    let replaced: SearchEngine? = withState {
      engineRebuilds += 1
      if reindex { indexing.awaitingSettings = true }
      return engine
    }
    // Its run or file update (paused behind a provider that is down, say) must not hold up
    // the new engine's build, queued behind it.
    replaced?.stopWork()
    log(.info, "settings changed (\(changed.joined(separator: ", "))): building the engine again")
    indexQueue.async { [self] in
      // The old engine's nearest-neighbour indexes are saved first: the new engine opens the
      // same index directory (when it stays) and maps them instead of training again.
      withState { self.engine }?.saveIndexes()
      var problems: [String] = []
      // The folders as they are now, not when the change was decided.
      let (engine, modelProblem) = buildEngine(settings: new, roots: withState { self.roots }, warnings: &problems)
      let previous: SearchEngine? = withState {
        defer { self.engine = engine }
        return self.engine
      }
      // Folders added or removed while the engine was being built went to the old one.
      reconcileFolders(of: engine)
      // Requests already holding the old engine finish with it; its chunker stops after them.
      if let previous {
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.retiredEngineGrace) { previous.retire() }
      }
      for problem in problems { log(.warning, problem) }
      if let modelProblem {
        log(.error, modelProblem)
        notify(ShowMessageNotification(type: .error, message: modelProblem))
      }
      // Open documents' unsaved text goes to the new engine too.
      for uri in withState({ Array(documents.documents.keys) }) { refreshEditorText(uri: uri) }
      then()
      if reindex {
        startIndexing(title: "Indexing with the new settings")
        withState { indexing.awaitingSettings = false }
      }
    }
  }

  /// How long an engine replaced by a settings change lives on for requests that still hold it.
  static let retiredEngineGrace: DispatchTimeInterval = .seconds(30)

  /// Opens the workspace folders the engine lacks and closes those no longer in the workspace.
  func reconcileFolders(of engine: SearchEngine) {
    let roots = withState { self.roots }
    let open = Set(engine.openFolders.map(\.root.standardizedFileURL))
    let wanted = Set(roots.map(\.standardizedFileURL))
    for root in open.subtracting(wanted) { engine.close(folder: root) }
    let missing = roots.filter { !open.contains($0.standardizedFileURL) }
    if !missing.isEmpty {
      do {
        try engine.open(folders: missing)
      } catch {
        log(.error, "could not open the index of a folder: \(error)")
      }
    }
  }
}

/// True for the first caller only: whichever of an answer and a timeout comes first wins.
final class OnceFlag: Sendable {
  private let claimed = Mutex(false)

  func claim() -> Bool {
    claimed.withLock { done in
      defer { done = true }
      return !done
    }
  }
}
