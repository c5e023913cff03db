import Foundation
import SearchCore
import Testing

@testable import MetadataStore

/// The same bodies run on an in-memory catalog and on a file-backed WAL pool.
struct CatalogTests {
  enum Storage: CaseIterable { case memory, disk }

  private func makeCatalog(_ storage: Storage) throws -> (Catalog, URL?) {
    switch storage {
    case .memory:
      return (try Catalog(), nil)
    case .disk:
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
      return (try Catalog(url: directory.appendingPathComponent("catalog.sqlite")), directory)
    }
  }

  private func chunk(_ path: String, _ name: String, _ text: String, line: Int = 0, kind: SymbolKind? = .function) -> Chunk {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    return Chunk(
      path: path, name: name, kind: kind, container: nil, signature: nil, ordinal: 0,
      span: TextSpan(start: .init(line: line, column: 0), end: .init(line: line + lines, column: 0), bytes: 0..<text.utf8.count),
      text: text, language: "Python")
  }

  private func symbol(_ name: String, line: Int) -> Symbol {
    let span = TextSpan(start: .init(line: line, column: 4), end: .init(line: line + 2, column: 0), bytes: 10..<40)
    return Symbol(
      name: name, kind: .function, container: "Uploader", signature: "def \(name)(self)", span: span,
      nameSpan: TextSpan(start: .init(line: line, column: 8), end: .init(line: line, column: 8 + name.count), bytes: 14..<(14 + name.count)))
  }

  private func record(_ path: String, hash: String = "h") -> FileRecord {
    FileRecord(path: path, size: 10, modifiedNanoseconds: 5, contentHash: ContentHash(hex: hash), language: "Python", chunker: "ctags")
  }

  @Test(arguments: Storage.allCases)
  func roundTripsFilesChunksAndSymbols(storage: Storage) throws {
    let (catalog, directory) = try makeCatalog(storage)
    defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
    try catalog.apply(updates: [
      .init(
        record: record("up.py"),
        chunks: [chunk("up.py", "retry_upload", "def retry_upload(self):\n    for attempt in range(3):\n        self.send()")],
        symbols: [symbol("retry_upload", line: 3)])
    ])
    #expect(try catalog.fileRecords()["up.py"] == record("up.py"))
    let symbols = try catalog.allSymbols()
    #expect(symbols.count == 1)
    #expect(symbols.first?.symbol.name == "retry_upload")
    #expect(symbols.first?.symbol.nameSpan.start == TextPosition(line: 3, column: 8))
    #expect(symbols.first?.symbol.container == "Uploader")
    let chunks = try catalog.chunks(inFile: "up.py")
    #expect(chunks.map(\.id.description) == ["up.py#retry_upload"])
    #expect(chunks.first?.contentHash == ContentHash.of("def retry_upload(self):\n    for attempt in range(3):\n        self.send()"))
  }

  @Test(arguments: Storage.allCases)
  func replacingAFileReplacesItsChunksAndFullText(storage: Storage) throws {
    let (catalog, directory) = try makeCatalog(storage)
    defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
    try catalog.apply(updates: [.init(record: record("a.py"), chunks: [chunk("a.py", "alpha_widget", "def alpha_widget(): pass")], symbols: [])])
    #expect(try catalog.lexicalSearch("alpha_widget", limit: 5).count == 1)
    try catalog.apply(updates: [.init(record: record("a.py", hash: "h2"), chunks: [chunk("a.py", "beta_gadget", "def beta_gadget(): pass")], symbols: [])])
    #expect(try catalog.lexicalSearch("alpha_widget", limit: 5).isEmpty)
    #expect(try catalog.lexicalSearch("widget", limit: 5).isEmpty)
    #expect(try catalog.lexicalSearch("gadget", limit: 5).map(\.id.name) == ["beta_gadget"])
    try catalog.apply(updates: [], removedPaths: ["a.py"])
    #expect(try catalog.lexicalSearch("gadget", limit: 5).isEmpty)
    #expect(try catalog.statistics().chunks == 0)
  }

  @Test func lexicalSearchFindsCamelCaseWordsAndRanksNamesFirst() throws {
    let catalog = try Catalog()
    try catalog.apply(updates: [
      .init(
        record: record("a.swift"),
        chunks: [
          chunk("a.swift", "getHTTPResponseCode", "func getHTTPResponseCode() -> Int { code }"),
          chunk("a.swift", "log", "func log() { print(\"the response was slow\") }", line: 5),
          chunk("a.swift", "unrelated", "func unrelated() {}", line: 9),
        ], symbols: [])
    ])
    let hits = try catalog.lexicalSearch("response code", limit: 10)
    #expect(hits.map(\.id.name) == ["getHTTPResponseCode", "log"])
    #expect(hits[0].score > hits[1].score)
  }

  @Test func queriesWithOperatorCharactersNeverFail() throws {
    let catalog = try Catalog()
    try catalog.apply(updates: [.init(record: record("a.c"), chunks: [chunk("a.c", "main", "int main() { return 0; }")], symbols: [])])
    for query in ["\"", "a OR", "NEAR(", "*", "-x", "col:main", "(((", "", "   ", "main\"", "😀"] {
      _ = try catalog.lexicalSearch(query, limit: 5)
    }
    #expect(try catalog.lexicalSearch("main()", limit: 5).count == 1)
  }

  @Test func reopeningKeepsDataAndFormatVersion() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("catalog.sqlite")
    do {
      let catalog = try Catalog(url: url)
      try catalog.apply(updates: [.init(record: record("x.py"), chunks: [], symbols: [])])
    }
    let reopened = try Catalog(url: url)
    #expect(try reopened.fileRecords().keys.sorted() == ["x.py"])
    #expect(try reopened.formatVersion() == Catalog.currentFormatVersion)
  }
}

struct IdentifierSplitterTests {
  @Test func asciiShortcutsAgreeWithUnicodeProperties() {
    for value in UInt32(0)...0x7F {
      let scalar = Unicode.Scalar(value)!
      let properties = scalar.properties
      #expect(
        IdentifierSplitter.isIdentifierPart(scalar)
          == (properties.isAlphabetic || properties.numericType != nil || scalar == "_"), "\(value)")
      #expect(IdentifierSplitter.isUppercase(scalar) == properties.isUppercase, "\(value)")
      #expect(IdentifierSplitter.isLowercase(scalar) == properties.isLowercase, "\(value)")
      #expect(IdentifierSplitter.isNumeric(scalar) == (properties.numericType != nil), "\(value)")
    }
    #expect(IdentifierSplitter.words(in: "größeÄnderung Ωmega_λ2") == ["größe", "änderung", "ωmega"])
  }

  private func check(_ identifier: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(IdentifierSplitter.split(identifier: identifier.unicodeScalars) == expected, sourceLocation: sourceLocation)
  }

  @Test func splitsTheWaysPeopleName() {
    check("getHTTPResponseCode", ["get", "http", "response", "code"])
    check("parse_config", ["parse", "config"])
    check("__init__", ["init"])
    check("XMLParser", ["xml", "parser"])
    check("utf8Decode", ["utf", "8", "decode"])
    check("simple", ["simple"])
    check("$scope", ["scope"])
    check("SCREAMING_CASE", ["screaming", "case"])
  }

  @Test func wordsOfTextKeepsOnlyCompoundIdentifiers() {
    #expect(IdentifierSplitter.words(in: "let x = parseJSONValue(snake_case) + plain") == ["parse", "json", "value", "snake", "case"])
  }

  @Test func fullTextQueryQuotesEveryTerm() {
    #expect(FullTextQuery.expression(for: "retryUpload now") == "\"retryupload\" OR \"retry\" OR \"upload\" OR \"now\"")
    #expect(FullTextQuery.expression(for: "-- * ()") == nil)
  }
}
