import SearchCore
import Testing

@testable import SearchEngine

/// The checks every front end runs on what it is asked, with the messages they show.
struct RequestValidationTests {
  @Test func limitsModesKindsAndQueries() throws {
    #expect(try RequestValidation.limit(nil, default: 20) == 20)
    #expect(try RequestValidation.limit(1000, default: 20) == 1000)
    #expect(throws: InvalidRequest("limit must be between 1 and 1000")) { try RequestValidation.limit(0, default: 20) }
    #expect(throws: InvalidRequest("limit must be between 1 and 1000")) { try RequestValidation.limit(1_000_000_000, default: 20) }
    #expect(try RequestValidation.mode(nil, default: .lexical) == .lexical)
    #expect(try RequestValidation.mode("Semantic", default: .lexical) == .semantic)
    #expect(throws: InvalidRequest("unknown mode fuzzy; available: lexical, semantic, hybrid")) {
      try RequestValidation.mode("fuzzy", default: .hybrid)
    }
    #expect(try RequestValidation.kinds(["Function", "class"]) == [.function, .class])
    #expect(throws: InvalidRequest.self) { try RequestValidation.kinds(["gizmo"]) }
    #expect(throws: InvalidRequest("query is empty")) { try RequestValidation.query(" \n ") }
    let filters = try RequestValidation.filters(paths: ["*.py"], languages: nil, kinds: ["method"])
    #expect(filters.paths == ["*.py"] && filters.languages == [] && filters.kinds == [.method])
  }

  @Test func cosineFloors() throws {
    #expect(try RequestValidation.similarityFloor(nil) == nil)
    #expect(try RequestValidation.similarityFloor(-1) == -1)
    #expect(throws: InvalidRequest("minScore is a cosine, between -1 and 1")) { try RequestValidation.similarityFloor(1.5) }
    #expect(try RequestValidation.duplicatesThreshold(nil, default: 0.9) == 0.9)
    #expect(throws: InvalidRequest("minScore is a cosine between 0.5 and 1 (default 0.9)")) {
      try RequestValidation.duplicatesThreshold(0.2, default: 0.9)
    }
  }
}
