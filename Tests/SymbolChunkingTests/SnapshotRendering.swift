import SearchCore
import SymbolChunking

/// A compact, reviewable text form of a chunked file: one line per symbol and per chunk.
///
/// Lines are 1-based as an editor shows them; columns are UTF-8 bytes, 0-based. A chunk line
/// ends with the first 8 hex digits of its content hash, so any change of chunk text shows up.
enum SnapshotRendering {
  static func render(_ file: ChunkedFile) -> String {
    var lines: [String] = []
    lines.append("language: \(file.language ?? "-")")
    lines.append("chunker: \(file.chunker.rawValue)")
    for warning in file.warnings {
      lines.append("warning: \(warning)")
    }
    lines.append("symbols:")
    for symbol in file.symbols {
      var line =
        "  \(symbol.kind.name) \(symbol.qualifiedName) \(position(symbol.span.start))-\(position(symbol.span.end))"
        + " name@\(position(symbol.nameSpan.start))"
      if let signature = symbol.signature { line += " sig: \(signature)" }
      lines.append(line)
    }
    lines.append("chunks:")
    for chunk in file.chunks {
      let kind = chunk.kind?.name ?? "window"
      let qualified = chunk.container.map { "\($0).\(chunk.name)" } ?? chunk.name
      let lastLine =
        chunk.span.end.column == 0 && chunk.span.end.line > chunk.span.start.line
        ? chunk.span.end.line : chunk.span.end.line + 1
      lines.append(
        "  \(kind) \(qualified)~\(chunk.ordinal) L\(chunk.span.start.line + 1)-\(lastLine)"
          + " #\(chunk.contentHash.hex.prefix(8))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func position(_ position: TextPosition) -> String {
    "\(position.line + 1):\(position.column)"
  }
}
