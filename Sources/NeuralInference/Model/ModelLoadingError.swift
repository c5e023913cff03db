import Foundation

/// Why a model directory could not be used. Every case names the file and the problem, so the
/// message alone tells a user what to fix (usually: run `scripts/install-model.sh` again).
package enum ModelLoadingError: Error, Equatable, LocalizedError {
  case missingFile(file: String)
  case unreadable(file: String, reason: String)
  case invalidConfiguration(file: String, reason: String)
  case invalidVocabulary(file: String, reason: String)
  case checksumMismatch(file: String, expected: String, actual: String)
  case invalidWeights(SafeTensorsError)

  package var errorDescription: String? {
    switch self {
    case .missingFile(let file):
      return "\(file): file not found"
    case .unreadable(let file, let reason):
      return "\(file): cannot be read: \(reason)"
    case .invalidConfiguration(let file, let reason):
      return "\(file): invalid model configuration: \(reason)"
    case .invalidVocabulary(let file, let reason):
      return "\(file): invalid vocabulary: \(reason)"
    case .checksumMismatch(let file, let expected, let actual):
      return "\(file): SHA-256 is \(actual), expected \(expected); the file is corrupt or a "
        + "different model, install it again with scripts/install-model.sh"
    case .invalidWeights(let error):
      return error.errorDescription
    }
  }
}
