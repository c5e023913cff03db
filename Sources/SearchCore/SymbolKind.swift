/// The kind of a declaration, in the vocabulary editors already show.
///
/// The raw values are LSP's `SymbolKind` numbers so the server can map them without a table,
/// but nothing here depends on LSP: chunkers map their own kind names (ctags' `function`,
/// swift-syntax's `FunctionDeclSyntax`) onto these cases.
package enum SymbolKind: Int, Hashable, Sendable, CaseIterable {
  case file = 1
  case module = 2
  case namespace = 3
  case package = 4
  case `class` = 5
  case method = 6
  case property = 7
  case field = 8
  case constructor = 9
  case `enum` = 10
  case interface = 11
  case function = 12
  case variable = 13
  case constant = 14
  case string = 15
  case number = 16
  case boolean = 17
  case array = 18
  case object = 19
  case key = 20
  case null = 21
  case enumMember = 22
  case `struct` = 23
  case event = 24
  case `operator` = 25
  case typeParameter = 26

  /// A short lower-case name used in CLI output and in the catalog.
  package var name: String {
    switch self {
    case .file: "file"
    case .module: "module"
    case .namespace: "namespace"
    case .package: "package"
    case .class: "class"
    case .method: "method"
    case .property: "property"
    case .field: "field"
    case .constructor: "constructor"
    case .enum: "enum"
    case .interface: "interface"
    case .function: "function"
    case .variable: "variable"
    case .constant: "constant"
    case .string: "string"
    case .number: "number"
    case .boolean: "boolean"
    case .array: "array"
    case .object: "object"
    case .key: "key"
    case .null: "null"
    case .enumMember: "enumMember"
    case .struct: "struct"
    case .event: "event"
    case .operator: "operator"
    case .typeParameter: "typeParameter"
    }
  }

  /// Parses `name` back; the inverse of ``name``.
  /// The kind of a name, in any case (`function`, `Function`), as languages are matched.
  package init?(name: String) {
    let lowered = name.lowercased()
    guard let kind = SymbolKind.allCases.first(where: { $0.name.lowercased() == lowered }) else { return nil }
    self = kind
  }

  /// Kinds that hold other declarations; their bodies are where tiny members get grouped.
  package var isContainer: Bool {
    switch self {
    case .class, .struct, .enum, .interface, .namespace, .module, .package, .object: true
    default: false
    }
  }
}
