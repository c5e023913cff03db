/// What is wrong with a spec string, and where: `position` is the UTF-8 offset of the offending
/// component (or number) from the start of the string.
package enum IndexSpecError: Error, Equatable, Sendable, CustomStringConvertible {
  case empty
  case emptyComponent(position: Int)
  case unknownComponent(String, position: Int)
  /// "IVF" or "PCA" or "PQ" without its number.
  case missingNumber(String, position: Int)
  /// Not a decimal number in 1...1,000,000.
  case invalidNumber(String, position: Int)
  /// A component appeared after one that must follow it (for example "SQ8,IVF256").
  case outOfOrder(String, position: Int)
  case duplicate(String, position: Int)
  /// Neither "Flat" nor "IVFn".
  case missingStructure
  /// "IVFn" with no "SQ8" or "PQm" after it.
  case missingEncoding(position: Int)
  /// Components that parse but do not go together (for example "Flat,PQ16").
  case unsupportedCombination(String, position: Int)
  case pqDoesNotDivideDimension(Int, Int)
  /// 4-bit codes pack 32 dimensions per 16 bytes.
  case sq4NeedsMultipleOf32(Int)
  case reductionTooLarge(Int, dimension: Int)

  package var description: String {
    switch self {
    case .empty: "empty index spec"
    case .emptyComponent(let position): "empty component at offset \(position)"
    case .unknownComponent(let text, let position):
      "unknown component '\(text)' at offset \(position) (expected PCAn, Flat, IVFn, SQ8, SQ4, PQn or Refine[(n)])"
    case .missingNumber(let name, let position): "'\(name)' at offset \(position) needs a number, e.g. \(name)256"
    case .invalidNumber(let text, let position): "'\(text)' at offset \(position) is not a number in 1...1000000"
    case .outOfOrder(let text, let position):
      "'\(text)' at offset \(position) is out of order (expected [PCAn,] Flat|IVFn [,SQ8|PQn] [,Refine])"
    case .duplicate(let text, let position): "'\(text)' at offset \(position) repeats an earlier component"
    case .missingStructure: "spec needs 'Flat' or 'IVFn'"
    case .missingEncoding(let position): "IVF needs an encoding (SQ8, SQ4 or PQn) at offset \(position)"
    case .unsupportedCombination(let text, let position): "\(text) (at offset \(position)) is not supported"
    case .pqDoesNotDivideDimension(let m, let dimension): "PQ\(m) does not divide the encoded dimension \(dimension)"
    case .sq4NeedsMultipleOf32(let dimension):
      "SQ4 needs an encoded dimension that is a multiple of 32, not \(dimension)"
    case .reductionTooLarge(let reduction, let dimension): "PCA\(reduction) exceeds the dimension \(dimension)"
    }
  }
}
