import Foundation
import Testing

@testable import VectorIndex

struct TexmexTests {
  @Test func floatAndIntVectorsRoundTripThroughFiles() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "texmex-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let floats = TexmexMatrix(dimension: 5, values: TestData.gaussian(35, seed: 1))
    let ints = TexmexMatrix(dimension: 3, values: (0..<12).map { Int32($0 * 1_000 - 5_000) })
    let floatPath = directory.appendingPathComponent("a.fvecs").path
    let intPath = directory.appendingPathComponent("b.ivecs").path
    try TexmexFormat.write(floats, path: floatPath)
    try TexmexFormat.write(ints, path: intPath)
    let readFloats = try TexmexFormat.readFloatVectors(path: floatPath)
    let readInts = try TexmexFormat.readIntVectors(path: intPath)
    #expect(readFloats.dimension == 5 && readFloats.rows == 7 && readFloats.values == floats.values)
    #expect(readInts.dimension == 3 && readInts.values == ints.values)
    #expect(FileManager.default.fileExists(atPath: floatPath))
    #expect(throws: TexmexError.self) {
      try TexmexFormat.readFloatVectors(path: directory.appendingPathComponent("missing").path)
    }
  }

  @Test func malformedFilesAreTypedErrors() throws {
    let good = try TexmexFormat.encode(TexmexMatrix(dimension: 2, values: [Float](repeating: 1, count: 6)))
    #expect(good.count == 36)
    func decode(_ bytes: [UInt8]) throws(TexmexError) -> TexmexMatrix<Float> {
      let result: Result<TexmexMatrix<Float>, TexmexError> = bytes.withUnsafeBytes { raw in
        do throws(TexmexError) { return .success(try TexmexFormat.decode(raw)) } catch { return .failure(error) }
      }
      return try result.get()
    }
    #expect(try decode([]).rows == 0)
    #expect(throws: TexmexError.truncatedRow(row: 2, offset: 24)) { try decode(Array(good.prefix(30))) }
    #expect(throws: TexmexError.truncatedRow(row: 3, offset: 36)) { try decode(good + [2, 0]) }
    var inconsistent = good
    inconsistent[12] = 3
    #expect(throws: TexmexError.inconsistentDimension(row: 1, expected: 2, found: 3)) { try decode(inconsistent) }
    var negative = good
    negative[3] = 0x80
    #expect(throws: TexmexError.invalidDimension(row: 0, value: Int32(bitPattern: 0x8000_0002))) {
      try decode(negative)
    }
    #expect(throws: TexmexError.raggedValues(count: 5, dimension: 2)) {
      try TexmexFormat.encode(TexmexMatrix(dimension: 2, values: [Float](repeating: 0, count: 5)))
    }
  }
}
