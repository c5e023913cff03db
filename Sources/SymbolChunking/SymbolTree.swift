import SearchCore

/// Symbols nested by their spans: a symbol's children are the symbols its span contains.
///
/// Nesting comes from spans rather than from container names because spans are what chunks
/// are cut from, and because names lie about nesting (a Go method names its struct as
/// container but is declared outside it). Spans that overlap without nesting (possible with
/// inferred ctags ends) are cut back to their parent's end.
struct SymbolTree {
  struct Node {
    var symbol: Symbol
    var firstLine: Int
    var lastLine: Int
    /// Where the node ends for nesting purposes: its span's end, cut back to its parent's.
    var endByte: Int
    var children: [Node] = []

    var lineCount: Int { lastLine - firstLine + 1 }
  }

  private(set) var roots: [Node] = []

  init(symbols: [Symbol], source: SourceText) {
    let ordered = symbols.sorted {
      ($0.span.bytes.lowerBound, -$0.span.bytes.upperBound)
        < ($1.span.bytes.lowerBound, -$1.span.bytes.upperBound)
    }
    // Path of open nodes from a root down; closed nodes are attached to their parents.
    var stack: [Node] = []
    for symbol in ordered {
      let start = symbol.span.bytes.lowerBound
      while let top = stack.last, start >= top.endByte {
        close(&stack)
      }
      var node = Node(
        symbol: symbol, firstLine: symbol.span.start.line,
        lastLine: source.lastLine(of: symbol.span),
        endByte: symbol.span.bytes.upperBound)
      if let top = stack.last, node.endByte > top.endByte {
        node.endByte = top.endByte
        node.lastLine = min(node.lastLine, top.lastLine)
      }
      stack.append(node)
    }
    while !stack.isEmpty { close(&stack) }
  }

  private mutating func close(_ stack: inout [Node]) {
    guard let node = stack.popLast() else { return }
    if stack.isEmpty {
      roots.append(node)
    } else {
      stack[stack.count - 1].children.append(node)
    }
  }
}
