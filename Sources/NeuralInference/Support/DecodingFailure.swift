/// One-line descriptions of JSON decoding failures for error messages: the key path and what
/// was wrong, without the nested context dump of `DecodingError`'s default description.
enum DecodingFailure {
  static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context):
      return summary(context)
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      return summary(context)
    case DecodingError.keyNotFound(let key, let context):
      let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
      return "\(path): key not found"
    default:
      return "\(error)"
    }
  }

  private static func summary(_ context: DecodingError.Context) -> String {
    let path = context.codingPath.map(\.stringValue).joined(separator: ".")
    let reason =
      context.underlyingError.map { "\(context.debugDescription) (\($0))" }
      ?? context.debugDescription
    return path.isEmpty ? reason : "\(path): \(reason)"
  }
}
