import Embedding
import Foundation

/// Reading a service's answer: the status as a typed failure with the service's own message,
/// the JSON body, and vectors checked for their dimension and normalised.
enum ProviderAnswer {
  /// Throws the failure a non-2xx answer stands for, with the service's message (scrubbed of
  /// `secrets`, cut to a readable length).
  static func check(_ response: HTTPTransport.Response, model: String, secrets: [String]) throws(EmbeddingFailure) {
    guard !(200..<300).contains(response.status) else { return }
    let message = HTTPTransport.scrub(serviceMessage(response.body), secrets: secrets)
    let failure =
      EmbeddingFailure.from(
        httpStatus: response.status, message: message, retryAfter: response.header("retry-after"))
      ?? .other("HTTP \(response.status)")
    if case .modelNotFound = failure { throw .modelNotFound("\(model) (\(message))") }
    throw failure
  }

  /// The error text in a JSON error body (`{"error": {"message": …}}`, `{"error": "…"}`,
  /// `{"message": …}`, Bedrock's `{"Message": …}`), else the body's start.
  static func serviceMessage(_ body: [UInt8]) -> String {
    let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
    let candidates: [Any?] = [
      (object?["error"] as? [String: Any])?["message"], object?["error"], object?["message"], object?["Message"],
    ]
    let text = candidates.lazy.compactMap { $0 as? String }.first ?? String(decoding: body.prefix(300), as: UTF8.self)
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.isEmpty ? "no message" : String(trimmed.prefix(300))
  }

  /// The JSON object of a successful answer.
  static func object(_ body: [UInt8]) throws(EmbeddingFailure) -> [String: Any] {
    guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
      throw .malformedAnswer("the answer is not a JSON object (\(body.count) bytes)")
    }
    return object
  }

  /// One vector from a JSON array of numbers, checked against `dimension` and L2-normalised
  /// (the index compares vectors by inner product).
  static func vector(_ value: Any?, dimension: Int) throws(EmbeddingFailure) -> [Float] {
    guard let numbers = value as? [Any] else { throw .malformedAnswer("a vector is missing or not an array") }
    var vector = [Float]()
    vector.reserveCapacity(numbers.count)
    for number in numbers {
      guard let value = (number as? NSNumber)?.floatValue, value.isFinite else {
        throw .malformedAnswer("a vector holds something other than finite numbers")
      }
      vector.append(value)
    }
    guard vector.count == dimension else { throw .wrongDimension(expected: dimension, received: vector.count) }
    let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    guard norm > 0 else { throw .malformedAnswer("a vector is all zeros") }
    return vector.map { $0 / norm }
  }

  /// A JSON body.
  static func encode(_ object: Any) throws(EmbeddingFailure) -> [UInt8] {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
      throw .badRequest("the request could not be encoded")
    }
    return Array(data)
  }

  /// Tokens a text is likely to be for a tokenizer we do not have: about three bytes per
  /// token, which overestimates most English and code (so batches stay under limits).
  static func estimatedTokens(_ text: String) -> Int {
    max(1, (text.utf8.count + 2) / 3)
  }
}
