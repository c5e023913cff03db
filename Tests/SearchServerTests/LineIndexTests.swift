import LSPProtocol
import Testing

@testable import SearchServer

struct LineIndexTests {
  private func check(_ text: String, line: Int, character: Int, offset: Int, exact: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
    let result = LineIndex(text).byteOffset(line: line, utf16Character: character)
    #expect(result.offset == offset, sourceLocation: sourceLocation)
    #expect((result.clamping == .exact) == exact, sourceLocation: sourceLocation)
  }

  @Test func asciiAndMultiByteColumns() {
    check("abc\ndef", line: 1, character: 2, offset: 6)
    check("é=1", line: 0, character: 1, offset: 2)  // é is 2 bytes, 1 unit
    check("€x", line: 0, character: 1, offset: 3)  // € is 3 bytes, 1 unit
    check("😀x", line: 0, character: 2, offset: 4)  // 😀 is 4 bytes, 2 units
    check("a😀b", line: 0, character: 3, offset: 5)
  }

  @Test func surrogatePairMiddleSnapsToCharacterStart() {
    check("a😀b", line: 0, character: 2, offset: 1, exact: false)
  }

  @Test func pastTheEndIsClamped() {
    check("abc\nde", line: 0, character: 10, offset: 3, exact: false)
    check("abc\nde", line: 5, character: 0, offset: 6, exact: false)
    check("abc\r\nde", line: 0, character: 4, offset: 3, exact: false)
    check("abc", line: -1, character: 0, offset: 0, exact: false)
  }

  @Test func utf16ColumnsFromBytes() {
    let index = LineIndex("x\n😀é€z")
    #expect(index.utf16Character(line: 1, byteColumn: 0) == 0)
    #expect(index.utf16Character(line: 1, byteColumn: 4) == 2)
    #expect(index.utf16Character(line: 1, byteColumn: 6) == 3)
    #expect(index.utf16Character(line: 1, byteColumn: 9) == 4)
    #expect(index.utf16Character(line: 1, byteColumn: 99) == 5)
  }
}

struct DocumentStoreTests {
  private func edited(_ text: String, _ changes: [(Int, Int, Int, Int, String)]) -> (String, DocumentStore.EditProblem?, Int) {
    var store = DocumentStore()
    store.open(.init(uri: "file:///a", languageId: "swift", version: 1, text: text))
    let events = changes.map { change in
      TextDocumentContentChangeEvent(
        range: LSPRange(start: Position(line: change.0, character: change.1), end: Position(line: change.2, character: change.3)),
        text: change.4)
    }
    let result = store.change(uri: "file:///a", version: 2, changes: events)
    return (store["file:///a"]?.text ?? "", result.problem, result.warnings.count)
  }

  @Test func incrementalEditsApplyInOrder() {
    #expect(edited("hello world", [(0, 6, 0, 11, "there")]).0 == "hello there")
    #expect(edited("ab\ncd", [(0, 1, 1, 1, "X"), (0, 0, 0, 0, ">")]).0 == ">aXd")
    #expect(edited("😀😀", [(0, 2, 0, 4, "!")]).0 == "😀!")
  }

  @Test func insertionAtEndAndPastEnd() {
    let (text, problem, warnings) = edited("abc", [(0, 3, 0, 3, "d"), (9, 0, 9, 0, "!")])
    #expect(text == "abcd!")
    #expect(problem == nil)
    #expect(warnings == 2)
  }

  @Test func invertedRangeIsRejectedAndDocumentKept() {
    let (text, problem, _) = edited("abcdef", [(0, 4, 0, 1, "X")])
    #expect(text == "abcdef")
    if case .invertedRange = problem {} else { Issue.record("expected an inverted range problem") }
  }

  @Test func fullReplacement() {
    var store = DocumentStore()
    store.open(.init(uri: "u", languageId: "py", version: 1, text: "old"))
    _ = store.change(uri: "u", version: 2, changes: [.init(text: "new text")])
    #expect(store["u"]?.text == "new text")
    #expect(store["u"]?.version == 2)
  }
}

