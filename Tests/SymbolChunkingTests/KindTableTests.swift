import SearchCore
import Testing

@testable import SymbolChunking

/// ctags kinds map onto symbol kinds per language, corrected by context, and noise is dropped.
@Suite struct KindTableTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var language: String
    var kind: String
    var name = "thing"
    var scope: String? = nil
    var scopeKind: String? = nil
    var hasSignature = false
    var expected: SymbolKind?
    var testDescription: String {
      "\(language) \(kind) \(name) in \(scopeKind ?? "-") → \(expected?.name ?? "dropped")"
    }
  }

  static let cases: [Case] = [
    Case(
      language: "Python", kind: "member", scope: "Inventory", scopeKind: "class", expected: .method),
    Case(
      language: "Python", kind: "member", name: "__init__", scope: "Item", scopeKind: "class",
      expected: .constructor),
    Case(language: "Python", kind: "variable", scope: "Item", scopeKind: "class", expected: .field),
    Case(language: "Python", kind: "variable", expected: .variable),
    Case(language: "Python", kind: "namespace", expected: nil),
    Case(language: "Python", kind: "unknown", expected: nil),
    Case(language: "C", kind: "member", scope: "ring", scopeKind: "struct", expected: .field),
    Case(language: "C", kind: "macro", name: "RING_SIZE", expected: .constant),
    Case(language: "C", kind: "macro", name: "MAX", hasSignature: true, expected: .function),
    Case(language: "C", kind: "typedef", expected: .typeParameter),
    Case(language: "C", kind: "local", scope: "main", scopeKind: "function", expected: nil),
    Case(
      language: "C++", kind: "function", name: "area", scope: "geo::Shape", scopeKind: "class",
      expected: .method),
    Case(
      language: "C++", kind: "function", name: "Shape", scope: "geo::Shape", scopeKind: "class",
      expected: .constructor),
    Case(
      language: "C++", kind: "function", name: "~Shape", scope: "geo::Shape", scopeKind: "class",
      expected: .constructor),
    Case(
      language: "Java", kind: "method", name: "Greeter", scope: "Greeter", scopeKind: "class",
      expected: .constructor),
    Case(language: "Java", kind: "enumConstant", expected: .enumMember),
    Case(language: "Go", kind: "func", scope: "Store", scopeKind: "struct", expected: .method),
    Case(
      language: "Go", kind: "func", scope: "kvserver", scopeKind: "package", expected: .function),
    Case(language: "Go", kind: "type", expected: .class),
    Case(language: "Go", kind: "packageName", expected: nil),
    Case(language: "Rust", kind: "implementation", expected: .object),
    Case(
      language: "Rust", kind: "method", scope: "Weighted", scopeKind: "interface", expected: .method
    ),
    Case(
      language: "TypeScript", kind: "constant", scope: "save", scopeKind: "function", expected: nil),
    Case(
      language: "TypeScript", kind: "method", name: "constructor", scope: "Store",
      scopeKind: "class", expected: .constructor),
    Case(language: "TypeScript", kind: "alias", expected: .typeParameter),
    Case(
      language: "JavaScript", kind: "getter", scope: "Foo", scopeKind: "class", expected: .property),
    Case(
      language: "Kotlin", kind: "method", scope: "app", scopeKind: "package", expected: .function),
    Case(
      language: "PHP", kind: "function", scope: "App.Circle", scopeKind: "class", expected: .method),
    Case(language: "PHP", kind: "alias", expected: nil),
    Case(
      language: "Ruby", kind: "singletonMethod", scope: "Cart", scopeKind: "class",
      expected: .method),
    Case(language: "Ruby", kind: "library", expected: nil),
    Case(language: "Sh", kind: "function", expected: .function),
    Case(language: "Sh", kind: "heredoc", expected: nil),
    Case(language: "Markdown", kind: "chapter", expected: .namespace),
    Case(language: "Markdown", kind: "subsection", expected: .namespace),
    Case(language: "SQL", kind: "table", expected: .struct),
    Case(language: "SQL", kind: "field", scope: "users", scopeKind: "table", expected: .field),
    Case(language: "Elixir", kind: "macro", expected: .function),
    Case(language: "NoSuchLanguage", kind: "widget", hasSignature: true, expected: .function),
    Case(language: "NoSuchLanguage", kind: "widget", name: "MAX_SIZE", expected: .constant),
    Case(language: "NoSuchLanguage", kind: "widget", name: "size", expected: .variable),
  ]

  @Test(arguments: cases)
  func check(_ testCase: Case) {
    let kind = CtagsKindTable.symbolKind(
      language: testCase.language, kind: testCase.kind, scope: testCase.scope,
      scopeKind: testCase.scopeKind, name: testCase.name, hasSignature: testCase.hasSignature)
    #expect(kind == testCase.expected)
  }
}
