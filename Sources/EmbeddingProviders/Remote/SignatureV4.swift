import Foundation
import SearchCore

/// AWS Signature Version 4, written from the published algorithm
/// (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html) and
/// checked against its published test suite (`SignatureV4Tests`).
///
/// A request is signed by hashing a canonical form of it (method, path, sorted query, sorted
/// lower-case headers with trimmed values, the payload's SHA-256) into a string to sign, and
/// signing that with a key derived from the secret through the date, region and service.
/// Secrets are only ever used as HMAC keys here: nothing of them is logged or returned.
package struct SignatureV4: Sendable {
  package struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    package var accessKeyID: String
    package var secretAccessKey: String
    /// Temporary credentials (STS) come with a session token, sent as `X-Amz-Security-Token`.
    package var sessionToken: String?

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
      self.accessKeyID = accessKeyID
      self.secretAccessKey = secretAccessKey
      self.sessionToken = sessionToken
    }

    /// Never the secret or the token, however the value is printed or interpolated.
    package var description: String {
      "credentials \(accessKeyID.prefix(4))… (secret\(sessionToken == nil ? "" : " and session token") hidden)"
    }

    package var debugDescription: String { description }
  }

  /// A request as it will be sent: its path is already URI-encoded as it goes on the wire.
  package struct Request: Sendable, Equatable {
    package var method: String
    package var path: String
    /// Query parameters as they appear (unencoded names and values).
    package var query: [(String, String)]
    /// Headers in the order given; a name may repeat.
    package var headers: [(String, String)]
    package var body: [UInt8]

    package init(
      method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: [UInt8] = []
    ) {
      self.method = method
      self.path = path
      self.query = query
      self.headers = headers
      self.body = body
    }

    package static func == (a: Request, b: Request) -> Bool {
      a.method == b.method && a.path == b.path && a.body == b.body
        && a.query.map { [$0.0, $0.1] } == b.query.map { [$0.0, $0.1] }
        && a.headers.map { [$0.0, $0.1] } == b.headers.map { [$0.0, $0.1] }
    }
  }

  package var credentials: Credentials
  package var region: String
  package var service: String

  package init(credentials: Credentials, region: String, service: String) {
    self.credentials = credentials
    self.region = region
    self.service = service
  }

  /// `20150830T123600Z`: the `X-Amz-Date` of a time.
  package static func amzDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    return formatter.string(from: date)
  }

  /// The request with `X-Amz-Date`, the session token (when there is one) and
  /// `Authorization` added, signed at `date`.
  package func signed(_ request: Request, at date: Date) -> Request {
    var request = request
    let stamp = Self.amzDate(date)
    if !request.headers.contains(where: { $0.0.lowercased() == "x-amz-date" }) {
      request.headers.append(("X-Amz-Date", stamp))
    }
    if let token = credentials.sessionToken, !request.headers.contains(where: { $0.0.lowercased() == "x-amz-security-token" }) {
      request.headers.append(("X-Amz-Security-Token", token))
    }
    request.headers.append(("Authorization", authorization(for: request, amzDate: stamp)))
    return request
  }

  /// The `Authorization` header value for a request that already carries its `X-Amz-Date`
  /// (and session token) headers.
  package func authorization(for request: Request, amzDate: String) -> String {
    let (canonical, signedHeaders) = Self.canonicalRequest(request)
    let scope = credentialScope(amzDate: amzDate)
    let toSign = Self.stringToSign(canonicalRequest: canonical, amzDate: amzDate, scope: scope)
    let signature = HMACSHA256.authenticationCode(key: signingKey(day: String(amzDate.prefix(8))), message: toSign).hexString
    return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
  }

  func credentialScope(amzDate: String) -> String {
    "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
  }

  static func stringToSign(canonicalRequest: String, amzDate: String, scope: String) -> String {
    var hash = SHA256()
    hash.update(Array(canonicalRequest.utf8))
    return "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(hash.finalizeHex())"
  }

  func signingKey(day: String) -> [UInt8] {
    let date = HMACSHA256.authenticationCode(key: Array("AWS4\(credentials.secretAccessKey)".utf8), message: day)
    let region = HMACSHA256.authenticationCode(key: date, message: self.region)
    let service = HMACSHA256.authenticationCode(key: region, message: self.service)
    return HMACSHA256.authenticationCode(key: service, message: "aws4_request")
  }

  /// The canonical request and its signed-header list.
  static func canonicalRequest(_ request: Request) -> (String, String) {
    let encoded: [(String, String)] = request.query.map { (encode($0.0), encode($0.1)) }
    let sorted = encoded.sorted { a, b in a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
    let query = sorted.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    // Names lower-cased; values trimmed with inner runs of spaces made one; a repeated name's
    // values joined by commas in the order given; names sorted.
    var values: [String: [String]] = [:]
    for (name, value) in request.headers where name.lowercased() != "authorization" {
      values[name.lowercased(), default: []].append(normalise(value))
    }
    let names = values.keys.sorted()
    let headers = names.map { "\($0):\((values[$0] ?? []).joined(separator: ","))\n" }.joined()
    let signedHeaders = names.joined(separator: ";")
    var payload = SHA256()
    payload.update(request.body)
    let canonical = [
      request.method.uppercased(), request.path.isEmpty ? "/" : request.path, query, headers, signedHeaders,
      payload.finalizeHex(),
    ].joined(separator: "\n")
    return (canonical, signedHeaders)
  }

  /// RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 asks.
  static func encode(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        result.append(Character(UnicodeScalar(byte)))
      default:
        result += String(format: "%%%02X", byte)
      }
    }
    return result
  }

  /// A header value as signed: folded lines joined, trimmed, runs of spaces made one.
  static func normalise(_ value: String) -> String {
    value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
  }
}
