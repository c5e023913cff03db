import Foundation
import NeuralInference

/// Command-line options of `minilm-bench`, parsed by hand so the tool needs nothing but
/// NeuralInference.
struct BenchOptions {
  var modelDirectory = MiniLMModel.defaultDirectory()
  var lengths = [64, 128, 256]
  var threads = [1, 2]
  var parallelisms: [InferenceOptions.Parallelism] = [.acrossBatches, .insideMatrixProducts]
  var chunks = 64
  var runs = 5
  var maxBatchTokens = 1024
  var textsOutput: URL?

  static let usage = """
    usage: minilm-bench [--model DIR] [--lengths 64,128,256] [--threads 1,2]
                        [--parallelism across,inside] [--chunks 64] [--runs 5]
                        [--max-batch-tokens 1024] [--write-texts FILE]
    Embeds --chunks texts of exactly each token length, --runs times per configuration, and
    prints the median chunks/s and tokens/s (tokenization included) and the peak RSS.
    --write-texts saves the generated texts as JSON for scripts/onnx_bench.py.
    """

  struct UsageError: Error, CustomStringConvertible {
    var description: String
  }

  init(arguments: [String]) throws(UsageError) {
    var remaining = arguments[...]
    func value(_ flag: String) throws(UsageError) -> String {
      guard let next = remaining.popFirst() else {
        throw UsageError(description: "\(flag) needs a value")
      }
      return next
    }
    func integers(_ flag: String) throws(UsageError) -> [Int] {
      let text = try value(flag)
      let parsed = text.split(separator: ",").compactMap { Int($0) }
      guard !parsed.isEmpty, parsed.allSatisfy({ $0 > 0 }),
        parsed.count == text.split(separator: ",").count
      else { throw UsageError(description: "\(flag) wants positive integers, got \(text)") }
      return parsed
    }
    while let flag = remaining.popFirst() {
      switch flag {
      case "--model": modelDirectory = URL(fileURLWithPath: try value(flag), isDirectory: true)
      case "--lengths": lengths = try integers(flag)
      case "--threads": threads = try integers(flag)
      case "--chunks": chunks = try integers(flag)[0]
      case "--runs": runs = try integers(flag)[0]
      case "--max-batch-tokens": maxBatchTokens = try integers(flag)[0]
      case "--write-texts": textsOutput = URL(fileURLWithPath: try value(flag))
      case "--parallelism":
        parallelisms = try value(flag).split(separator: ",").map { name throws(UsageError) in
          switch name {
          case "across": return .acrossBatches
          case "inside": return .insideMatrixProducts
          default:
            throw UsageError(description: "--parallelism takes across and/or inside, got \(name)")
          }
        }
      case "--help", "-h": throw UsageError(description: Self.usage)
      default: throw UsageError(description: "unknown option \(flag)\n\(Self.usage)")
      }
    }
  }
}
