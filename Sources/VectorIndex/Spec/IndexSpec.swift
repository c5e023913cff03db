/// An index configuration written as a string, FAISS-style: "Flat", "Flat,SQ8",
/// "IVF1024,PQ48,Refine", "IVF256,SQ8,Refine(8)", "PCA192,IVF512,SQ8,Refine".
///
/// Grammar (case-sensitive; spaces around commas are ignored):
///
/// ```
/// spec      = [pca ","] structure ["," encoding] ["," refine]
/// pca       = "PCA" count            ; project onto the top `count` principal axes (IVF only)
/// structure = "Flat"                 ; exhaustive scan
///           | "IVF" count            ; inverted file with `count` lists
/// encoding  = "SQ8"                  ; 8-bit scalar codes (Flat: per-vector scale;
///                                    ;   IVF: per-dimension ranges over residuals)
///           | "SQ4"                  ; 4-bit scalar codes over residuals (IVF only; the encoded
///                                    ;   dimension must be a multiple of 32)
///           | "PQ" count             ; product quantizer, `count` one-byte sub-quantizers (IVF only)
/// refine    = "Refine" ["(" count ")"] ; rescore k × factor candidates with exact vectors
///                                    ;   (default factor: `defaultRefineFactor(for:)`)
/// count     = 1*DIGIT                ; 1 ... 1,000,000
/// ```
///
/// "Flat" alone stores float vectors; IVF needs an encoding. `description` prints the canonical
/// form, which parses back to an equal value. Search-time parameters (k, nprobe) are not part of
/// a spec; the refine factor is, as the default for callers that have no better one.
package struct IndexSpec: Sendable, Equatable, CustomStringConvertible {
  package enum Structure: Sendable, Equatable {
    case flat
    case ivf(lists: Int)
  }

  package enum Encoding: Sendable, Equatable {
    case float32
    case scalar8
    case scalar4
    case product(subquantizers: Int)
  }

  package enum Refinement: Sendable, Equatable {
    case none
    /// "Refine" without a factor.
    case standard
    case factor(Int)
  }

  /// Candidates per result worth rescoring when the spec says just "Refine": the codes only
  /// have to get the true neighbours into the first `k × factor`. On 103,700 real MiniLM code
  /// embeddings PCA128+SQ8 with factor 4 reached recall@10 0.954 at 32 of 1,024 probes, where
  /// factor 3 needed 40 probes and was ~20% slower; SQ4 needs ~5 and PQ (a byte per 8
  /// dimensions) 6–8 on synthetic sets shaped like it.
  package static func defaultRefineFactor(for encoding: Encoding) -> Int {
    switch encoding {
    case .float32, .scalar8: 4
    case .scalar4: 5
    case .product: 8
    }
  }

  package var reduction: Int?
  package var structure: Structure
  package var encoding: Encoding
  package var refinement: Refinement

  package init(
    reduction: Int? = nil, structure: Structure, encoding: Encoding = .float32, refinement: Refinement = .none
  ) {
    self.reduction = reduction
    self.structure = structure
    self.encoding = encoding
    self.refinement = refinement
  }

  /// Candidates per result to rescore exactly; 1 means no rescoring.
  package var refineFactor: Int {
    switch refinement {
    case .none: 1
    case .standard: Self.defaultRefineFactor(for: encoding)
    case .factor(let factor): factor
    }
  }

  package var description: String {
    var parts: [String] = []
    if let reduction { parts.append("PCA\(reduction)") }
    switch structure {
    case .flat: parts.append("Flat")
    case .ivf(let lists): parts.append("IVF\(lists)")
    }
    switch encoding {
    case .float32: break
    case .scalar8: parts.append("SQ8")
    case .scalar4: parts.append("SQ4")
    case .product(let m): parts.append("PQ\(m)")
    }
    switch refinement {
    case .none: break
    case .standard: parts.append("Refine")
    case .factor(let factor): parts.append("Refine(\(factor))")
    }
    return parts.joined(separator: ",")
  }

  /// Checks the parts that depend on the data: PCA must reduce, PQ must divide what it encodes.
  package func validate(dimension: Int) throws(IndexSpecError) {
    if let reduction, reduction > dimension { throw .reductionTooLarge(reduction, dimension: dimension) }
    let encoded = reduction ?? dimension
    if case .product(let m) = encoding {
      guard encoded % m == 0 else { throw .pqDoesNotDivideDimension(m, encoded) }
    }
    if encoding == .scalar4 && encoded % ScalarQuantizer4.blockWidth != 0 {
      throw .sq4NeedsMultipleOf32(encoded)
    }
  }

  /// A starting point for `count` vectors, from the measurements in the README: PCA to a third
  /// of the dimensions, about 3·√n lists, 8-bit residual codes, rescoring 4 per result.
  package static func recommended(count: Int, dimension: Int) -> IndexSpec {
    guard count >= IndexBuilder.Options().flatThreshold else { return IndexSpec(structure: .flat) }
    var lists = 64
    while lists * lists < 9 * count && lists < 65_536 { lists *= 2 }
    let reduced = max(16, (dimension / 3) / 8 * 8)
    return IndexSpec(
      reduction: reduced < dimension ? reduced : nil, structure: .ivf(lists: lists), encoding: .scalar8,
      refinement: .standard)
  }
}
