import CZstd

/// Why a zstd call failed. The messages carry zstd's own error name, which is what one
/// searches for when a block will not decode.
package enum ZstdError: Error, Equatable, CustomStringConvertible {
  /// libzstd could not allocate a context.
  case outOfMemory
  /// The input is larger than zstd can bound (beyond ZSTD_MAX_INPUT_SIZE).
  case inputTooLarge(bytes: Int)
  case compressionFailed(String)
  /// The frame is corrupt, truncated or fails its content checksum.
  case decompressionFailed(String)
  /// The frame is intact but holds a different number of bytes than the caller expects.
  case sizeMismatch(expectedBytes: Int, actualBytes: Int)

  package var description: String {
    switch self {
    case .outOfMemory:
      return "zstd: could not allocate a context"
    case .inputTooLarge(let bytes):
      return "zstd: \(bytes) bytes is more than one frame can compress"
    case .compressionFailed(let name):
      return "zstd compression failed: \(name)"
    case .decompressionFailed(let name):
      return "zstd decompression failed (corrupt or truncated frame): \(name)"
    case .sizeMismatch(let expected, let actual):
      return "zstd frame holds \(actual) bytes, expected exactly \(expected)"
    }
  }
}

/// One-shot zstd frames over raw memory.
///
/// Every frame carries zstd's 4-byte content checksum: a stored block that was damaged on disk
/// must fail to decode rather than come back as plausible garbage vectors. Frames also record
/// their content size, so a block whose size disagrees with the caller fails before any work.
///
/// A context is created per call. That costs an allocation per block; it keeps the functions
/// free of shared state, so any thread may call them.
package enum Zstd {
  /// `ZSTD_CONTENTSIZE_UNKNOWN` and `ZSTD_CONTENTSIZE_ERROR`, which are macros Swift cannot import.
  private static let contentSizeUnknown = UInt64.max
  private static let contentSizeError = UInt64.max - 1

  /// Compresses `input` into one frame at `level` (zstd clamps it to its supported range).
  package static func compress(_ input: UnsafeRawBufferPointer, level: Int32) throws(ZstdError) -> [UInt8] {
    let bound = ZSTD_compressBound(input.count)
    guard ZSTD_isError(bound) == 0 else { throw .inputTooLarge(bytes: input.count) }
    guard let context = ZSTD_createCCtx() else { throw .outOfMemory }
    defer { ZSTD_freeCCtx(context) }
    for (parameter, value) in [(ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, 1)] {
      let status = ZSTD_CCtx_setParameter(context, parameter, value)
      guard ZSTD_isError(status) == 0 else { throw .compressionFailed(errorName(status)) }
    }
    var failure: ZstdError?
    let frame = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initializedCount in
      let written = ZSTD_compress2(context, buffer.baseAddress, buffer.count, input.baseAddress, input.count)
      if ZSTD_isError(written) != 0 {
        failure = .compressionFailed(errorName(written))
        initializedCount = 0
      } else {
        initializedCount = written
      }
    }
    if let failure { throw failure }
    return frame
  }

  /// Decompresses `input` into `output`, which it must fill exactly: a frame holding fewer or
  /// more bytes is an error, never a partial result.
  package static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    throws(ZstdError)
  {
    if let start = input.baseAddress {
      let declared = ZSTD_getFrameContentSize(start, input.count)
      // Unknown or unreadable sizes fall through: decompression reports the precise problem.
      if declared != contentSizeUnknown && declared != contentSizeError && declared != UInt64(output.count) {
        throw .sizeMismatch(expectedBytes: output.count, actualBytes: Int(clamping: declared))
      }
    }
    let written = ZSTD_decompress(output.baseAddress, output.count, input.baseAddress, input.count)
    guard ZSTD_isError(written) == 0 else { throw .decompressionFailed(errorName(written)) }
    guard written == output.count else { throw .sizeMismatch(expectedBytes: output.count, actualBytes: written) }
  }

  private static func errorName(_ code: Int) -> String {
    ZSTD_getErrorName(code).map { String(cString: $0) } ?? "error \(code)"
  }
}
