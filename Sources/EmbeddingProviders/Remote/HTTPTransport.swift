import AsyncHTTPClient
import Embedding
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange with an embedding service, through the shared async-http-client, with
/// every way it can fail mapped to an ``EmbeddingFailure``.
///
/// Error messages name the host and what went wrong, never the request's headers or URL
/// query (where keys travel): the caller passes the secrets it sent so that any echo of them
/// in the service's own error text is scrubbed too.
package struct HTTPTransport: Sendable {
  package struct Request: Sendable {
    package var method: String
    package var url: URL
    package var headers: [(String, String)]
    package var body: [UInt8]

    package init(method: String = "POST", url: URL, headers: [(String, String)], body: [UInt8]) {
      self.method = method
      self.url = url
      self.headers = headers
      self.body = body
    }
  }

  package struct Response: Sendable {
    package var status: Int
    package var headers: [(String, String)]
    package var body: [UInt8]

    package func header(_ name: String) -> String? {
      headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
  }

  /// The most an answer may be: a 2,048-input batch of 3,072-dimension vectors as JSON text is
  /// about 130 MB; anything larger is not an embedding answer.
  static let maxResponseBytes = 256 << 20

  package var timeout: Duration

  package init(timeout: Duration) {
    self.timeout = timeout
  }

  /// Sends `request` and returns the whole answer, whatever its status; transport failures
  /// (refused, reset, truncated, too slow) become ``EmbeddingFailure``s.
  package func send(_ request: Request, secrets: [String]) async throws(EmbeddingFailure) -> Response {
    let outgoing = {
      var outgoing = HTTPClientRequest(url: request.url.absoluteString)
      outgoing.method = HTTPMethod(rawValue: request.method)
      for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
      outgoing.body = .bytes(request.body)
      return outgoing
    }()
    let host = request.url.host.map { $0 + (request.url.port.map { ":\($0)" } ?? "") } ?? "the service"
    let timeout = self.timeout
    let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
    do {
      // The deadline covers the whole exchange, the body included: a service that sends its
      // headers and then stalls is as slow as one that never answers.
      return try await withThrowingTaskGroup(of: Response?.self) { group in
        group.addTask {
          let response = try await HTTPClient.shared.execute(outgoing, deadline: .now() + .nanoseconds(nanoseconds))
          var body = try await response.body.collect(upTo: Self.maxResponseBytes)
          let bytes = body.readBytes(length: body.readableBytes) ?? []
          if let length = response.headers.first(name: "content-length").flatMap(Int.init), length != bytes.count {
            throw HTTPClientError.bodyLengthMismatch
          }
          return Response(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: bytes)
        }
        group.addTask {
          try await Task.sleep(for: timeout)
          return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let response = first else {
          throw EmbeddingFailure.timeout(after: timeout)
        }
        return response
      }
    } catch let failure as EmbeddingFailure {
      throw failure
    } catch {
      throw Self.failure(for: error, host: host, timeout: timeout, secrets: secrets)
    }
  }

  /// What a transport error means for the caller, in words that name no secret.
  static func failure(for error: any Error, host: String, timeout: Duration, secrets: [String]) -> EmbeddingFailure {
    if error is CancellationError { return Task.isCancelled ? .cancelled : .timeout(after: timeout) }
    if let client = error as? HTTPClientError {
      switch client {
      case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
        return .timeout(after: timeout)
      case .cancelled:
        return Task.isCancelled ? .cancelled : .timeout(after: timeout)
      case .remoteConnectionClosed, .bodyLengthMismatch:
        return .connection("\(host) closed the connection before the whole answer arrived")
      default:
        return .connection(scrub("\(host): \(client)", secrets: secrets))
      }
    }
    if error is NIOTooManyBytesError {
      return .malformedAnswer("\(host) sent more than \(maxResponseBytes >> 20) MB")
    }
    // Refused, reset, unreachable: NIO's connection errors describe themselves without the
    // request's headers.
    return .connection("cannot reach \(host) (\(scrub(String(describing: error), secrets: secrets)))")
  }

  /// `text` with every occurrence of a secret replaced: for service messages that echo a key.
  package static func scrub(_ text: String, secrets: [String]) -> String {
    var result = text
    for secret in secrets where secret.count >= 4 {
      result = result.replacingOccurrences(of: secret, with: "[REDACTED]")
    }
    return result
  }
}
