import SearchCore
import SwiftParser
import SwiftSyntax

/// Collects the declarations of a Swift file with swift-syntax.
///
/// Walks declarations only: top-level ones, members of types and extensions, and those inside
/// `#if` blocks. Function and accessor bodies are not entered, so locals never become symbols.
/// Functions are named the Swift way, with their argument labels (`insert(_:at:)`), so
/// overloads that differ by label have different names and stable chunk identities.
struct SwiftDeclarationCollector {
  let source: SourceText

  func symbols(in text: String) -> [Symbol] {
    let file = Parser.parse(source: text)
    var symbols: [Symbol] = []
    collect(items: file.statements, scope: Scope(), into: &symbols)
    return symbols
  }

  /// Where a declaration stands: its container path and whether that container is a type.
  private struct Scope {
    var path: [String] = []
    var isType = false

    var container: String? { path.isEmpty ? nil : path.joined(separator: ".") }

    func entering(_ name: String) -> Scope {
      Scope(path: path + [name], isType: true)
    }
  }

  private func collect(items: CodeBlockItemListSyntax, scope: Scope, into symbols: inout [Symbol]) {
    for item in items {
      if case .decl(let decl) = item.item {
        collect(decl: decl, scope: scope, into: &symbols)
      }
    }
  }

  private func collect(
    members: MemberBlockItemListSyntax, scope: Scope, into symbols: inout [Symbol]
  ) {
    for member in members {
      collect(decl: member.decl, scope: scope, into: &symbols)
    }
  }

  private func collect(decl: DeclSyntax, scope: Scope, into symbols: inout [Symbol]) {
    switch decl.as(DeclSyntaxEnum.self) {
    case .functionDecl(let function):
      let isOperator: Bool
      switch function.name.tokenKind {
      case .binaryOperator, .prefixOperator, .postfixOperator: isOperator = true
      default: isOperator = false
      }
      let kind: SymbolKind = isOperator ? .operator : (scope.isType ? .method : .function)
      let parameters = function.signature.parameterClause.parameters
      add(
        name: isOperator
          ? Self.operatorName(function.name.text, parameters: parameters)
          : Self.name(function.name.text, parameters: parameters),
        kind: kind, decl: function, nameToken: function.name,
        signature: signature(
          of: function, attributes: function.attributes,
          stopAt: function.body?.positionAfterSkippingLeadingTrivia),
        scope: scope, into: &symbols)
    case .initializerDecl(let initializer):
      add(
        name: Self.name("init", parameters: initializer.signature.parameterClause.parameters),
        kind: .constructor, decl: initializer, nameToken: initializer.initKeyword,
        signature: signature(
          of: initializer, attributes: initializer.attributes,
          stopAt: initializer.body?.positionAfterSkippingLeadingTrivia),
        scope: scope, into: &symbols)
    case .deinitializerDecl(let deinitializer):
      add(
        name: "deinit", kind: .constructor, decl: deinitializer,
        nameToken: deinitializer.deinitKeyword,
        signature: signature(
          of: deinitializer, attributes: deinitializer.attributes,
          stopAt: deinitializer.body?.positionAfterSkippingLeadingTrivia),
        scope: scope, into: &symbols)
    case .subscriptDecl(let subscriptDecl):
      add(
        name: Self.subscriptName(subscriptDecl.parameterClause.parameters), kind: .method,
        decl: subscriptDecl, nameToken: subscriptDecl.subscriptKeyword,
        signature: signature(
          of: subscriptDecl, attributes: subscriptDecl.attributes,
          stopAt: subscriptDecl.accessorBlock?.positionAfterSkippingLeadingTrivia),
        scope: scope, into: &symbols)
    case .macroDecl(let macro):
      add(
        name: Self.name(macro.name.text, parameters: macro.signature.parameterClause.parameters),
        kind: .function, decl: macro, nameToken: macro.name,
        signature: signature(
          of: macro, attributes: macro.attributes,
          stopAt: macro.definition?.positionAfterSkippingLeadingTrivia),
        scope: scope, into: &symbols)
    case .variableDecl(let variable):
      collect(variable: variable, scope: scope, into: &symbols)
    case .enumCaseDecl(let enumCase):
      collect(enumCase: enumCase, scope: scope, into: &symbols)
    case .classDecl(let type):
      collect(
        type: type, name: type.name, kind: .class, attributes: type.attributes,
        memberBlock: type.memberBlock, scope: scope, into: &symbols)
    case .actorDecl(let type):
      collect(
        type: type, name: type.name, kind: .class, attributes: type.attributes,
        memberBlock: type.memberBlock, scope: scope, into: &symbols)
    case .structDecl(let type):
      collect(
        type: type, name: type.name, kind: .struct, attributes: type.attributes,
        memberBlock: type.memberBlock, scope: scope, into: &symbols)
    case .enumDecl(let type):
      collect(
        type: type, name: type.name, kind: .enum, attributes: type.attributes,
        memberBlock: type.memberBlock, scope: scope, into: &symbols)
    case .protocolDecl(let type):
      collect(
        type: type, name: type.name, kind: .interface, attributes: type.attributes,
        memberBlock: type.memberBlock, scope: scope, into: &symbols)
    case .extensionDecl(let extensionDecl):
      collect(extension: extensionDecl, scope: scope, into: &symbols)
    case .typeAliasDecl(let alias):
      add(
        name: Self.plain(alias.name), kind: .typeParameter, decl: alias, nameToken: alias.name,
        signature: signature(of: alias, attributes: alias.attributes, stopAt: nil),
        scope: scope, into: &symbols)
    case .associatedTypeDecl(let associated):
      add(
        name: Self.plain(associated.name), kind: .typeParameter, decl: associated,
        nameToken: associated.name,
        signature: signature(of: associated, attributes: associated.attributes, stopAt: nil),
        scope: scope, into: &symbols)
    case .operatorDecl(let operatorDecl):
      add(
        name: operatorDecl.name.text, kind: .operator, decl: operatorDecl,
        nameToken: operatorDecl.name,
        signature: signature(of: operatorDecl, attributes: nil, stopAt: nil),
        scope: scope, into: &symbols)
    case .precedenceGroupDecl(let group):
      add(
        name: Self.plain(group.name), kind: .operator, decl: group, nameToken: group.name,
        signature: signature(
          of: group, attributes: group.attributes,
          stopAt: group.leftBrace.positionAfterSkippingLeadingTrivia),
        scope: scope, into: &symbols)
    case .ifConfigDecl(let ifConfig):
      for clause in ifConfig.clauses {
        switch clause.elements {
        case .statements(let items): collect(items: items, scope: scope, into: &symbols)
        case .decls(let members): collect(members: members, scope: scope, into: &symbols)
        default: break
        }
      }
    default:
      break
    }
  }

  // MARK: - Declarations with parts

  private func collect(
    type: some DeclSyntaxProtocol, name: TokenSyntax, kind: SymbolKind,
    attributes: AttributeListSyntax, memberBlock: MemberBlockSyntax, scope: Scope,
    into symbols: inout [Symbol]
  ) {
    let plainName = Self.plain(name)
    add(
      name: plainName, kind: kind, decl: type, nameToken: name,
      signature: signature(
        of: type, attributes: attributes, stopAt: memberBlock.positionAfterSkippingLeadingTrivia),
      scope: scope, into: &symbols)
    collect(members: memberBlock.members, scope: scope.entering(plainName), into: &symbols)
  }

  /// An extension is a container named after the type it extends (`extension A.B` is named
  /// `B` in container `A`), so it and its members share the qualified names of the type's own
  /// declaration and members.
  private func collect(
    extension decl: ExtensionDeclSyntax, scope: Scope, into symbols: inout [Symbol]
  ) {
    let path = Self.typePath(decl.extendedType)
    let name = path.last ?? Self.collapsed(decl.extendedType.trimmedDescription)
    let outer = Scope(path: scope.path + path.dropLast(), isType: scope.isType)
    symbols.append(
      Symbol(
        name: name, kind: .namespace, container: outer.container,
        signature: signature(
          of: decl, attributes: decl.attributes,
          stopAt: decl.memberBlock.positionAfterSkippingLeadingTrivia),
        span: span(of: decl), nameSpan: span(of: decl.extendedType)))
    collect(members: decl.memberBlock.members, scope: outer.entering(name), into: &symbols)
  }

  /// `A.B<C>` → `["A", "B"]`; sugared or composed types (`[Int]`, `A & B`) stay whole.
  private static func typePath(_ type: TypeSyntax) -> [String] {
    if let member = type.as(MemberTypeSyntax.self) {
      return typePath(member.baseType) + [plain(member.name)]
    }
    if let identifier = type.as(IdentifierTypeSyntax.self) {
      return [plain(identifier.name)]
    }
    return [collapsed(type.trimmedDescription)]
  }

  /// Each name a `let`/`var` binds is a symbol. With a single binding the symbol spans the
  /// whole declaration (attributes, accessors); with several, each spans its own binding.
  private func collect(variable: VariableDeclSyntax, scope: Scope, into symbols: inout [Symbol]) {
    let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
    let kind: SymbolKind = scope.isType ? .property : (isLet ? .constant : .variable)
    let single = variable.bindings.count == 1
    let prefix = signature(
      of: variable, attributes: variable.attributes,
      stopAt: variable.bindings.positionAfterSkippingLeadingTrivia)
    for binding in variable.bindings {
      let stops = [
        binding.initializer?.positionAfterSkippingLeadingTrivia,
        binding.accessorBlock?.positionAfterSkippingLeadingTrivia,
        binding.trailingComma?.positionAfterSkippingLeadingTrivia,
      ]
      let bindingText = signature(
        of: binding, attributes: nil, stopAt: stops.compactMap { $0 }.min())
      let bindingSignature = [prefix, bindingText].filter { !$0.isEmpty }.joined(separator: " ")
      for token in Self.boundNames(binding.pattern) {
        let declSpan = single ? span(of: variable) : span(of: binding)
        symbols.append(
          Symbol(
            name: Self.plain(token), kind: kind, container: scope.container,
            signature: bindingSignature.isEmpty ? nil : bindingSignature, span: declSpan,
            nameSpan: span(of: token)))
      }
    }
  }

  private func collect(enumCase: EnumCaseDeclSyntax, scope: Scope, into symbols: inout [Symbol]) {
    let single = enumCase.elements.count == 1
    for element in enumCase.elements {
      let elementText = signature(
        of: element, attributes: nil,
        stopAt: element.trailingComma?.positionAfterSkippingLeadingTrivia)
      symbols.append(
        Symbol(
          name: Self.plain(element.name), kind: .enumMember, container: scope.container,
          signature: "case " + elementText,
          span: single ? span(of: enumCase) : span(of: element), nameSpan: span(of: element.name)))
    }
  }

  private func add(
    name: String, kind: SymbolKind, decl: some SyntaxProtocol, nameToken: TokenSyntax,
    signature: String, scope: Scope, into symbols: inout [Symbol]
  ) {
    symbols.append(
      Symbol(
        name: name, kind: kind, container: scope.container,
        signature: signature.isEmpty ? nil : signature, span: span(of: decl),
        nameSpan: span(of: nameToken)))
  }

  // MARK: - Spans and text

  /// The node without its surrounding trivia: attributes and modifiers are part of a
  /// declaration, the doc comment before it is not (the chunk adds it back).
  private func span(of node: some SyntaxProtocol) -> TextSpan {
    let start = node.positionAfterSkippingLeadingTrivia.utf8Offset
    let end = max(start, node.endPositionBeforeTrailingTrivia.utf8Offset)
    return source.span(bytes: start..<end)
  }

  /// The declaration as written from its first modifier or keyword up to its body, on one
  /// line: tokens joined by single spaces wherever the source had trivia (but not inside
  /// brackets broken over lines), comments dropped.
  private func signature(
    of node: some SyntaxProtocol, attributes: AttributeListSyntax?, stopAt body: AbsolutePosition?
  ) -> String {
    let begin = attributes.map { $0.endPositionBeforeTrailingTrivia } ?? node.position
    let end = body ?? node.endPosition
    var text = ""
    var pendingSpace = false
    for token in node.tokens(viewMode: .sourceAccurate) {
      let position = token.positionAfterSkippingLeadingTrivia
      if position < begin { continue }
      if position >= end { break }
      if !text.isEmpty, pendingSpace || !token.leadingTrivia.isEmpty,
        !text.hasSuffix("("), !text.hasSuffix("["), !Self.closers.contains(token.text)
      {
        text += " "
      }
      text += token.text
      pendingSpace = !token.trailingTrivia.isEmpty
      if text.utf8.count > Self.maxSignatureBytes { break }
    }
    return text
  }

  /// Tokens that never follow a space in a signature, even where the source broke the line.
  private static let closers: Set<String> = [")", "]", ","]

  /// Signatures are for display and for the embedding text; a generic clause hundreds of
  /// bytes long is cut there.
  private static let maxSignatureBytes = 400

  // MARK: - Names

  /// `name(label:_:)`, the way Swift spells a function's full name.
  private static func name(_ base: String, parameters: FunctionParameterListSyntax) -> String {
    let labels = parameters.map { "\(plain($0.firstName)):" }.joined()
    return "\(plain(base))(\(labels))"
  }

  /// Operator functions take no argument labels: `==(_:_:)`.
  private static func operatorName(_ base: String, parameters: FunctionParameterListSyntax)
    -> String
  {
    "\(base)(\(String(repeating: "_:", count: parameters.count)))"
  }

  /// Subscript parameters have no argument label unless they spell two names.
  private static func subscriptName(_ parameters: FunctionParameterListSyntax) -> String {
    let labels = parameters.map { $0.secondName == nil ? "_:" : "\(plain($0.firstName)):" }.joined()
    return "subscript(\(labels))"
  }

  private static func boundNames(_ pattern: PatternSyntax) -> [TokenSyntax] {
    if let identifier = pattern.as(IdentifierPatternSyntax.self) {
      return [identifier.identifier]
    }
    if let tuple = pattern.as(TuplePatternSyntax.self) {
      return tuple.elements.flatMap { boundNames($0.pattern) }
    }
    if let binding = pattern.as(ValueBindingPatternSyntax.self) {
      return boundNames(binding.pattern)
    }
    return []
  }

  private static func plain(_ token: TokenSyntax) -> String {
    token.identifier?.name ?? plain(token.text)
  }

  private static func plain(_ text: String) -> String {
    text.count > 2 && text.hasPrefix("`") && text.hasSuffix("`")
      ? String(text.dropFirst().dropLast()) : text
  }

  private static func collapsed(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}
