import Foundation
import SearchCore
import SymbolChunking
import Testing

/// One line per chunk, as the unit tests compare them: `kind Container.name~ordinal Lfirst-last`
/// with 1-based inclusive lines; windows show `window` as their kind.
func summary(_ chunk: Chunk) -> String {
  let kind = chunk.kind?.name ?? "window"
  let qualified = chunk.container.map { "\($0).\(chunk.name)" } ?? chunk.name
  return
    "\(kind) \(qualified)~\(chunk.ordinal) L\(chunk.span.start.line + 1)-\(lastLine(chunk.span) + 1)"
}

/// One line per symbol: `kind Container.name Lfirst-last`.
func summary(_ symbol: Symbol) -> String {
  "\(symbol.kind.name) \(symbol.qualifiedName) L\(symbol.span.start.line + 1)-\(lastLine(symbol.span) + 1)"
}

/// The 0-based last line a span touches (a span ending at column 0 does not touch its end line).
func lastLine(_ span: TextSpan) -> Int {
  span.end.column == 0 && span.end.line > span.start.line ? span.end.line - 1 : span.end.line
}

/// `count` lines reading `line 1`, `line 2` …, each ending with `\n`.
func numberedLines(_ count: Int, prefix: String = "line") -> String {
  (1...max(1, count)).map { "\(prefix) \($0)\n" }.joined()
}

/// Positions of byte offsets, computed independently of the chunker's own line index.
struct ReferencePositions {
  private var newlines: [Int] = []

  init(_ bytes: [UInt8]) {
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      newlines.append(offset)
    }
  }

  /// Line = newlines before `offset`; column = bytes since the last of them.
  func position(of offset: Int) -> TextPosition {
    var low = 0
    var high = newlines.count
    while low < high {
      let mid = (low + high) / 2
      if newlines[mid] < offset { low = mid + 1 } else { high = mid }
    }
    let lineStart = low == 0 ? 0 : newlines[low - 1] + 1
    return TextPosition(line: low, column: offset - lineStart)
  }
}

/// Checks what must hold for every chunked file, whatever its language: chunk texts are
/// non-empty exact slices of the file at UTF-8 boundaries, positions agree with byte offsets,
/// identities are unique, sizes respect the options, and symbols lie inside the file.
func expectWellFormed(
  _ file: ChunkedFile, text: String, path: String, options: ChunkingOptions = .init(),
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let bytes = Array(text.utf8)
  let reference = ReferencePositions(bytes)
  var identities = Set<String>()
  for chunk in file.chunks {
    let range = chunk.span.bytes
    #expect(!chunk.text.isEmpty, "empty chunk \(chunk.id)", sourceLocation: sourceLocation)
    #expect(
      range.lowerBound >= 0 && range.upperBound <= bytes.count, sourceLocation: sourceLocation)
    guard range.lowerBound >= 0, range.upperBound <= bytes.count else { continue }
    let slice = Array(bytes[range])
    #expect(
      Array(chunk.text.utf8) == slice, "\(chunk.id) is not its slice",
      sourceLocation: sourceLocation)
    #expect(
      String(validating: slice, as: UTF8.self) != nil, "\(chunk.id) cuts a character",
      sourceLocation: sourceLocation)
    #expect(
      chunk.span.start == reference.position(of: range.lowerBound), sourceLocation: sourceLocation)
    #expect(
      chunk.span.end == reference.position(of: range.upperBound), sourceLocation: sourceLocation)
    #expect(chunk.contentHash == ContentHash.of(chunk.text), sourceLocation: sourceLocation)
    #expect(chunk.path == path, sourceLocation: sourceLocation)
    #expect(chunk.language == file.language, sourceLocation: sourceLocation)
    #expect(
      identities.insert(chunk.id.description).inserted, "duplicate \(chunk.id)",
      sourceLocation: sourceLocation)
    #expect(
      range.count <= options.maxChunkBytes, "\(chunk.id) has \(range.count) bytes",
      sourceLocation: sourceLocation)
    let lineLimit = chunk.kind == nil ? options.windowLines : options.maxChunkLines
    #expect(
      chunk.span.lineCount <= lineLimit, "\(chunk.id) has \(chunk.span.lineCount) lines",
      sourceLocation: sourceLocation)
  }
  let starts = file.chunks.map(\.span.bytes.lowerBound)
  #expect(starts == starts.sorted(), "chunks are not in file order", sourceLocation: sourceLocation)
  for symbol in file.symbols {
    for span in [symbol.span, symbol.nameSpan] {
      #expect(
        span.bytes.lowerBound <= span.bytes.upperBound && span.bytes.upperBound <= bytes.count,
        sourceLocation: sourceLocation)
      guard span.bytes.upperBound <= bytes.count, span.bytes.lowerBound <= span.bytes.upperBound
      else { continue }
      #expect(
        span.start == reference.position(of: span.bytes.lowerBound), sourceLocation: sourceLocation)
      #expect(
        span.end == reference.position(of: span.bytes.upperBound), sourceLocation: sourceLocation)
    }
  }
}

/// A directory of its own for files a test writes (fake ctags scripts), removed by the caller.
func makeTemporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("symbol-chunking-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Writes an executable shell script standing in for ctags.
func writeScript(_ body: String, named name: String, in directory: URL) throws -> String {
  let url = directory.appendingPathComponent(name)
  try ("#!/bin/sh\n" + body).write(to: url, atomically: true, encoding: .utf8)
  try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
  return url.path
}
