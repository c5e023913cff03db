import SearchCore

/// A run of whole lines that will become one or more chunks, and the declaration it stands for
/// (`nil` for a line window).
struct Piece: Equatable {
  struct Identity: Equatable {
    var name: String
    var kind: SymbolKind
    var container: String?
    var signature: String?
  }

  var lines: ClosedRange<Int>
  var identity: Identity?
}

/// Decides which lines of a file form which chunk, from its symbols.
///
/// The rules:
/// - A declaration of at least `minChunkLines` lines is a chunk, together with the doc
///   comments and attributes directly above it (they describe the code, which helps search).
///   Smaller declarations stay in the text of whatever holds them.
/// - Inside a container (type, extension, namespace, module, heading), large members are cut
///   out of the container's text: the container keeps its header and small members, in one
///   chunk per uncut run of lines (later runs are dropped when they hold no content, such as a
///   lone closing brace; a header that is nothing but the declaration line, as in
///   `extension Foo {`, is dropped too). No text is in two chunks, and every chunk is an
///   exact slice of the file.
/// - Declarations nested in functions stay in their function's chunk: cutting a closure or a
///   local function out of the function that uses it would leave both harder to read.
/// - Top-level code outside any chunk becomes line windows, unless it is trivial (blank
///   lines, imports, license headers, `#if`s, or less than a line of real content); windows
///   start and end on lines with content, not on imports or license text.
struct ChunkPlanner {
  let source: SourceText
  let lines: LineClassification
  let options: ChunkingOptions

  func pieces(for symbols: [Symbol]) -> [Piece] {
    guard source.lineCount > 0 else { return [] }
    let tree = SymbolTree(symbols: symbols, source: source)
    var pieces: [Piece] = []
    plan(
      children: tree.roots, region: 0...(source.lineCount - 1), header: nil, owner: nil,
      into: &pieces)
    return pieces
  }

  /// Plans `region`, which belongs to `owner` (or to the file when `nil`), whose own
  /// declaration line is `header`; large `children` get chunks of their own.
  private func plan(
    children: [SymbolTree.Node], region: ClosedRange<Int>, header: Int?, owner: Piece.Identity?,
    into pieces: inout [Piece]
  ) {
    let earliestChild = (header ?? -1) + 1
    var cursor = region.lowerBound
    var previousEnd = header ?? -1
    var segments: [ClosedRange<Int>] = []
    var chunkedChildren = 0
    for child in children {
      defer { previousEnd = max(previousEnd, child.lastLine) }
      guard child.lineCount >= options.minChunkLines else { continue }
      let documented = lines.documentationStart(above: child.firstLine, lowerBound: previousEnd)
      let first = max(documented, cursor, earliestChild)
      let last = min(child.lastLine, region.upperBound)
      guard first <= last, child.firstLine <= last else { continue }
      if first > cursor { segments.append(cursor...(first - 1)) }
      cursor = last + 1
      chunkedChildren += 1
      let identity = Piece.Identity(
        name: child.symbol.name, kind: child.symbol.kind, container: child.symbol.container,
        signature: child.symbol.signature)
      if child.symbol.kind.isContainer {
        plan(
          children: child.children, region: first...last, header: child.firstLine,
          owner: identity, into: &pieces)
      } else if let trimmed = source.trimmingBlankLines(first...last) {
        pieces.append(Piece(lines: trimmed, identity: identity))
      }
    }
    if cursor <= region.upperBound { segments.append(cursor...region.upperBound) }

    for segment in segments {
      let trimmed =
        owner == nil ? lines.trimmingInsignificant(segment) : source.trimmingBlankLines(segment)
      guard let trimmed else { continue }
      if let header, trimmed.contains(header) {
        // The owner's header is kept, with its documentation and small members, unless it is
        // the bare declaration line of a container whose members all have chunks of their own
        // (`extension Foo {` alone is noise to search).
        let bareLine = trimmed.lowerBound == header && trimmed.upperBound == header
        if !bareLine || chunkedChildren == 0 {
          pieces.append(Piece(lines: trimmed, identity: owner))
        }
      } else if owner == nil ? !lines.isTrivial(trimmed) : !lines.isEmptyOfContent(trimmed) {
        pieces.append(Piece(lines: trimmed, identity: owner))
      }
    }
  }
}
