import EmbeddingProviders
import Foundation
import LSPProtocol
import SearchEngine
import Synchronization

extension LanguageServer {
  /// Tells the user when a remote embedding provider stops answering and indexing pauses,
  /// and when it resumes: in the log each time, in `$/progress` while a run reports, and in a
  /// `window/showMessage` once per outage (not once per retry).
  func watchProvider(of engine: SearchEngine) {
    guard let provider = engine.provider else { return }
    let shown = ProviderOutageFlag()
    provider.onStateChange { [weak self] state in self?.providerStateChanged(state, shown: shown) }
  }

  private func providerStateChanged(_ state: ProviderState, shown: ProviderOutageFlag) {
    let token = withState { indexing.progressToken }
    let coverage = withState { indexing.coverage }
    switch state {
    case .paused(let reason, _, let next):
      let time = DateFormatter.localizedString(from: next, dateStyle: .none, timeStyle: .medium)
      let message =
        "indexing paused: the embedding provider is not answering (\(reason)); trying again from \(time),"
        + " and resuming where it stopped (committed vectors are kept)"
      log(.warning, message)
      if shown.claim() { notify(ShowMessageNotification(type: .warning, message: "sextant: \(message)")) }
      if let token {
        notify(ProgressNotification(token: token, value: .report(message: "paused: provider not answering", percentage: Int(coverage * 100))))
      }
    case .available:
      shown.reset()
      log(.info, "the embedding provider answers again; indexing resumes")
      if let token {
        notify(ProgressNotification(token: token, value: .report(message: "resumed: provider answering", percentage: Int(coverage * 100))))
      }
    }
  }
}

/// Whether this outage was already shown to the user; reset when the provider answers.
final class ProviderOutageFlag: Sendable {
  private let shown = Mutex(false)

  /// True the first time in an outage.
  func claim() -> Bool {
    shown.withLock { shown in
      defer { shown = true }
      return !shown
    }
  }

  func reset() { shown.withLock { $0 = false } }
}
