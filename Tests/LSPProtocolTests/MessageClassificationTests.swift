import Foundation
import Testing

@testable import LSPProtocol

struct MessageClassificationTests {
  private func check(_ json: String, _ expected: Result<Message, InvalidMessage>, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let value = try JSONCoding.parse(Data(json.utf8))
    #expect(Message.classify(value) == expected, sourceLocation: sourceLocation)
  }

  @Test func classifiesValidMessages() throws {
    try check(#"{"jsonrpc":"2.0","id":1,"method":"m"}"#, .success(.request(id: .number(1), method: "m", params: nil)))
    try check(#"{"jsonrpc":"2.0","id":"x","method":"m","params":[1]}"#, .success(.request(id: .string("x"), method: "m", params: [1])))
    try check(#"{"jsonrpc":"2.0","method":"n","params":{"a":true}}"#, .success(.notification(method: "n", params: ["a": true])))
    try check(#"{"jsonrpc":"2.0","id":3,"result":null}"#, .success(.response(id: .number(3), result: .success(.null))))
    try check(
      #"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"no"}}"#,
      .success(.response(id: .number(3), result: .failure(ResponseError(code: -1, message: "no")))))
  }

  @Test func rejectsInvalidMessages() throws {
    try check(#"[]"#, .failure(InvalidMessage(id: nil, reason: "batch requests are not supported")))
    try check(#""text""#, .failure(InvalidMessage(id: nil, reason: "a message must be a JSON object")))
    try check(#"{"id":1,"method":"m"}"#, .failure(InvalidMessage(id: .number(1), reason: "missing or wrong \"jsonrpc\": \"2.0\"")))
    try check(#"{"jsonrpc":"2.0","id":1,"method":5}"#, .failure(InvalidMessage(id: .number(1), reason: "method must be a string")))
    try check(#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#, .failure(InvalidMessage(id: nil, reason: "id must be a number or a string")))
    try check(#"{"jsonrpc":"2.0","id":1,"method":"m","params":7}"#, .failure(InvalidMessage(id: .number(1), reason: "params must be an object or an array")))
    try check(#"{"jsonrpc":"2.0","id":null,"method":"m"}"#, .failure(InvalidMessage(id: nil, reason: "a request id must not be null")))
    try check(#"{"jsonrpc":"2.0","id":2}"#, .failure(InvalidMessage(id: .number(2), reason: "neither a request, a notification nor a response")))
  }

  @Test func jsonRoundTripKeepsIntegersAndNesting() throws {
    let text = #"{"a":[1,2.5,"s",null,true,{"b":-3}]}"#
    let value = try JSONCoding.parse(Data(text.utf8))
    #expect(String(decoding: try JSONCoding.data(value), as: UTF8.self) == text)
  }

  @Test func typedMessagesRoundTrip() throws {
    let change = DidChangeTextDocumentNotification(
      textDocument: .init(uri: "file:///a.swift", version: 2),
      contentChanges: [.init(range: .init(start: .init(line: 0, character: 1), end: .init(line: 0, character: 2)), text: "x")])
    let encoded = try JSONCoding.encode(change)
    #expect(try JSONCoding.decode(DidChangeTextDocumentNotification.self, from: encoded) == change)
    let info = SymbolInformation(
      name: "f", kind: 12, location: .init(uri: "file:///a", range: .init(start: .init(line: 1, character: 2), end: .init(line: 1, character: 3))),
      containerName: "C")
    #expect(try JSONCoding.decode(SymbolInformation.self, from: try JSONCoding.encode(info)) == info)
    let search = SextantSearchRequest(query: "retry uploads", limit: 5, mode: "lexical")
    #expect(try JSONCoding.decode(SextantSearchRequest.self, from: try JSONCoding.encode(search)) == search)
  }
}
