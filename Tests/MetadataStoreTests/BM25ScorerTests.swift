import Foundation
import SearchCore
import Testing

@testable import MetadataStore

/// Text scored outside the catalog must score exactly as FTS5 scores it inside.
struct BM25ScorerTests {
  private static let sources: [(path: String, name: String, container: String?, text: String)] = [
    ("net/uploads.py", "retry_upload", "Uploader", "def retry_upload(self, attempts=3):\n    # Retries failed uploads with backoff.\n    for attempt in range(attempts):\n        if self.send():\n            return True\n    return False"),
    ("net/uploads.py", "send", "Uploader", "def send(self):\n    return self.transport.post(self.payload)"),
    ("net/transport.py", "post", "HTTPTransport", "def post(self, payload):\n    response = self.session.post(self.url, data=payload)\n    response.raise_for_status()\n    return response"),
    ("config/loader.py", "parse_config_file", nil, "def parse_config_file(path):\n    with open(path) as handle:\n        return parse(handle.read())"),
    ("config/loader.py", "parse", nil, "def parse(text):\n    values = {}\n    for line in text.splitlines():\n        key, _, value = line.partition('=')\n        values[key.strip()] = value.strip()\n    return values"),
    ("Sources/Net/UploadQueue.swift", "enqueue", "UploadQueue", "func enqueue(_ upload: Upload) {\n  pending.append(upload)\n  retryFailedUploads()\n}"),
    ("Sources/Net/UploadQueue.swift", "retryFailedUploads", "UploadQueue", "func retryFailedUploads() {\n  for upload in failed where upload.attempts < maxAttempts {\n    upload.attempts += 1\n    transport.send(upload)\n  }\n}"),
    ("README.md", "lines 1-3", nil, "Uploading files: the queue retries every failed upload three times."),
  ]

  private func makeCatalog() throws -> Catalog {
    let catalog = try Catalog()
    var byPath: [String: [Chunk]] = [:]
    for (position, source) in Self.sources.enumerated() {
      let chunk = Chunk(
        path: source.path, name: source.name, kind: source.name.hasPrefix("lines") ? nil : .function,
        container: source.container, signature: nil, ordinal: 0,
        span: TextSpan(start: .init(line: position * 10, column: 0), end: .init(line: position * 10 + 5, column: 0), bytes: 0..<1),
        text: source.text, language: nil)
      byPath[source.path, default: []].append(chunk)
    }
    try catalog.apply(
      updates: byPath.map { path, chunks in
        .init(
          record: FileRecord(path: path, size: 1, modifiedNanoseconds: 1, contentHash: ContentHash.of(path), language: nil, chunker: "test"),
          chunks: chunks, symbols: [])
      })
    return catalog
  }

  @Test(arguments: [
    "retry failed uploads", "parse_config_file", "uploads", "send the payload", "UploadQueue", "values",
    "where do we retry failed uploads with backoff", "nothing matches zebra",
  ])
  func scoresEveryChunkAsFTS5Does(query: String) throws {
    let catalog = try makeCatalog()
    let tokenizer = try FullTextTokenizer()
    let weightings: [LexicalFieldWeights] = [
      .uniform, LexicalFieldWeights(name: 6, container: 2, path: 1.5, identifiers: 2.25, text: 1),
    ]
    for weights in weightings {
      for dropsStopWords in [false, true] {
        let expected = try catalog.lexicalScores(
          query, rowIDs: Array(1...Int64(Self.sources.count)), weights: weights, dropsStopWords: dropsStopWords)
        let phrases = FullTextQuery.phrases(for: query, dropsStopWords: dropsStopWords)
        let scorer = BM25Scorer(
          phrases: try tokenizer.tokenize(phrases: phrases), statistics: try catalog.fullTextStatistics(phrases: phrases),
          weights: weights)
        var actual: [Int64: Double] = [:]
        for (rowID, chunk) in try catalog.chunks(rowIDs: Array(1...Int64(Self.sources.count))) {
          let fields = SearchFields.fields(
            name: chunk.id.name, container: chunk.id.container, pathWords: SearchFields.pathWords(chunk.id.path),
            text: chunk.text)
          if let score = scorer.score(try tokenizer.tokenize([fields])[0]) { actual[rowID] = score }
        }
        #expect(!expected.isEmpty || query.contains("zebra"), "\(query) should match something")
        #expect(Set(actual.keys) == Set(expected.keys), "\(query): matched rows")
        for (rowID, score) in expected {
          let mine = try #require(actual[rowID])
          #expect(abs(mine - score) <= 1e-9 * max(1, abs(score)), "\(query) row \(rowID): \(mine) vs FTS5 \(score)")
        }
      }
    }
  }

  @Test func statisticsCountRowsTokensAndPhraseFrequencies() throws {
    let catalog = try makeCatalog()
    let statistics = try catalog.fullTextStatistics(phrases: ["upload", "parse", "zebra", "retry_upload"])
    #expect(statistics.rowCount == Self.sources.count)
    #expect(statistics.documentFrequencies[2] == 0)
    #expect(statistics.documentFrequencies[0] == 5)
    #expect(statistics.documentFrequencies[3] == 1)
    let tokenizer = try FullTextTokenizer()
    let tokens = try tokenizer.tokenize(Self.sources.map { source in
      SearchFields.fields(name: source.name, container: source.container, pathWords: SearchFields.pathWords(source.path), text: source.text)
    })
    #expect(statistics.totalTokens == tokens.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } })
  }

  @Test func tokenizerStemsAsTheIndexDoes() throws {
    let tokenizer = try FullTextTokenizer()
    #expect(try tokenizer.tokenize(phrases: ["uploads", "retry_upload", "Ünïcode", ""]) == [["upload"], ["retri", "upload"], ["unicod"], []])
  }

  @Test func varintsReadAsSQLiteWritesThem() {
    var reader = VarintReader(bytes: [0x05, 0x81, 0x00, 0xff, 0x7f])
    #expect(reader.next() == 5)
    #expect(reader.next() == 128)
    #expect(reader.next() == 0x3fff)
    #expect(reader.next() == nil)
  }
}
