import Foundation

/// A safetensors file that cannot be trusted, with the file and (where one is to blame) the
/// tensor in question. Truncated downloads and foreign files must fail here, before a bad
/// offset becomes a read past the mapping.
package struct SafeTensorsError: Error, Equatable, LocalizedError {
  package enum Problem: Equatable, Sendable {
    case cannotOpen(reason: String)
    /// Shorter than the 8-byte header length.
    case tooShort(size: Int)
    /// The declared header length does not fit in the file (or is absurdly large).
    case badHeaderLength(declared: UInt64, fileSize: Int)
    case malformedHeader(reason: String)
    case offsetsOutOfRange(tensor: String, begin: Int, end: Int, dataSize: Int)
    /// The byte range does not hold `shape` elements of `dtype`.
    case sizeMismatch(tensor: String, expectedBytes: Int, actualBytes: Int)
    case missingTensor(name: String)
    case wrongDType(tensor: String, expected: String, actual: String)
    case wrongShape(tensor: String, expected: [Int], actual: [Int])
  }

  package let file: String
  package let problem: Problem

  package init(file: String, problem: Problem) {
    self.file = file
    self.problem = problem
  }

  package var errorDescription: String? {
    "\(file): \(problemDescription)"
  }

  private var problemDescription: String {
    switch problem {
    case .cannotOpen(let reason):
      return "cannot open: \(reason)"
    case .tooShort(let size):
      return "truncated: \(size) bytes is too short for a safetensors header"
    case .badHeaderLength(let declared, let fileSize):
      return
        "bad header length \(declared) for a file of \(fileSize) bytes (truncated or not safetensors)"
    case .malformedHeader(let reason):
      return "malformed header: \(reason)"
    case .offsetsOutOfRange(let tensor, let begin, let end, let dataSize):
      return
        "tensor \(tensor) spans bytes \(begin)..<\(end) but the data section has \(dataSize) bytes (truncated?)"
    case .sizeMismatch(let tensor, let expectedBytes, let actualBytes):
      return "tensor \(tensor) needs \(expectedBytes) bytes for its shape but spans \(actualBytes)"
    case .missingTensor(let name):
      return "tensor \(name) is missing"
    case .wrongDType(let tensor, let expected, let actual):
      return "tensor \(tensor) has dtype \(actual), expected \(expected)"
    case .wrongShape(let tensor, let expected, let actual):
      return "tensor \(tensor) has shape \(actual), expected \(expected)"
    }
  }
}
