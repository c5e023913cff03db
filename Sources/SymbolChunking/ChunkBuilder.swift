import SearchCore

/// Turns planned pieces into chunks: splits the oversized ones and numbers the ordinals.
///
/// A piece taller than its limit (`maxChunkLines` for declarations, `windowLines` for windows)
/// or larger than `maxChunkBytes` is split into parts that share `windowOverlap` lines with the
/// previous part. A cut prefers a blank line in the last quarter of a part, so parts tend to
/// end between statements. A single line larger than `maxChunkBytes` (minified code, data) is
/// cut at UTF-8 character boundaries, preferably after whitespace, without overlap.
struct ChunkBuilder {
  let source: SourceText
  let lines: LineClassification
  let options: ChunkingOptions
  let path: String
  let language: String?

  func chunks(for pieces: [Piece]) -> [Chunk] {
    var chunks: [Chunk] = []
    for piece in pieces {
      let maxLines = piece.identity == nil ? options.windowLines : options.maxChunkLines
      for part in parts(of: piece.lines, maxLines: maxLines, isWindow: piece.identity == nil) {
        if piece.identity == nil, !isWorthAWindow(part) { continue }
        chunks.append(chunk(bytes: part.bytes, identity: piece.identity))
      }
    }
    return Self.numbered(chunks)
  }

  // MARK: - Splitting

  struct Part: Equatable {
    var bytes: Range<Int>
    /// The whole lines the part covers, `nil` for a piece of a single overlong line.
    var lines: ClosedRange<Int>?
  }

  func parts(of range: ClosedRange<Int>, maxLines: Int, isWindow: Bool) -> [Part] {
    let whole = source.byteRange(lines: range.lowerBound, range.upperBound)
    if range.count <= maxLines, whole.count <= options.maxChunkBytes {
      return [Part(bytes: whole, lines: range)]
    }
    var parts: [Part] = []
    var start = range.lowerBound
    var previousEnd = range.lowerBound - 1
    while start <= range.upperBound {
      if lineSize(start) > options.maxChunkBytes {
        parts += pieces(ofLongLine: start)
        previousEnd = start
        start += 1
        continue
      }
      var end = lastLine(from: start, within: range, maxLines: maxLines)
      if end <= previousEnd {
        // The overlap alone filled the part: restart after the previous part instead.
        start = previousEnd + 1
        end = lastLine(from: start, within: range, maxLines: maxLines)
      }
      if end < range.upperBound { end = preferredCut(from: start, to: end) }
      let trimmed =
        isWindow ? lines.trimmingInsignificant(start...end) : source.trimmingBlankLines(start...end)
      if let trimmed {
        parts.append(
          Part(
            bytes: source.byteRange(lines: trimmed.lowerBound, trimmed.upperBound), lines: trimmed))
      }
      if end >= range.upperBound { break }
      previousEnd = end
      let overlapped = end + 1 - options.windowOverlap
      start = lineSize(end + 1) > options.maxChunkBytes ? end + 1 : max(overlapped, start + 1)
    }
    return parts
  }

  /// The last line a part starting at `start` can reach within both limits (at least `start`).
  private func lastLine(from start: Int, within range: ClosedRange<Int>, maxLines: Int) -> Int {
    var end = start
    var size = lineSize(start)
    while end < range.upperBound, end - start + 1 < maxLines {
      let next = lineSize(end + 1)
      if size + next > options.maxChunkBytes { break }
      size += next
      end += 1
    }
    return end
  }

  /// Ends the part at a blank line in its last quarter, if there is one.
  private func preferredCut(from start: Int, to end: Int) -> Int {
    let floor = start + (end - start) * 3 / 4
    var line = end
    while line > floor, line > start {
      if source.isBlank(line: line) { return line }
      line -= 1
    }
    return end
  }

  /// Cuts one overlong line into pieces of at most `maxChunkBytes`, never inside a UTF-8
  /// sequence; the line terminator goes with the last piece when it fits.
  private func pieces(ofLongLine line: Int) -> [Part] {
    let range = source.byteRange(lines: line, line)
    let content = source.contentRange(ofLine: line)
    let limit = options.maxChunkBytes
    var parts: [Part] = []
    var start = range.lowerBound
    while start < range.upperBound {
      var end = min(start + limit, range.upperBound)
      if range.upperBound - start <= limit {
        end = range.upperBound
      } else if end >= content.upperBound {
        // The content ends here; a terminator that no longer fits is left out.
        end = content.upperBound
      } else {
        end = source.scalarBoundary(atOrBefore: end)
        let floor = start + limit * 3 / 4
        var probe = end - 1
        while probe > floor {
          let byte = source.bytes[probe]
          if byte == 0x20 || byte == 0x09 {
            end = probe + 1
            break
          }
          probe -= 1
        }
        if end <= start { end = nextScalar(after: start) }
      }
      parts.append(Part(bytes: start..<end, lines: nil))
      start = end
    }
    return parts.filter { hasContent($0.bytes) }
  }

  private func nextScalar(after offset: Int) -> Int {
    var next = offset + 1
    while next < source.bytes.count, source.bytes[next] & 0xC0 == 0x80 { next += 1 }
    return next
  }

  private func lineSize(_ line: Int) -> Int {
    source.lineEndIncludingBreak(line) - source.lineStart(line)
  }

  private func hasContent(_ bytes: Range<Int>) -> Bool {
    source.bytes[bytes].contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
  }

  private func isWorthAWindow(_ part: Part) -> Bool {
    guard let lines = part.lines else { return hasContent(part.bytes) }
    return !self.lines.isTrivial(lines)
  }

  // MARK: - Chunks

  private func chunk(bytes: Range<Int>, identity: Piece.Identity?) -> Chunk {
    let span = source.span(bytes: bytes)
    let name =
      identity?.name ?? "lines \(span.start.line + 1)-\(source.lastLine(of: span) + 1)"
    return Chunk(
      path: path, name: name, kind: identity?.kind, container: identity?.container,
      signature: identity?.signature, ordinal: 0, span: span, text: source.text(bytes),
      language: language)
  }

  /// Sorts chunks into file order and numbers those sharing a qualified name (overloads, parts
  /// of a split declaration, runs of a container, a type and its extensions) 0, 1, 2 … in
  /// that order.
  static func numbered(_ chunks: [Chunk]) -> [Chunk] {
    var ordered = chunks.sorted {
      ($0.span.bytes.lowerBound, -$0.span.bytes.upperBound)
        < ($1.span.bytes.lowerBound, -$1.span.bytes.upperBound)
    }
    // Keyed by the printed qualified name, because that is what a `ChunkID` prints: container
    // `A` with name `B.c` must not collide with container `A.B` and name `c`.
    var counts: [String: Int] = [:]
    for index in ordered.indices {
      let key =
        ordered[index].container.map { "\($0).\(ordered[index].name)" } ?? ordered[index].name
      let ordinal = counts[key, default: 0]
      ordered[index].ordinal = ordinal
      counts[key] = ordinal + 1
    }
    return ordered
  }
}
