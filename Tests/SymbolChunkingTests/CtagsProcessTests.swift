import Foundation
import SymbolChunking
import Testing

@testable import SymbolChunking

/// The ctags driver survives a missing binary, a crash, a hang and garbage, and every failure
/// degrades to line windows with a warning instead of losing the file.
@Suite(.serialized) struct CtagsProcessTests {
  static let python = """
    def first(values):
        total = 0
        for value in values:
            total += value
        return total

    """

  static let greeting =
    #"echo '{"_type": "program", "name": "Universal Ctags", "version": "5.9.0"}'"#

  /// Chunks `text` as `path` and checks the outcome: which chunker, which chunks, and whether
  /// a warning mentioning `warning` was given.
  func check(
    _ chunker: FileChunker, path: String = "src/first.py", text: String = python,
    chunkerKind: ChunkerKind, chunks expected: [String], warning: String?,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let file = chunker.chunk(path: path, text: text)
    #expect(file.chunker == chunkerKind, sourceLocation: sourceLocation)
    #expect(file.chunks.map(summary) == expected, sourceLocation: sourceLocation)
    if let warning {
      #expect(file.warnings.count == 1, "\(file.warnings)", sourceLocation: sourceLocation)
      #expect(
        file.warnings.allSatisfy { $0.contains(warning) }, "\(file.warnings)",
        sourceLocation: sourceLocation)
    } else {
      #expect(file.warnings.isEmpty, "\(file.warnings)", sourceLocation: sourceLocation)
    }
    expectWellFormed(file, text: text, path: path, sourceLocation: sourceLocation)
  }

  @Test func missingCtagsFallsBackToWindows() {
    let chunker = FileChunker(options: .init(ctagsPath: "/nonexistent/bin/ctags"))
    #expect(!chunker.isCtagsAvailable)
    check(
      chunker, chunkerKind: .lineWindows, chunks: ["window lines 1-5~0 L1-5"],
      warning: "ctags was not found")
    // Swift needs no ctags.
    check(
      chunker, path: "A.swift", text: "func a() {\n  _ = 1\n  _ = 2\n}\n",
      chunkerKind: .swiftSyntax,
      chunks: ["function a()~0 L1-4"], warning: nil)
  }

  @Test func ctagsOnPathIsFoundAndUsed() {
    let chunker = FileChunker()
    defer { chunker.shutdown() }
    #expect(chunker.isCtagsAvailable)
    check(chunker, chunkerKind: .ctags, chunks: ["function first~0 L1-5"], warning: nil)
  }

  @Test func ctagsRemarksAboutTheInputAreNoFailure() {
    // ctags reports "ignoring null tag" for the destructuring on line 1, and goes on.
    let text = """
      const { join } = require('path')

      class Paths {
        constructor(root) {
          this.root = root
        }

        resolve(name) {
          const full = join(this.root, name)
          return full
        }
      }

      """
    check(
      FileChunker(), path: "lib/paths.js", text: text, chunkerKind: .ctags,
      chunks: ["constructor Paths.constructor~0 L4-6", "method Paths.resolve~0 L8-11"], warning: nil)
  }

  @Test func killedProcessIsRestartedAndTheFileStillParsed() throws {
    let chunker = FileChunker()
    defer { chunker.shutdown() }
    check(chunker, chunkerKind: .ctags, chunks: ["function first~0 L1-5"], warning: nil)
    let before = try #require(chunker.ctagsProcessIdentifier)
    #expect(chunker.killCtagsProcess())
    check(chunker, chunkerKind: .ctags, chunks: ["function first~0 L1-5"], warning: nil)
    let after = try #require(chunker.ctagsProcessIdentifier)
    #expect(after != before)
    #expect(chunker.isCtagsAvailable)
  }

  @Test func shutdownEndsTheProcessAndALaterFileStartsANewOne() throws {
    let chunker = FileChunker()
    check(chunker, chunkerKind: .ctags, chunks: ["function first~0 L1-5"], warning: nil)
    let pid = try #require(chunker.ctagsProcessIdentifier)
    chunker.shutdown()
    #expect(chunker.ctagsProcessIdentifier == nil)
    #expect(kill(pid, 0) != 0, "ctags \(pid) still runs after shutdown")
    check(chunker, chunkerKind: .ctags, chunks: ["function first~0 L1-5"], warning: nil)
    chunker.shutdown()
  }

  @Test func hangingCtagsIsKilledAfterTheTimeout() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = try writeScript(
      "\(Self.greeting)\nexec sleep 600\n", named: "ctags", in: directory)
    let chunker = FileChunker(options: .init(ctagsPath: script, ctagsTimeoutSeconds: 0.5))
    defer { chunker.shutdown() }
    let start = ContinuousClock.now
    check(
      chunker, chunkerKind: .lineWindows, chunks: ["window lines 1-5~0 L1-5"],
      warning: "did not answer in time")
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(chunker.ctagsProcessIdentifier == nil, "the hung process must be gone")
    #expect(chunker.isCtagsAvailable, "a hang on one file does not disable ctags")
  }

  @Test func garbageOutputIsRetriedOnceThenWindowed() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = try writeScript(
      "\(Self.greeting)\nwhile read -r line; do echo 'this is not json'; done\n", named: "ctags",
      in: directory)
    let chunker = FileChunker(options: .init(ctagsPath: script, ctagsTimeoutSeconds: 5))
    defer { chunker.shutdown() }
    check(
      chunker, chunkerKind: .lineWindows, chunks: ["window lines 1-5~0 L1-5"],
      warning: "unexpected output: \"this is not json\", twice")
  }

  @Test func ctagsDyingOnEveryFileIsWindowed() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = try writeScript(
      "\(Self.greeting)\nread -r line\nexit 3\n", named: "ctags", in: directory)
    let chunker = FileChunker(options: .init(ctagsPath: script, ctagsTimeoutSeconds: 5))
    defer { chunker.shutdown() }
    check(
      chunker, chunkerKind: .lineWindows, chunks: ["window lines 1-5~0 L1-5"],
      warning: "exited while reading the file, twice")
    #expect(chunker.isCtagsAvailable)
  }

  @Test func ctagsThatCannotStartIsDisabledAfterTwoAttempts() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = try writeScript(
      "echo 'ctags: unknown option --_interactive' >&2\nexit 1\n", named: "ctags", in: directory)
    let chunker = FileChunker(options: .init(ctagsPath: script, ctagsTimeoutSeconds: 5))
    #expect(chunker.isCtagsAvailable)
    for _ in 0..<3 {
      check(
        chunker, chunkerKind: .lineWindows, chunks: ["window lines 1-5~0 L1-5"],
        warning: "ctags could not be started")
    }
    #expect(!chunker.isCtagsAvailable)
  }

  @Test func concurrentChunkingMatchesSequentialChunking() async throws {
    let inputs: [(String, String)] = (0..<24).map { index in
      index % 2 == 0
        ? ("pkg/m\(index).py", Self.python.replacingOccurrences(of: "first", with: "f\(index)"))
        : ("Sources/M\(index).swift", "func f\(index)() {\n  _ = 1\n  _ = 2\n}\n")
    }
    let sequential = FileChunker()
    defer { sequential.shutdown() }
    let expected = inputs.map { sequential.chunk(path: $0.0, text: $0.1) }
    let shared = FileChunker()
    defer { shared.shutdown() }
    let results = await withTaskGroup(of: (Int, ChunkedFile).self) { group in
      for (index, input) in inputs.enumerated() {
        group.addTask { (index, shared.chunk(path: input.0, text: input.1)) }
      }
      var collected: [(Int, ChunkedFile)] = []
      for await result in group { collected.append(result) }
      return collected.sorted { $0.0 < $1.0 }.map(\.1)
    }
    #expect(results == expected)
    #expect(results.allSatisfy { $0.warnings.isEmpty && !$0.chunks.isEmpty })
  }
}
