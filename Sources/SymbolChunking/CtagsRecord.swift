import Foundation

/// One line of ctags' JSON output: a tag, or one of the protocol's bookkeeping records.
///
/// Only the fields chunking uses are decoded; everything else ctags prints is ignored, so a
/// newer ctags with more fields still works.
struct CtagsRecord: Decodable, Sendable {
  /// `tag`, `completed`, `program`, `error` …
  var type: String
  var name: String?
  var language: String?
  /// 1-based line of the tag's name.
  var line: Int?
  /// 1-based last line of the declaration, when the language's parser knows it.
  var end: Int?
  /// Long kind name (`function`, `class` …).
  var kind: String?
  /// Enclosing declarations, joined with the language's separator (`Outer.Inner`, `a::b`).
  var scope: String?
  var scopeKind: String?
  /// Parameter list as written, e.g. `(self, key)`.
  var signature: String?
  /// For `error` records: a message about the input, or a failure that ends the request.
  var message: String?
  var fatal: Bool?

  private enum CodingKeys: String, CodingKey {
    case type = "_type"
    case name, language, line, end, kind, scope, scopeKind, signature, message, fatal
  }

  /// Decodes one output line; ctags may cut a long line inside a UTF-8 sequence, so invalid
  /// bytes are repaired first instead of failing the whole file.
  static func decode(line: ArraySlice<UInt8>, decoder: JSONDecoder) -> CtagsRecord? {
    let repaired = String(decoding: line, as: UTF8.self)
    return try? decoder.decode(CtagsRecord.self, from: Data(repaired.utf8))
  }
}
