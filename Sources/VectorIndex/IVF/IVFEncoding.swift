/// How an IVF entry is stored: the residual from its cell's centroid, quantised.
///
/// Residuals, not vectors, are encoded because they are smaller and the quantizer's range (or
/// codebook) is shared across cells. For inner product the decomposition is exact:
/// `q·(c + r) = q·c + q·r`, where `q·c` is already known from the probe, so both codecs need
/// only one per-query preparation, not one per cell.
package enum IVFEncoding: Sendable, Equatable {
  /// One signed byte per (reduced) dimension.
  case scalar8(ScalarQuantizer)
  /// Four bits per (reduced) dimension.
  case scalar4(ScalarQuantizer4)
  /// One byte per sub-quantizer.
  case product(ProductQuantizer)

  package var codeSize: Int {
    switch self {
    case .scalar8(let quantizer): quantizer.dimension
    case .scalar4(let quantizer): quantizer.codeSize
    case .product(let quantizer): quantizer.subquantizerCount
    }
  }

  /// Bytes of trained parameters.
  package var parameterBytes: Int {
    switch self {
    case .scalar8(let quantizer): quantizer.dimension * 8
    case .scalar4(let quantizer): quantizer.dimension * 8
    case .product(let quantizer): quantizer.codebooks.count * 4
    }
  }

  func encode(_ residual: UnsafePointer<Float>, into code: UnsafeMutablePointer<UInt8>) {
    switch self {
    case .scalar8(let quantizer):
      code.withMemoryRebound(to: Int8.self, capacity: quantizer.dimension) { quantizer.encode(residual, into: $0) }
    case .scalar4(let quantizer):
      quantizer.encode(residual, into: code)
    case .product(let quantizer):
      quantizer.encode(residual, into: code)
    }
  }

  func decode(_ code: UnsafePointer<UInt8>, into residual: UnsafeMutablePointer<Float>) {
    switch self {
    case .scalar8(let quantizer):
      code.withMemoryRebound(to: Int8.self, capacity: quantizer.dimension) { quantizer.decode($0, into: residual) }
    case .scalar4(let quantizer):
      quantizer.decode(code, into: residual)
    case .product(let quantizer):
      quantizer.decode(code, into: residual)
    }
  }
}
