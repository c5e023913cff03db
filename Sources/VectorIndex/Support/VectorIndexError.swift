/// Errors from building, updating or querying an index with malformed input.
///
/// Every case is reachable from caller data (vector counts, dimensions, parameters), so they are
/// thrown rather than trapped: the server must survive a bad request.
package enum VectorIndexError: Error, Equatable, Sendable {
  /// A vector or query had `actual` components where the index holds `expected`.
  case dimensionMismatch(expected: Int, actual: Int)
  /// `ids.count` vectors were announced but `values` does not hold `ids.count × dimension` floats.
  case countMismatch(ids: Int, values: Int, dimension: Int)
  /// Training needs at least `required` vectors; `available` were given.
  case notEnoughTrainingVectors(required: Int, available: Int)
  /// A parameter was outside its valid range; the text names it and the accepted range.
  case invalidParameter(String)
  /// The index spec does not fit the data (see `IndexSpec.validate(dimension:)`).
  case invalidSpec(IndexSpecError)
}
