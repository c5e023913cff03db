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

  /// - Parameters:
  ///   - offset: where to start reading, just past the declaration's name.
  ///   - startLine: the declaration's first line.
  ///   - isValue: a variable, field, constant or enum case rather than a block owner.
  ///   - nextDeclarationLine: first line of the next declaration that is not nested in this
  ///     one, if any; a body must open before it.
  ///   - limitLine: the last line this declaration may reach (its parent's end or the file's).
  func lastLine(
    from offset: Int, startLine: Int, isValue: Bool, nextDeclarationLine: Int?, limitLine: Int
  ) -> Int {
    let limit = max(startLine, limitLine)
    let result: Int
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
      result =
        semicolonEnd(from: offset, startLine: startLine, limitLine: limit)
        ?? lineBefore(nextDeclarationLine, startLine: startLine, limitLine: limit)
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
  private func bodyEnd(
    from offset: Int, startLine: Int, nextDeclarationLine: Int?, limitLine: Int
  ) -> Int {
    let bodyLimitLine = min(nextDeclarationLine ?? (limitLine + 1), limitLine + 1)
    var cursor = CodeCursor(
      bytes: source.bytes, syntax: syntax, from: offset,
      limit: source.lineEndIncludingBreak(limitLine))
    var depth = 0
    var lastCodeLine = startLine
    while let (byte, position) = cursor.next() {
      let line = source.line(ofByte: position)
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
        return matchingBraceLine(cursor: &cursor) ?? fallbackEnd(startLine, nextDeclarationLine, limitLine)
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
        lastCodeLine = line
      }
    }
    return statementEnd(from: offset, startLine: startLine, limitLine: limitLine)
  }

  /// Line of the `}` closing the `{` just read, or `nil` when the file ends first.
  private func matchingBraceLine(cursor: inout CodeCursor) -> Int? {
    var depth = 1
    while let (byte, position) = cursor.next() {
      if byte == UInt8(ascii: "{") {
        depth += 1
      } else if byte == UInt8(ascii: "}") {
        depth -= 1
        if depth == 0 { return source.line(ofByte: position) }
      }
    }
    return nil
  }

  /// A statement: ends at `;` or `,` outside brackets, before a bracket it did not open, or at
  /// a newline when the line does not continue (a trailing operator, a leading `.`).
  private func statementEnd(from offset: Int, startLine: Int, limitLine: Int) -> Int {
    var cursor = CodeCursor(
      bytes: source.bytes, syntax: syntax, from: offset,
      limit: source.lineEndIncludingBreak(limitLine))
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
        return source.line(ofByte: position)
      case UInt8(ascii: "\n"):
        let line = source.line(ofByte: position)
        if depth == 0, !Self.continuesAfter(lastCodeByte), !startsWithContinuation(line + 1) {
          return lastCodeLine
        }
        continue
      case 0x20, 0x09, 0x0D:
        continue
      default:
        break
      }
      lastCodeLine = source.line(ofByte: position)
      lastCodeByte = byte
    }
    return lastCodeLine
  }

  /// SQL: everything up to the `;` that ends the statement, or `nil` if none comes.
  private func semicolonEnd(from offset: Int, startLine: Int, limitLine: Int) -> Int? {
    var cursor = CodeCursor(
      bytes: source.bytes, syntax: syntax, from: offset,
      limit: source.lineEndIncludingBreak(limitLine))
    var depth = 0
    while let (byte, position) = cursor.next() {
      switch byte {
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"): depth = max(0, depth - 1)
      case UInt8(ascii: ";") where depth == 0: return source.line(ofByte: position)
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
