import Foundation

extension SearchEngine {
  /// Takes an open document's unsaved text (see ``WorkspaceIndex/setEditorText(relativePath:text:embed:)``):
  /// this engine's answers come from it, the shared index keeps the saved file.
  @discardableResult
  package func setEditorText(
    absolutePath: String, text: String, generation: Int = 0, embed: Bool = true, recheckRules: Bool = false
  ) throws -> WorkspaceIndex.EditorTextOutcome {
    guard let (index, relative) = folder(containing: absolutePath) else { return .ignored }
    return try index.setEditorText(
      relativePath: relative, text: text, generation: generation, embed: embed, recheckRules: recheckRules)
  }

  /// Forgets a document's unsaved text (edits older than `generation` no longer apply);
  /// returns whether there was any.
  @discardableResult
  package func dropEditorText(absolutePath: String, generation: Int = 0) -> Bool {
    guard let (index, relative) = folder(containing: absolutePath) else { return false }
    return index.dropEditorText(relativePath: relative, generation: generation)
  }

  /// Embeds unsaved chunks left without vectors; returns how many the model embedded.
  @discardableResult
  package func embedOverlays() throws -> Int {
    try openFolders.reduce(0) { $0 + (try $1.embedOverlays()) }
  }
}
