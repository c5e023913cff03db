/// Finds the last line of a declaration when ctags reports only where it starts.
///
/// Many ctags parsers (Rust, TypeScript, JavaScript, PHP, Kotlin, Shell …) emit no `end`
/// field, and a chunk needs one. Block-owning declarations (types, functions) in brace
/// languages end at the `}` matching the first `{` of their body; value declarations end with
/// their statement (`;`, `,`, or a line that does not continue); where blocks have no markers
/// a declaration reaches to the next one.
struct DeclarationEndFinder {
  let source: SourceText
  let lines: LineClassification
  let syntax: LanguageSyntax
  /// Bytes read so far by all scans of this file.
  private var scannedBytes = 0
  /// Scans may read this much in total. Well-formed code reads each byte a few times (once
  /// per enclosing declaration); a literal misread as an unclosed bracket could make every
  /// scan run to the end of the file, and the budget turns that quadratic case into cheap
  /// next-declaration guesses.
  private let byteBudget: Int

  init(source: SourceText, lines: LineClassification, syntax: LanguageSyntax) {
    self.source = source
    self.lines = lines
    self.syntax = syntax
    self.byteBudget = 8 * source.bytes.count + 262_144
  }

  /// - Parameters:
  ///   - offset: where to start reading, just past the declaration's name.
  ///   - startLine: the declaration's first line.
  ///   - isValue: a variable, field, constant or enum case rather than a block owner.
  ///   - nextDeclarationLine: first line of the next declaration that is not nested in this
  ///     one, if any; a body must open before it.
  ///   - limitLine: the last line this declaration may reach (its parent's end or the file's).
  mutating func lastLine(
    from offset: Int, startLine: Int, isValue: Bool, nextDeclarationLine: Int?, limitLine: Int
  ) -> Int {
    let limit = max(startLine, limitLine)
    let result: Int
    guard scannedBytes < byteBudget else {
      let guess =
        isValue
        ? startLine : lineBefore(nextDeclarationLine, startLine: startLine, limitLine: limit)
      return min(max(guess, startLine), limit)
    }
    switch syntax.blockStyle {
    case .braces:
      if isValue {
        result = statementEnd(from: offset, startLine: startLine, limitLine: limit)
      } else {
        result = bodyEnd(
          from: offset, startLine: startLine, nextDeclarationLine: nextDeclarationLine,
          limitLine: limit)
      }
    case .semicolons:
      if isValue {
        result = statementEnd(from: offset, startLine: startLine, limitLine: limit)
      } else {
        result =
          semicolonEnd(from: offset, startLine: startLine, limitLine: limit)
          ?? lineBefore(nextDeclarationLine, startLine: startLine, limitLine: limit)
      }
    case .nextDeclaration:
      if isValue {
        result = statementEnd(from: offset, startLine: startLine, limitLine: limit)
      } else {
        result = lineBefore(nextDeclarationLine, startLine: startLine, limitLine: limit)
      }
    }
    return min(max(result, startLine), limit)
  }

  // MARK: - Strategies

  /// A block owner: the `}` matching its first `{`, or the `;` that ends a bodiless
  /// declaration (a prototype, `struct Unit;`), or, when no body opens before the next
  /// declaration, the end of its statement (`fun f() = 1`, `alias ll='ls -l'`).
  private mutating func bodyEnd(
    from offset: Int, startLine: Int, nextDeclarationLine: Int?, limitLine: Int
  ) -> Int {
    let bodyLimitLine = min(nextDeclarationLine ?? (limitLine + 1), limitLine + 1)
    var cursor = makeCursor(from: offset, limitLine: limitLine)
    defer { scannedBytes += cursor.offset - offset }
    var lines = LineCounter(source: source, offset: offset)
    var depth = 0
    var lastCodeLine = startLine
    while let (byte, position) = cursor.next() {
      let line = lines.line(at: position)
      switch byte {
      case UInt8(ascii: "("), UInt8(ascii: "["):
        depth += 1
      case UInt8(ascii: ")"), UInt8(ascii: "]"):
        if depth == 0 { return lastCodeLine }
        depth -= 1
      case UInt8(ascii: "{") where depth == 0:
        if line >= bodyLimitLine, line > startLine {
          return statementEnd(from: offset, startLine: startLine, limitLine: limitLine)
        }
        return matchingBraceLine(cursor: &cursor, lines: &lines)
          ?? fallbackEnd(startLine, nextDeclarationLine, limitLine)
      case UInt8(ascii: "{"):
        depth += 1
      case UInt8(ascii: "}"):
        if depth == 0 { return lastCodeLine }
        depth -= 1
      case UInt8(ascii: ";") where depth == 0:
        return line
      case UInt8(ascii: "\n"):
        if line + 1 >= bodyLimitLine, depth == 0 {
          return statementEnd(from: offset, startLine: startLine, limitLine: limitLine)
        }
      case 0x20, 0x09, 0x0D:
        break
      default:
        // A literal may span lines: what counts is where it ends.
        lastCodeLine = lines.line(at: cursor.offset - 1)
      }
    }
    return statementEnd(from: offset, startLine: startLine, limitLine: limitLine)
  }

  /// A cursor from `offset` to the end of `limitLine`, or less when the budget runs short.
  private func makeCursor(from offset: Int, limitLine: Int) -> CodeCursor {
    let limit = min(source.lineEndIncludingBreak(limitLine), offset + byteBudget - scannedBytes)
    return CodeCursor(bytes: source.bytes, syntax: syntax, from: offset, limit: max(offset, limit))
  }

  /// Line of the `}` closing the `{` just read, or `nil` when the file ends first.
  private func matchingBraceLine(cursor: inout CodeCursor, lines: inout LineCounter) -> Int? {
    var depth = 1
    while let (byte, position) = cursor.next() {
      if byte == UInt8(ascii: "{") {
        depth += 1
      } else if byte == UInt8(ascii: "}") {
        depth -= 1
        if depth == 0 { return lines.line(at: position) }
      }
    }
    return nil
  }

  /// A statement: ends at `;` or `,` outside brackets, before a bracket it did not open, or at
  /// a newline when the line does not continue (a trailing operator, a leading `.`).
  private mutating func statementEnd(from offset: Int, startLine: Int, limitLine: Int) -> Int {
    var cursor = makeCursor(from: offset, limitLine: limitLine)
    defer { scannedBytes += cursor.offset - offset }
    var lines = LineCounter(source: source, offset: offset)
    var depth = 0
    var lastCodeLine = startLine
    var lastCodeByte: UInt8 = 0
    while let (byte, position) = cursor.next() {
      switch byte {
      case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
      case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
        if depth == 0 { return lastCodeLine }
        depth -= 1
      case UInt8(ascii: ";") where depth == 0, UInt8(ascii: ",") where depth == 0:
        return lines.line(at: position)
      case UInt8(ascii: "\n"):
        let line = lines.line(at: position)
        if depth == 0, !Self.continuesAfter(lastCodeByte), !startsWithContinuation(line + 1) {
          return lastCodeLine
        }
        continue
      case 0x20, 0x09, 0x0D:
        continue
      default:
        break
      }
      lastCodeLine = lines.line(at: cursor.offset - 1)
      lastCodeByte = byte
    }
    return lastCodeLine
  }

  /// SQL: everything up to the `;` that ends the statement, or `nil` if none comes.
  private mutating func semicolonEnd(from offset: Int, startLine: Int, limitLine: Int) -> Int? {
    var cursor = makeCursor(from: offset, limitLine: limitLine)
    defer { scannedBytes += cursor.offset - offset }
    var lines = LineCounter(source: source, offset: offset)
    var depth = 0
    while let (byte, position) = cursor.next() {
      switch byte {
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"): depth = max(0, depth - 1)
      case UInt8(ascii: ";") where depth == 0: return lines.line(at: position)
      default: break
      }
    }
    return nil
  }

  /// The last line before the next declaration, leaving out blank lines and the comments and
  /// attributes that document that next declaration.
  private func lineBefore(_ nextDeclarationLine: Int?, startLine: Int, limitLine: Int) -> Int {
    var line = min(limitLine, (nextDeclarationLine ?? (limitLine + 1)) - 1)
    while line > startLine {
      switch lines.kind(line) {
      case .blank, .comment, .attribute, .boilerplate, .directive: line -= 1
      case .code, .importLine, .closer: return line
      }
    }
    return startLine
  }

  private func fallbackEnd(_ startLine: Int, _ nextDeclarationLine: Int?, _ limitLine: Int) -> Int {
    lineBefore(nextDeclarationLine, startLine: startLine, limitLine: limitLine)
  }

  private static func continuesAfter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"),
      UInt8(ascii: "/"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "|"),
      UInt8(ascii: "^"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "."),
      UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "!"),
      UInt8(ascii: "~"):
      true
    default:
      false
    }
  }

  /// Lines that begin by continuing the previous expression (method chains, ternaries).
  private func startsWithContinuation(_ line: Int) -> Bool {
    guard line < source.lineCount else { return false }
    let start = source.firstNonBlank(line: line)
    let content = source.bytes[start..<source.contentRange(ofLine: line).upperBound]
    for prefix in Self.continuationPrefixes where content.starts(with: prefix) {
      return true
    }
    return false
  }

  private static let continuationPrefixes: [[UInt8]] = [".", "?", "&&", "||", "=>", "+ "].map {
    Array($0.utf8)
  }
}

/// The line of each position a forward scan reaches, found by counting the newlines passed
/// since the previous one: linear in the bytes scanned, where a lookup per byte would not be.
private struct LineCounter {
  private let bytes: [UInt8]
  private var offset: Int
  private var current: Int

  init(source: SourceText, offset: Int) {
    self.bytes = source.bytes
    self.offset = offset
    self.current = source.line(ofByte: offset)
  }

  /// The line of the byte at `position`, which must not be before the last one asked for.
  mutating func line(at position: Int) -> Int {
    while offset < position, offset < bytes.count {
      if bytes[offset] == UInt8(ascii: "\n") { current += 1 }
      offset += 1
    }
    return current
  }
}
