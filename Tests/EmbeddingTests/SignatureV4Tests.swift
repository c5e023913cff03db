import Foundation
import SearchCore
import Testing

@testable import EmbeddingProviders

/// Signature Version 4 against AWS's published test suite ("AWS Signature Version 4 Test
/// Suite", Apache-2.0; the copy in botocore's tests/unit/auth/aws4_testsuite): each case's
/// request, and the `Authorization` header (`.authz`) or canonical request (`.creq`) it must give.
struct SignatureV4Tests {
  static let signer = SignatureV4(
    credentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    region: "us-east-1", service: "service")
  static let stamp = "20150830T123600Z"
  static let base: [(String, String)] = [("Host", "example.amazonaws.com"), ("X-Amz-Date", stamp)]

  static func authorization(
    _ method: String, query: [(String, String)] = [], headers extra: [(String, String)] = [], body: String = "",
    headersFirst: Bool = false
  ) -> String {
    let headers = headersFirst ? extra + base : [base[0]] + extra + [base[1]]
    return signer.authorization(
      for: .init(method: method, path: "/", query: query, headers: headers, body: Array(body.utf8)), amzDate: stamp)
  }

  static func expected(_ signedHeaders: String, _ signature: String) -> String {
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=\(signedHeaders), Signature=\(signature)"
  }

  @Test func thePublishedSuite() {
    let plain = "host;x-amz-date"
    #expect(Self.authorization("GET") == Self.expected(plain, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), "get-vanilla")
    #expect(
      Self.authorization("GET", query: [("Param2", "value2"), ("Param1", "value1")])
        == Self.expected(plain, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"), "get-vanilla-query-order-key-case")
    #expect(
      Self.authorization("GET", query: [("Param1", "value1")])
        == Self.expected(plain, "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"), "get-vanilla-empty-query-key")
    let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    #expect(
      Self.authorization("GET", query: [(unreserved, unreserved)])
        == Self.expected(plain, "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"), "get-vanilla-query-unreserved")
    #expect(
      Self.authorization("GET", query: [("\u{1234}", "bar")])
        == Self.expected(plain, "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"), "get-vanilla-utf8-query")
    #expect(
      Self.authorization("POST", query: [("Param1", "value1")])
        == Self.expected(plain, "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"), "post-vanilla-query")
    #expect(
      Self.authorization("GET", headers: [("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")])
        == Self.expected(
          "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
      "get-header-value-trim")
    #expect(
      Self.authorization("GET", headers: [("My-Header1", "value1\n  value2\n     value3")])
        == Self.expected("host;my-header1;x-amz-date", "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd"),
      "get-header-value-multiline")
    #expect(
      Self.authorization("GET", headers: [("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2")])
        == Self.expected("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
      "get-header-value-order")
    #expect(
      Self.authorization("GET", headers: [("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")])
        == Self.expected("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
      "get-header-key-duplicate")
    #expect(
      Self.authorization("POST", headers: [("My-Header1", "value1")])
        == Self.expected("host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
      "post-header-key-sort")
    #expect(
      Self.authorization(
        "POST", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1", headersFirst: true)
        == Self.expected(
          "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
      "post-x-www-form-urlencoded")
  }

  @Test func canonicalRequestsAndStringToSignMatchTheSuite() {
    let (canonical, signed) = SignatureV4.canonicalRequest(
      .init(method: "GET", path: "/", query: [("\u{1234}", "bar")], headers: Self.base))
    #expect(
      canonical
        == "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(signed == "host;x-amz-date")
    let (vanilla, _) = SignatureV4.canonicalRequest(.init(method: "GET", path: "/", headers: Self.base))
    #expect(
      SignatureV4.stringToSign(canonicalRequest: vanilla, amzDate: Self.stamp, scope: "20150830/us-east-1/service/aws4_request")
        == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
    // get-vanilla-with-session-token: the token is a signed header (the suite's .creq). Its
    // published .authz repeats get-vanilla's signature, which cannot sign this canonical
    // request; the canonical request is what is checked.
    var withToken = Self.signer
    withToken.credentials.sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
    let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    let signedRequest = withToken.signed(.init(method: "GET", path: "/", headers: [Self.base[0]]), at: date)
    let (tokenCanonical, tokenSigned) = SignatureV4.canonicalRequest(signedRequest)
    #expect(
      tokenCanonical
        == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n\nhost;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(tokenSigned == "host;x-amz-date;x-amz-security-token")
    #expect(signedRequest.headers.last?.0 == "Authorization")
  }

  @Test func hmacMatchesRFC4231() {
    // RFC 4231 test cases 1 and 6 (a key longer than the block).
    let one = HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), message: "Hi There")
    #expect(one.hexString == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    let six = HMACSHA256.authenticationCode(
      key: [UInt8](repeating: 0xaa, count: 131), message: "Test Using Larger Than Block-Size Key - Hash Key First")
    #expect(six.hexString == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
  }
}
