import SearchCore

/// How ctags' kind names become `SymbolKind`s, and which tags are noise for search.
///
/// ctags names kinds per language, but most languages reuse the same long names (`class`,
/// `function`, `member` …), so a shared table covers them and per-language entries only correct
/// what differs (`member` is a method in Python but a field in C). Choices worth knowing:
///
/// - Markdown, reST, AsciiDoc and TeX headings → `.namespace`: headings nest like scopes, and
///   as containers each large section becomes a chunk of its own while its parent keeps only
///   its own prose (`.string`, which some editors use, would make a chapter one big chunk).
/// - `typedef`, `alias`, `talias`, `typealias` → `.typeParameter`: LSP has no type-alias kind;
///   rust-analyzer and sourcekit-lsp make the same choice.
/// - Go `type` (a named type that is not a struct or interface) → `.class`, as gopls does.
/// - Rust `implementation` (an `impl` block) → `.object`, as rust-analyzer does: a container
///   named after the implementing type.
/// - C and C++ `macro` → `.constant`, or `.function` when it has parameters.
/// - Haskell and OCaml data constructors → `.enumMember`: the cases of a sum type.
/// - SQL `table` and `view` → `.struct`: rows of named fields.
/// - Make `target` → `.function`: what a build runs.
///
/// Tags dropped as noise (`nil` in the tables): locals and parameters (when a parser emits
/// them), imports and includes (Python `namespace`/`module`/`unknown` import tags, PHP `use`
/// aliases, Ruby `require`, C `header`, Go import names), labels, heredocs, TeX/reST
/// cross-reference targets, and value declarations whose scope is a function (TypeScript and
/// JavaScript report a body's `const`s with the function as scope).
///
/// Context corrects the table: a function or method named like a constructor (`__init__`,
/// `constructor`, the class's own name in Java or C++) is a `.constructor`, a `function` whose
/// scope is a type is a `.method`, a `method` outside any type (Kotlin's top-level `fun`) is a
/// `.function`, and a `variable` whose scope is a type is a `.field`. Kinds nobody listed fall
/// back on a heuristic: `.function` when the tag has a signature, `.constant` for an all-caps
/// name, `.variable` otherwise.
enum CtagsKindTable {
  /// The symbol kind for a tag, or `nil` when the tag is noise for search.
  static func symbolKind(
    language: String, kind: String, scope: String?, scopeKind: String?, name: String,
    hasSignature: Bool
  ) -> SymbolKind? {
    guard
      let base = baseKind(language: language, kind: kind, name: name, hasSignature: hasSignature)
    else { return nil }
    guard let scopeKind else {
      return base == .method ? .function : base
    }
    let scopeType = baseKind(language: language, kind: scopeKind, name: "", hasSignature: false)
    if let scopeType, scopeType.isCallable, base.isValue {
      return nil
    }
    if base == .function || base == .method, let scopeType, scopeType.isType,
      isConstructorName(name, language: language, typeName: scope)
    {
      return .constructor
    }
    switch (base, scopeType) {
    case (.function, let scopeType?) where scopeType.isType: return .method
    case (.method, let scopeType) where scopeType.map({ !$0.isType }) ?? true: return .function
    case (.variable, let scopeType?) where scopeType.isType: return .field
    default: return base
    }
  }

  /// The table lookup alone, before context corrections.
  static func baseKind(language: String, kind: String, name: String, hasSignature: Bool)
    -> SymbolKind?
  {
    if let entry = languages[language]?[kind] ?? shared[kind] {
      guard let entry else { return nil }
      if entry == .constant, hasSignature, macroKinds.contains(kind) { return .function }
      return entry
    }
    if hasSignature { return .function }
    let letters = name.unicodeScalars.filter { $0.properties.isAlphabetic }
    if !letters.isEmpty, letters.allSatisfy({ $0.properties.isUppercase }) { return .constant }
    return .variable
  }

  private static let macroKinds: Set<String> = ["macro", "define"]

  /// ctags reports constructors (and destructors, which LSP has no kind for) as methods; their
  /// names give them away: a conventional name, or the class's own name where the language
  /// names constructors that way.
  private static func isConstructorName(_ name: String, language: String, typeName scope: String?)
    -> Bool
  {
    switch language {
    case "Python": return name == "__init__" || name == "__new__"
    case "PHP": return name == "__construct" || name == "__destruct"
    case "Ruby": return name == "initialize"
    case "JavaScript", "TypeScript": return name == "constructor"
    case "Java", "C#", "C++", "CUDA", "D", "Groovy":
      guard let scope else { return false }
      let typeName = scope.split(separator: ".").last.flatMap { $0.split(separator: ":").last }
      guard let typeName else { return false }
      return name == typeName || name == "~\(typeName)"
    default: return false
    }
  }

  /// Kind names shared by many ctags parsers. `nil` marks noise.
  private static let shared: [String: SymbolKind?] = [
    "class": .class, "struct": .struct, "union": .struct, "record": .struct,
    "enum": .enum, "enumerator": .enumMember, "enumConstant": .enumMember, "variant": .enumMember,
    "interface": .interface, "protocol": .interface, "trait": .interface,
    "annotation": .interface,
    "function": .function, "func": .function, "subroutine": .function, "procedure": .function,
    "subprogram": .function, "prototype": .function, "generator": .function,
    "method": .method, "methodSpec": .method, "singletonMethod": .method, "callback": .method,
    "rpc": .method, "constructor": .constructor,
    "field": .field, "member": .field, "anonMember": .field, "component": .field,
    "oneof": .field, "port": .field,
    "property": .property, "accessor": .property, "getter": .property, "setter": .property,
    "variable": .variable, "var": .variable, "globalVar": .variable, "externvar": .variable,
    "signal": .variable, "cursor": .variable,
    "constant": .constant, "const": .constant, "define": .constant, "macro": .constant,
    "namespace": .namespace, "module": .module, "package": .package, "object": .object,
    "implementation": .object, "submodule": .module, "program": .module,
    "typedef": .typeParameter, "alias": .typeParameter, "talias": .typeParameter,
    "typealias": .typeParameter, "subtype": .typeParameter, "domain": .typeParameter,
    "synonym": .typeParameter, "type": .class,
    "event": .event, "trigger": .event, "operator": .operator,
    "exception": .class, "message": .struct, "service": .interface, "table": .struct,
    "view": .struct, "index": .key, "key": .key, "selector": .key, "entity": .class,
    "architecture": .namespace, "task": .function, "test": .function, "guard": .function,
    "delegate": .function, "target": .function,
    "part": .namespace, "chapter": .namespace, "section": .namespace,
    "subsection": .namespace, "subsubsection": .namespace, "l4subsection": .namespace,
    "l5subsection": .namespace, "paragraph": .namespace, "subparagraph": .namespace,
    "heading1": .namespace, "heading2": .namespace, "heading3": .namespace,
    "local": nil, "parameter": nil, "macroparam": nil, "tparam": nil, "label": nil,
    "heredoc": nil, "header": nil, "library": nil, "packageName": nil, "receiver": nil,
    "unknown": nil, "using": nil, "name": nil, "anchor": nil, "xinput": nil, "bibitem": nil,
    "citation": nil, "substdef": nil, "counter": nil, "script": nil, "stylesheet": nil,
    "makefile": nil, "filename": nil, "source": nil, "protodef": nil,
  ]

  /// Where a language means something else by a shared name.
  private static let languages: [String: [String: SymbolKind?]] = [
    "Python": [
      "member": .method, "namespace": nil, "module": nil, "unknown": nil,
    ],
    "C": ["member": .field],
    "C++": ["member": .field],
    "CUDA": ["member": .field],
    "D": ["member": .field, "mixin": nil, "version": nil],
    "ObjectiveC": ["implementation": .class, "category": .namespace, "var": .variable],
    "Go": ["type": .class, "member": .field],
    "Rust": ["implementation": .object, "macro": .function],
    "Ruby": ["alias": .method, "module": .module],
    "PHP": ["alias": nil, "trait": .interface],
    "Sh": ["alias": .function],
    "Perl": ["format": nil, "package": .package],
    "Elixir": [
      "macro": .function, "implementation": .object, "type": .typeParameter, "record": .struct,
    ],
    "Erlang": ["macro": .constant, "type": .typeParameter],
    "Haskell": ["constructor": .enumMember, "type": .class],
    "OCaml": [
      "Constructor": .enumMember, "Exception": .class, "RecordField": .field, "val": .function,
      "type": .class, "var": .variable,
    ],
    "Make": ["macro": .variable],
    "CMake": ["macro": .function, "target": .object, "option": .variable, "project": .module],
    "Protobuf": ["group": .struct, "package": .package],
    "SQL": [
      "record": .struct, "ccflag": nil, "mlconn": nil, "mltable": nil, "mlprop": nil,
      "publication": .object, "service": .object,
    ],
    "HTML": ["class": nil, "id": nil],
    "CSS": ["class": .key, "id": .key],
    "SCSS": ["class": .key, "id": .key, "placeholder": .key, "mixin": .function],
    "Tex": ["command": .function, "environment": nil],
    "ReStructuredText": ["target": nil],
    "Vim": ["command": .function, "map": nil, "augroup": .namespace],
    "R": [
      "functionVar": .variable, "list": .variable, "vector": .variable, "dataframe": .variable,
      "nameattr": nil,
    ],
    "Julia": ["struct": .struct, "macro": .function],
    "Kotlin": ["object": .object],
  ]
}

extension SymbolKind {
  /// Kinds whose declarations run code; values inside them are locals.
  var isCallable: Bool {
    switch self {
    case .function, .method, .constructor, .operator: true
    default: false
    }
  }

  /// Kinds that declare a type whose members are methods and fields.
  var isType: Bool {
    switch self {
    case .class, .struct, .enum, .interface, .object: true
    default: false
    }
  }

  /// Kinds that hold a value rather than a body of declarations.
  var isValue: Bool {
    switch self {
    case .variable, .constant, .field, .property, .enumMember, .key, .string, .number, .boolean,
      .array, .null, .typeParameter, .event:
      true
    default:
      false
    }
  }
}
