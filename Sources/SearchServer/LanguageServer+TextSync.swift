import Foundation
import LSPProtocol

extension LanguageServer {
  func didOpen(_ note: DidOpenTextDocumentNotification) {
    withState { documents.open(note.textDocument) }
    // Findable at once from the editor's text; the index catches up with the disk after.
    scheduleEditorText(uri: note.textDocument.uri, delayMilliseconds: 0)
    scheduleDiskUpdate(uri: note.textDocument.uri)
  }

  func didChange(_ note: DidChangeTextDocumentNotification) {
    let (result, delay) = withState {
      (
        documents.change(uri: note.textDocument.uri, version: note.textDocument.version, changes: note.contentChanges),
        settings.reindexDelayMs
      )
    }
    for warning in result.warnings { log(.warning, warning) }
    switch result.problem {
    case .notOpen(let uri):
      log(.warning, "didChange for \(uri), which is not open; ignored")
    case .invertedRange(let range):
      log(
        .warning,
        "didChange for \(note.textDocument.uri) has a range whose start \(range.start) is after its end \(range.end); change rejected"
      )
    case nil:
      scheduleEditorText(uri: note.textDocument.uri, delayMilliseconds: delay)
    }
  }

  func didClose(_ note: DidCloseTextDocumentNotification) {
    withState { documents.close(uri: note.textDocument.uri) }
    // The editor's text is gone; what is on disk is what counts again.
    dropEditorText(uri: note.textDocument.uri)
  }

  func didSave(_ note: DidSaveTextDocumentNotification) {
    // The saved text goes into the shared index; the overlay then matches it and goes.
    scheduleDiskUpdate(uri: note.textDocument.uri)
  }
}
