import Foundation
import LSPProtocol

/// The text of every document the editor has open, kept current from `didOpen`/`didChange`.
///
/// While a document is open its text, not the file on disk, is what gets indexed and what
/// positions are converted against.
struct DocumentStore {
  struct Document {
    var uri: String
    var languageID: String
    var version: Int
    var bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }
  }

  private(set) var documents: [String: Document] = [:]

  mutating func open(_ item: TextDocumentItem) {
    documents[item.uri] = Document(
      uri: item.uri, languageID: item.languageId, version: item.version, bytes: Array(item.text.utf8))
  }

  mutating func close(uri: String) {
    documents[uri] = nil
  }

  subscript(uri: String) -> Document? { documents[uri] }

  /// Why an edit could not be applied as sent.
  enum EditProblem: Error, Equatable {
    case notOpen(String)
    case invertedRange(LSPRange)
  }

  /// Applies a `didChange` in order. Positions past the end are clamped (noted in `warnings`);
  /// a range whose start is after its end is rejected and leaves the document as it was.
  mutating func change(
    uri: String, version: Int, changes: [TextDocumentContentChangeEvent]
  ) -> (warnings: [String], problem: EditProblem?) {
    guard var document = documents[uri] else { return ([], .notOpen(uri)) }
    var warnings: [String] = []
    for change in changes {
      guard let range = change.range else {
        document.bytes = Array(change.text.utf8)
        continue
      }
      if range.end < range.start {
        return (warnings, .invertedRange(range))
      }
      let index = LineIndex(bytes: document.bytes)
      let start = index.byteOffset(line: range.start.line, utf16Character: range.start.character)
      let end = index.byteOffset(line: range.end.line, utf16Character: range.end.character)
      for case .clamped(let reason) in [start.clamping, end.clamping] {
        warnings.append("\(uri): \(reason); clamped")
      }
      let lower = min(start.offset, end.offset)
      document.bytes.replaceSubrange(lower..<max(lower, end.offset), with: Array(change.text.utf8))
    }
    document.version = version
    documents[uri] = document
    return (warnings, nil)
  }
}
