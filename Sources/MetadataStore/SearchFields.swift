/// The words BM25 sees for a chunk besides its text, each in a field of its own so that a
/// match in a name counts for more than one in a body.
///
/// Names and containers are split into the words a person would type (`retryUpload` →
/// `retryUpload retry upload`); the path gives its folder and file names without the
/// extension (`Sources/Net/UploadQueue.swift` → `sources net upload queue uploadqueue`), so a
/// query that names a module or file finds the code in it.
package enum SearchFields {
  /// The full-text fields of a chunk in the index's column order (name, container, path,
  /// identifier words, text): what the catalog stores and what an editor's unsaved text is
  /// scored on, so the two rank alike.
  package static func fields(name: String, container: String?, pathWords: String, text: String) -> [String] {
    [
      nameWords(name), containerWords(container), pathWords,
      IdentifierSplitter.words(in: name + " " + text).joined(separator: " "), text,
    ]
  }

  package static func nameWords(_ name: String) -> String {
    words(of: name)
  }

  package static func containerWords(_ container: String?) -> String {
    container.map(words(of:)) ?? ""
  }

  package static func pathWords(_ path: String) -> String {
    var components = path.split(separator: "/").map(String.init)
    if let file = components.popLast() {
      let stem = file.split(separator: ".").first.map(String.init) ?? file
      components.append(stem)
    }
    return words(of: components.joined(separator: " "))
  }

  /// Each identifier of `text`, lower-cased, followed by its parts when it has several.
  private static func words(of text: String) -> String {
    var result: [String] = []
    IdentifierSplitter.forEachIdentifier(in: text) { token in
      result.append(String(token).lowercased())
      let parts = IdentifierSplitter.split(identifier: token)
      if parts.count > 1 { result += parts }
    }
    return result.joined(separator: " ")
  }
}
