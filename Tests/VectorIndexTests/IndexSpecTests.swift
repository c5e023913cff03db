import Testing

@testable import VectorIndex

struct IndexSpecTests {
  @Test(arguments: [
    "Flat", "Flat,SQ8", "Flat,SQ8,Refine", "IVF1024,PQ48,Refine", "IVF256,SQ8,Refine(8)", "PCA192,IVF512,SQ8,Refine",
    "PCA64,IVF16,PQ8", "PCA96,IVF64,SQ4,Refine(6)",
  ])
  func canonicalSpecsRoundTrip(text: String) throws {
    let spec = try IndexSpec(parsing: text)
    #expect(spec.description == text)
    #expect(try IndexSpec(parsing: spec.description) == spec)
  }

  @Test func partsAreParsed() throws {
    let spec = try IndexSpec(parsing: " PCA192 , IVF512,SQ8 , Refine(8)")
    #expect(spec == IndexSpec(reduction: 192, structure: .ivf(lists: 512), encoding: .scalar8, refinement: .factor(8)))
    #expect(spec.refineFactor == 8)
    #expect(try IndexSpec(parsing: "IVF8,PQ4,Refine").refineFactor == 8)
    #expect(try IndexSpec(parsing: "IVF8,SQ8,Refine").refineFactor == 4)
    #expect(try IndexSpec(parsing: "Flat").refineFactor == 1)
  }

  @Test(arguments: [
    ("", IndexSpecError.empty),
    ("IVFX", .unknownComponent("IVFX", position: 0)),
    ("IVF", .missingNumber("IVF", position: 0)),
    ("Flat,PQ", .missingNumber("PQ", position: 5)),
    ("IVF0,SQ8", .invalidNumber("0", position: 3)),
    ("IVF12x,SQ8", .invalidNumber("12x", position: 3)),
    ("IVF99999999,SQ8", .invalidNumber("99999999", position: 3)),
    ("IVF64,SQ6", .unknownComponent("SQ6", position: 6)),
    ("Flat,SQ4", .unsupportedCombination("SQ4 with Flat", position: 5)),
    ("IVF64,,SQ8", .emptyComponent(position: 6)),
    ("SQ8,IVF64", .outOfOrder("SQ8", position: 0)),
    ("IVF64,Refine,SQ8", .outOfOrder("SQ8", position: 13)),
    ("IVF64,IVF32,SQ8", .duplicate("IVF32", position: 6)),
    ("PCA64", .missingStructure),
    ("IVF64", .missingEncoding(position: 0)),
    ("PCA64,IVF8,Refine", .missingEncoding(position: 6)),
    ("Flat,PQ8", .unsupportedCombination("PQ with Flat", position: 5)),
    ("PCA32,Flat", .unsupportedCombination("PCA with Flat", position: 6)),
    ("Flat,Refine", .unsupportedCombination("Refine on an exact Flat index", position: 5)),
    ("IVF8,SQ8,Refine(", .invalidNumber("(", position: 15)),
    ("IVF8,SQ8,Refine()", .missingNumber("Refine", position: 9)),
    ("ivf8,SQ8", .unknownComponent("ivf8", position: 0)),
  ])
  func errorsSayWhatAndWhere(text: String, expected: IndexSpecError) {
    #expect(throws: expected) { try IndexSpec(parsing: text) }
  }

  @Test func validationChecksTheData() throws {
    #expect(throws: IndexSpecError.pqDoesNotDivideDimension(48, 385)) {
      try IndexSpec(parsing: "IVF1024,PQ48").validate(dimension: 385)
    }
    #expect(throws: IndexSpecError.pqDoesNotDivideDimension(48, 100)) {
      try IndexSpec(parsing: "PCA100,IVF1024,PQ48").validate(dimension: 384)
    }
    #expect(throws: IndexSpecError.reductionTooLarge(512, dimension: 384)) {
      try IndexSpec(parsing: "PCA512,IVF16,SQ8").validate(dimension: 384)
    }
    try IndexSpec(parsing: "PCA96,IVF16,PQ48").validate(dimension: 384)
    #expect(throws: IndexSpecError.sq4NeedsMultipleOf32(100)) {
      try IndexSpec(parsing: "PCA100,IVF16,SQ4").validate(dimension: 384)
    }
  }

  @Test func builderUsesAFlatScanBelowTheThreshold() throws {
    let dimension = 16
    let values = TestData.clustered(count: 500, dimension: dimension, clusters: 5, seed: 4)
    let ids = (0..<500).map { Int64($0) }
    let spec = try IndexSpec(parsing: "PCA8,IVF16,SQ8,Refine")
    let small = try IndexBuilder.build(spec: spec, ids: ids, vectors: values, dimension: dimension)
    guard case .flat = small else {
      Issue.record("expected a flat index below the threshold")
      return
    }
    let large = try IndexBuilder.build(
      spec: spec, ids: ids, vectors: values, dimension: dimension, options: IndexBuilder.Options(flatThreshold: 100))
    guard case .ivf(let ivf) = large else {
      Issue.record("expected IVF above the threshold")
      return
    }
    #expect(ivf.listCount == 16 && ivf.reducedDimension == 8 && ivf.count == 500)
    #expect(throws: VectorIndexError.invalidSpec(.pqDoesNotDivideDimension(3, 16))) {
      try IndexBuilder.build(spec: IndexSpec(parsing: "IVF4,PQ3"), ids: ids, vectors: values, dimension: dimension)
    }
    #expect(IndexSpec.recommended(count: 100_000, dimension: 384).description == "PCA128,IVF1024,SQ8,Refine")
    #expect(IndexSpec.recommended(count: 500, dimension: 384) == IndexSpec(structure: .flat))
  }
}
