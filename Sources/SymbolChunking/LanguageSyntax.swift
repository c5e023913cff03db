/// The few lexical facts about a language that chunking needs without a real parser: how
/// comments, strings and blocks look, and which lines only import things.
///
/// They serve three purposes: finding where a ctags tag ends when ctags does not say (many of
/// its parsers report no `end`), attaching the comment lines above a declaration to its chunk,
/// and telling code that is worth a line window from imports and boilerplate. Approximate by
/// design: a wrong guess makes a chunk a little too long or short, never invalid.
struct LanguageSyntax: Sendable {
  /// How a declaration's extent can be found from its first line.
  enum BlockStyle: Sendable {
    /// `{ … }` bodies and `;`-or-newline terminated statements (C family, Rust, Go, Shell …).
    case braces
    /// Statements end with `;` and newlines mean nothing (SQL).
    case semicolons
    /// No reliable block markers (indentation, `end` keywords): a declaration reaches to the
    /// next one.
    case nextDeclaration
  }

  var lineComments: [String] = []
  var blockComment: (open: String, close: String)?
  var blockStyle: BlockStyle = .nextDeclaration
  /// `'x'` is a character literal and a lone `'` is something else (a Rust lifetime, a C++
  /// digit separator); otherwise `'` opens a string like `"`.
  var singleQuoteIsCharacter = false
  /// `` ` `` delimits strings that may span lines (JavaScript templates, Go raw strings).
  var backtickStrings = false
  /// `"""` / `'''` delimit strings that may span lines.
  var tripleQuotedStrings = false
  /// Extra quote pair treated as a string (SQL's `$$` bodies).
  var dollarQuotes = false
  /// Prefixes of lines that only bring names into scope (or declare the package).
  var importPrefixes: [String] = []
  /// Text that marks a line as an import wherever it stands (`const x = require('x')`).
  var importInfixes: [String] = []
  /// Prefixes of lines that decorate the declaration below them (`@decorator`, `#[derive]`).
  var attributePrefixes: [String] = []
  /// Prefixes of conditional-compilation lines (`#if`, `#endif`): structure, not content.
  var directivePrefixes: [String] = []
  /// Prose languages have no code structure: every non-blank line counts as content.
  var isProse = false

  /// Whether this is a language whose files are data or configuration rather than code: ctags
  /// finds keys or anchors there, not declarations, so line windows serve search better.
  static func isWindowOnly(language: String) -> Bool {
    windowOnlyLanguages.contains(language)
  }

  static func forLanguage(_ language: String?) -> LanguageSyntax {
    guard let language else { return LanguageSyntax(isProse: true) }
    return table[language] ?? fallback(for: language)
  }

  private static let windowOnlyLanguages: Set<String> = [
    "JSON", "Yaml", "XML", "SVG", "PlistXML", "RelaxNG", "XSLT", "DTD", "Glade", "Ant", "Maven2",
    "DBusIntrospect", "Passwd", "JavaProperties", "Iniconf", "Diff", "YumRepo", "SystemdUnit",
    "PythonLoggingConfig", "QemuHX", "RpmMacros", "BibTeX", "AnsiblePlaybook", "Ctags",
  ]

  private static let cStyleComments = LanguageSyntax(
    lineComments: ["//"], blockComment: ("/*", "*/"), blockStyle: .braces)

  private static func cFamily(
    imports: [String], attributes: [String] = [], character: Bool = true,
    backticks: Bool = false, tripleQuotes: Bool = false
  ) -> LanguageSyntax {
    var syntax = cStyleComments
    syntax.importPrefixes = imports
    syntax.directivePrefixes = conditionals
    syntax.attributePrefixes = attributes
    syntax.singleQuoteIsCharacter = character
    syntax.backtickStrings = backticks
    syntax.tripleQuotedStrings = tripleQuotes
    return syntax
  }

  private static func hashComments(
    style: BlockStyle, imports: [String], attributes: [String] = [], tripleQuotes: Bool = false
  ) -> LanguageSyntax {
    LanguageSyntax(
      lineComments: ["#"], blockStyle: style, tripleQuotedStrings: tripleQuotes,
      importPrefixes: imports, attributePrefixes: attributes)
  }

  private static let cIncludes = ["#include", "#import", "#pragma once", "@import"]
  private static let conditionals = ["#if", "#else", "#elif", "#endif", "#region", "#endregion"]
  private static let jvmImports = ["import ", "package "]
  private static let scriptImports = ["import ", "export * from", "'use strict'", "\"use strict\""]

  private static let table: [String: LanguageSyntax] = {
    var table: [String: LanguageSyntax] = [:]
    for name in ["C", "CUDA", "CPreProcessor"] {
      table[name] = cFamily(imports: cIncludes)
    }
    table["C++"] = cFamily(
      imports: cIncludes + ["using namespace ", "import "], attributes: ["[["])
    table["ObjectiveC"] = cFamily(imports: cIncludes, attributes: ["@property"])
    table["D"] = cFamily(imports: ["import ", "module "], attributes: ["@"])
    table["Java"] = cFamily(imports: jvmImports, attributes: ["@"])
    table["Kotlin"] = cFamily(imports: jvmImports, attributes: ["@"], tripleQuotes: true)
    table["Scala"] = cFamily(imports: jvmImports, attributes: ["@"], tripleQuotes: true)
    table["Groovy"] = cFamily(imports: jvmImports, attributes: ["@"], tripleQuotes: true)
    table["C#"] = cFamily(imports: ["using ", "extern alias "], attributes: ["["])
    table["JavaScript"] = cFamily(
      imports: scriptImports, attributes: ["@"], character: false, backticks: true)
    table["JavaScript"]?.importInfixes = ["= require("]
    table["TypeScript"] = table["JavaScript"]
    table["Go"] = cFamily(imports: ["import ", "package "], backticks: true)
    table["Rust"] = cFamily(
      imports: ["use ", "pub use ", "pub(crate) use ", "extern crate ", "#!["],
      attributes: ["#["])
    table["Swift"] = cFamily(
      imports: [
        "import ", "@testable import ", "@_exported import ", "@preconcurrency import ",
        "@_implementationOnly import ",
      ],
      attributes: ["@"], character: false, tripleQuotes: true)
    table["Protobuf"] = cFamily(imports: ["import ", "package ", "syntax ", "option "])
    table["Haxe"] = cFamily(imports: ["import ", "package ", "using "], attributes: ["@"])
    table["Zephir"] = cFamily(imports: ["namespace ", "use "])
    table["Vera"] = cFamily(imports: cIncludes)
    table["CSS"] = cFamily(imports: ["@import", "@charset", "@use "], character: false)
    table["SCSS"] = table["CSS"]

    var php = cFamily(
      imports: ["use ", "namespace ", "require", "include", "<?php", "declare("],
      attributes: ["#["], character: false)
    php.lineComments = ["//", "#"]
    table["PHP"] = php

    table["Sh"] = hashComments(style: .braces, imports: ["source ", ". ", "set -"])
    table["Perl"] = hashComments(style: .braces, imports: ["use ", "require ", "no "])
    table["Perl6"] = table["Perl"]
    table["Tcl"] = hashComments(style: .braces, imports: ["package require ", "source "])
    table["Awk"] = hashComments(style: .braces, imports: ["@include "])
    table["PowerShell"] = hashComments(style: .braces, imports: ["Import-Module ", "using "])
    table["Python"] = hashComments(
      style: .nextDeclaration, imports: ["import ", "from ", "__all__"], attributes: ["@"],
      tripleQuotes: true)
    table["Ruby"] = hashComments(
      style: .nextDeclaration, imports: ["require ", "require_relative ", "load "])
    table["Elixir"] = hashComments(
      style: .nextDeclaration, imports: ["import ", "alias ", "use ", "require "],
      attributes: ["@"], tripleQuotes: true)
    table["R"] = hashComments(style: .braces, imports: ["library(", "require(", "source("])
    table["Julia"] = hashComments(style: .nextDeclaration, imports: ["using ", "import "])
    table["Make"] = hashComments(style: .nextDeclaration, imports: ["include ", "-include "])
    table["CMake"] = hashComments(style: .nextDeclaration, imports: ["include(", "cmake_minimum"])

    table["SQL"] = LanguageSyntax(
      lineComments: ["--"], blockComment: ("/*", "*/"), blockStyle: .semicolons,
      dollarQuotes: true)
    table["Lua"] = LanguageSyntax(
      lineComments: ["--"], importPrefixes: ["require"], importInfixes: ["= require"])
    table["Haskell"] = LanguageSyntax(
      lineComments: ["--"], blockComment: ("{-", "-}"), importPrefixes: ["import ", "module "])
    table["Elm"] = table["Haskell"]
    table["Ada"] = LanguageSyntax(lineComments: ["--"], importPrefixes: ["with ", "use "])
    table["VHDL"] = LanguageSyntax(lineComments: ["--"], importPrefixes: ["library ", "use "])
    table["Erlang"] = LanguageSyntax(lineComments: ["%"], importPrefixes: ["-module(", "-include"])
    table["Lisp"] = LanguageSyntax(lineComments: [";"])
    table["Scheme"] = table["Lisp"]
    table["Clojure"] = table["Lisp"]
    table["EmacsLisp"] = table["Lisp"]
    table["Vim"] = LanguageSyntax(lineComments: ["\""])
    table["Fortran"] = LanguageSyntax(lineComments: ["!"], importPrefixes: ["use ", "include "])
    table["OCaml"] = LanguageSyntax(blockComment: ("(*", "*)"), importPrefixes: ["open "])
    table["Pascal"] = LanguageSyntax(
      lineComments: ["//"], blockComment: ("{", "}"), importPrefixes: ["uses "])

    for prose in [
      "Markdown", "Asciidoc", "ReStructuredText", "Tex", "TeXBeamer", "Txt2tags", "Man", "Pod",
    ] {
      table[prose] = LanguageSyntax(isProse: true)
    }
    return table
  }()

  /// Languages missing from the table still get `#` and `//` comments recognised, which covers
  /// most of the rest, and next-declaration extents, which need no syntax at all.
  private static func fallback(for language: String) -> LanguageSyntax {
    LanguageSyntax(lineComments: ["#", "//"], blockComment: ("/*", "*/"))
  }
}
