extension IndexSpec {
  /// Parses a spec string (grammar on `IndexSpec`). Hand-written so every error can say what and
  /// where.
  package init(parsing text: String) throws(IndexSpecError) {
    let utf8 = Array(text.utf8)
    guard utf8.contains(where: { $0 != UInt8(ascii: " ") }) else { throw .empty }

    // Stages in the only allowed order; each component must move strictly forwards.
    enum Stage: Int { case start, reduction, structure, encoding, refinement }
    var stage = Stage.start
    var reduction: Int?
    var structure: Structure?
    var structurePosition = 0
    var encoding = Encoding.float32
    var refinement = Refinement.none

    for (component, position) in Self.components(utf8) {
      guard !component.isEmpty else { throw .emptyComponent(position: position) }
      let parsed = try Self.parseComponent(component, position: position)
      let next: Stage
      switch parsed {
      case .reduction: next = .reduction
      case .flat, .ivf: next = .structure
      case .scalar8, .scalar4, .product: next = .encoding
      case .refine: next = .refinement
      }
      let name = String(decoding: component, as: UTF8.self)
      if next == stage { throw .duplicate(name, position: position) }
      guard next.rawValue > stage.rawValue else { throw .outOfOrder(name, position: position) }
      if next.rawValue > Stage.structure.rawValue && structure == nil { throw .outOfOrder(name, position: position) }
      stage = next
      switch parsed {
      case .reduction(let dimensions): reduction = dimensions
      case .flat:
        if reduction != nil { throw .unsupportedCombination("PCA with Flat", position: position) }
        structure = .flat
        structurePosition = position
      case .ivf(let lists):
        structure = .ivf(lists: lists)
        structurePosition = position
      case .scalar8: encoding = .scalar8
      case .scalar4:
        if structure == .flat { throw .unsupportedCombination("SQ4 with Flat", position: position) }
        encoding = .scalar4
      case .product(let m):
        if structure == .flat { throw .unsupportedCombination("PQ with Flat", position: position) }
        encoding = .product(subquantizers: m)
      case .refine(let factor):
        if structure == .flat && encoding == .float32 {
          throw .unsupportedCombination("Refine on an exact Flat index", position: position)
        }
        refinement = factor.map { .factor($0) } ?? .standard
      }
    }
    guard let structure else { throw .missingStructure }
    if case .ivf = structure, encoding == .float32 {
      throw .missingEncoding(position: structurePosition)
    }
    self.init(reduction: reduction, structure: structure, encoding: encoding, refinement: refinement)
  }

  private enum Component {
    case reduction(Int)
    case flat
    case ivf(Int)
    case scalar8
    case scalar4
    case product(Int)
    case refine(Int?)
  }

  /// Splits on commas and trims spaces, keeping each component's byte offset.
  private static func components(_ utf8: [UInt8]) -> [(ArraySlice<UInt8>, Int)] {
    var result: [(ArraySlice<UInt8>, Int)] = []
    var start = 0
    for index in 0...utf8.count where index == utf8.count || utf8[index] == UInt8(ascii: ",") {
      var lower = start
      var upper = index
      while lower < upper && utf8[lower] == UInt8(ascii: " ") { lower += 1 }
      while upper > lower && utf8[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
      result.append((utf8[lower..<upper], lower))
      start = index + 1
    }
    return result
  }

  private static func parseComponent(_ bytes: ArraySlice<UInt8>, position: Int) throws(IndexSpecError) -> Component {
    let letters = bytes.prefix {
      (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
    }
    let name = String(decoding: letters, as: UTF8.self)
    let rest = bytes[letters.endIndex...]
    let restPosition = position + letters.count
    let whole = String(decoding: bytes, as: UTF8.self)
    switch name {
    case "Flat":
      guard rest.isEmpty else { throw .unknownComponent(whole, position: position) }
      return .flat
    case "IVF":
      return .ivf(try number(rest, name: name, position: restPosition, component: position))
    case "PCA":
      return .reduction(try number(rest, name: name, position: restPosition, component: position))
    case "PQ":
      return .product(try number(rest, name: name, position: restPosition, component: position))
    case "SQ":
      if rest.elementsEqual("8".utf8) { return .scalar8 }
      if rest.elementsEqual("4".utf8) { return .scalar4 }
      throw .unknownComponent(whole, position: position)
    case "Refine":
      if rest.isEmpty { return .refine(nil) }
      guard rest.first == UInt8(ascii: "("), rest.last == UInt8(ascii: ")"), rest.count >= 2 else {
        throw .invalidNumber(String(decoding: rest, as: UTF8.self), position: restPosition)
      }
      let inner = rest.dropFirst().dropLast()
      return .refine(try number(inner, name: name, position: restPosition + 1, component: position))
    default:
      throw .unknownComponent(whole, position: position)
    }
  }

  /// `position` is where the digits start, `component` where their component does.
  private static func number(
    _ digits: ArraySlice<UInt8>, name: String, position: Int, component: Int
  ) throws(IndexSpecError) -> Int {
    guard !digits.isEmpty else { throw .missingNumber(name, position: component) }
    let text = String(decoding: digits, as: UTF8.self)
    guard digits.count <= 7, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
      let value = Int(text), (1...1_000_000).contains(value)
    else { throw .invalidNumber(text, position: position) }
    return value
  }
}
