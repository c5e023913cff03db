import EmbeddingProviders
import Foundation
import SearchCore
import SymbolChunking
import Testing

@testable import SearchEngine

/// Query sentences, test paths, generated evaluation sets, metrics and fusion.
struct QuerySentenceTests {
  @Test func firstSentenceInPlainWords() {
    #expect(
      QuerySentence.make(from: "Parse reads the :class:`~pkg.Config` file, e.g. a TOML one. More.", name: "Parse")
        == "reads the Config file, e.g. a TOML one")
    #expect(
      QuerySentence.make(from: "Returns the {@link Map#size size} of the `table` in [bytes](http://x).", name: "size")
        == "Returns the size of the table in bytes")
    #expect(QuerySentence.make(from: "Closes it.", name: "close") == nil, "under 4 words")
    #expect(QuerySentence.make(from: "TODO: make this retry the upload later", name: "f") == nil)
    #expect(QuerySentence.make(from: "Deprecated: use the new client instead of this", name: "f") == nil)
  }

  @Test func summaryStopsAtSections() {
    let text = "Sends the request to the server\nand waits for it.\n@param x the request\n"
    #expect(QuerySentence.summaryParagraph(of: text) == "Sends the request to the server and waits for it.")
    #expect(QuerySentence.summaryParagraph(of: "Args:\n  x: y") == "")
  }

  @Test func testPaths() {
    for path in ["a/b_test.go", "tests/x.py", "Tests/FooTests/A.swift", "src/test_util.py", "FooTest.java", "a.spec.ts",
      "pkg/testdata/x.yaml", "conftest.py", "src/Foo.test.js"]
    {
      #expect(TestPaths.isTest(path), "\(path)")
    }
    for path in ["context.go", "src/latest.py", "Sources/Testing.swift", "contest.py", "attestation.rs", "Testament.java"] {
      #expect(!TestPaths.isTest(path), "\(path)")
    }
  }

  @Test func queryShape() {
    #expect(QueryShape.of("parseConfig") == .identifier)
    #expect(QueryShape.of("http_client.send request") == .identifier)
    #expect(QueryShape.of("where do we retry failed uploads") == .words)
    #expect(QueryShape.of("how does parseConfig read the file") == .words)
  }

  @Test func userQueryLines() throws {
    let queries = try EvaluationQuery.parseLines(
      #"{"query": "retry uploads", "path": "./a/b.py", "line": 3}"# + "\n\n" + #"{"query": "x y", "path": "c.go", "line": 1, "end_line": 9}"#)
    #expect(queries.count == 2)
    #expect(queries[0].path == "a/b.py" && queries[0].firstLine == 2 && queries[0].lastLine == 2)
    // Answer lines 0...8: a chunk must overlap them and be at least half answer.
    #expect(queries[1].isAnswered(byPath: "c.go", lines: 4...12))
    #expect(queries[1].isAnswered(byPath: "c.go", lines: 0...3))
    #expect(!queries[1].isAnswered(byPath: "c.go", lines: 8...20))
    #expect(!queries[1].isAnswered(byPath: "c.go", lines: 9...20))
    #expect(!queries[1].isAnswered(byPath: "d.go", lines: 0...8))
    // A one-line answer: any chunk holding the line.
    #expect(queries[0].isAnswered(byPath: "a/b.py", lines: 0...40))
    #expect(!queries[0].isAnswered(byPath: "a/b.py", lines: 3...40))
    #expect(throws: EvaluationError.self) { try EvaluationQuery.parseLines(#"{"query": "x", "path": "a", "line": 0}"#) }
    #expect(throws: EvaluationError.self) { try EvaluationQuery.parseLines("not json") }
  }

  @Test func percentiles() {
    #expect(RetrievalEvaluator.percentile([1, 2, 3, 4], 0.5) == 2)
    #expect(RetrievalEvaluator.percentile([1, 2, 3, 4], 0.99) == 4)
    #expect(RetrievalEvaluator.percentile([], 0.5) == 0)
  }
}

struct EvaluationSetTests {
  static let files = [
    "net/upload.go": """
      package net

      // RetryUpload sends the payload again with exponential backoff after a failure.
      func RetryUpload(payload []byte) error {
      \tfor i := 0; i < 3; i++ {
      \t\tsend(payload)
      \t}
      \treturn nil
      }

      // Size reports the size of the payload in bytes.
      func Size() int { return 1 }

      // Parse turns the configuration text into a map of settings values.
      func Parse(text string) map[string]string {
      \tvalues := map[string]string{}
      \tvalues["a"] = text
      \treturn values
      }
      """,
    "net/upload_test.go": """
      package net

      // TestRetryUpload checks that uploads are retried three times.
      func TestRetryUpload(t *testing.T) {
      \tRetryUpload(nil)
      \tRetryUpload(nil)
      }
      """,
    "tools/clean.py": """
      def clean(path):
          \"\"\"Remove the temporary files left behind by a build.\"\"\"
          for name in path:
              remove(name)
          return path

      def copy(path):
          \"\"\"Remove the temporary files left behind by a build.\"\"\"
          for name in path:
              remove(name)
          return path
      """,
  ]

  @Test func generatedQueriesAndStrippedCopy() throws {
    let workspace = try EngineIndexingTests.Workspace(Self.files)
    defer { workspace.remove() }
    let chunker = FileChunker()
    let generated = try EvaluationSetBuilder(sampleSize: 10, seed: 7).build(
      root: workspace.root, scanner: WorkspaceScanner(options: ScanOptions(useGit: false)), chunker: chunker)
    let byPath = Dictionary(grouping: generated.queries, by: \.path)
    #expect(generated.queries.map(\.query).sorted() == [
      "sends the payload again with exponential backoff after a failure",
      "turns the configuration text into a map of settings values",
    ])
    #expect(byPath["net/upload.go"]?.first?.firstLine == 3)
    #expect(generated.rejected["test code"] == 1)
    #expect(generated.rejected["trivial body"] == 1)
    #expect(generated.rejected["sentence not unique"] == 2)
    let stripped = try #require(generated.strippedTexts["net/upload.go"])
    #expect(!stripped.contains("exponential backoff"))
    #expect(stripped.contains("// Size reports the size of the payload"), "only sampled doc comments are removed")
    #expect(stripped.split(separator: "\n", omittingEmptySubsequences: false).count
      == Self.files["net/upload.go"]!.split(separator: "\n", omittingEmptySubsequences: false).count)

    // The same seed samples the same queries; a smaller sample is a prefix of the shuffle.
    let again = try EvaluationSetBuilder(sampleSize: 1, seed: 7).build(
      root: workspace.root, scanner: WorkspaceScanner(options: ScanOptions(useGit: false)), chunker: chunker)
    #expect(again.queries.count == 1)
    #expect(generated.queries.contains(again.queries[0]))
  }

  @Test func copyIsRewrittenInPlace() throws {
    let workspace = try EngineIndexingTests.Workspace(["a.txt": "one", "b/c.txt": "two", ".gitignore": "x"])
    defer { workspace.remove() }
    let copy = EvaluationWorkspace(root: workspace.root.deletingLastPathComponent().appendingPathComponent("copy"))
    #expect(try copy.synchronize(from: workspace.root, files: ["a.txt", "b/c.txt", ".gitignore"], replacing: ["a.txt": "ONE"]) == 2)
    #expect(try String(contentsOf: copy.root.appendingPathComponent("a.txt"), encoding: .utf8) == "ONE")
    #expect(!FileManager.default.fileExists(atPath: copy.root.appendingPathComponent(".gitignore").path))
    #expect(try copy.synchronize(from: workspace.root, files: ["a.txt"], replacing: ["a.txt": "ONE"]) == 0)
    #expect(!FileManager.default.fileExists(atPath: copy.root.appendingPathComponent("b/c.txt").path))
  }

  /// End to end on the engine: generated queries are searched in the stripped copy and scored.
  @Test func evaluationRunsEveryMode() throws {
    let workspace = try EngineIndexingTests.Workspace(Self.files)
    defer { workspace.remove() }
    var configuration = EngineConfiguration(indexDirectory: workspace.index)
    configuration.scan.useGit = false
    configuration.embedder = HashingEmbedder(dimension: 64)
    var options = WorkspaceEvaluation.Options()
    options.workDirectory = workspace.root.deletingLastPathComponent().appendingPathComponent("eval")
    options.rankings = RankingOptions.all
    let report = try WorkspaceEvaluation.run(workspace: workspace.root, configuration: configuration, options: options)
    #expect(report.queries.count == 2)
    let count = RankingOptions.all.count
    #expect(report.scores.map(\.mode) == Array(repeating: "lexical", count: count) + ["semantic"] + Array(repeating: "hybrid", count: count))
    let lexical = try #require(report.scores.first)
    #expect(lexical.recallAt10 == 1, "both functions are found by their words")
    #expect(lexical.mrrAt10 > 0 && lexical.mrrAt10 <= 1)
    #expect(report.searched.hasSuffix("/eval/workspace"))
    let copied = try String(contentsOfFile: report.searched + "/net/upload.go", encoding: .utf8)
    #expect(!copied.contains("exponential backoff"))
  }
}
