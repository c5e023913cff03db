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
/// Compression creates a context per call (writes are rare and large); decompression borrows
/// one from ``ZstdContextPool``, since a cache read decodes one small block at a time.
package enum Zstd {
  /// `ZSTD_CONTENTSIZE_UNKNOWN` and `ZSTD_CONTENTSIZE_ERROR`, which are macros Swift cannot import.
  private static let contentSizeUnknown = UInt64.max
  private static let contentSizeError = UInt64.max - 1

  /// Compresses `input` into one frame at `level` (zstd clamps it to its supported range).
  ///
  /// `endBlockEvery` ends a zstd block after every that many bytes. zstd codes all literals of a
  /// block with one Huffman table, so input made of regions with different byte statistics
  /// (the planes of `ByteShuffle`) compresses better when each region gets its own blocks: on
  /// 384-d embeddings in 16-vector blocks, 15% smaller than raw instead of 8%. The frame is an
  /// ordinary one; `decompress` needs no hint.
  package static func compress(_ input: UnsafeRawBufferPointer, level: Int32, endBlockEvery segmentBytes: Int? = nil)
    throws(ZstdError) -> [UInt8]
  {
    let bound = ZSTD_compressBound(input.count)
    guard ZSTD_isError(bound) == 0 else { throw .inputTooLarge(bytes: input.count) }
    let segmentBytes = max(1, segmentBytes ?? input.count)
    let segmentCount = max(1, (input.count + segmentBytes - 1) / segmentBytes)
    // Each extra block end costs at most a 3-byte block header beyond zstd's own bound.
    let capacity = bound + 3 * segmentCount
    guard let context = ZSTD_createCCtx() else { throw .outOfMemory }
    defer { ZSTD_freeCCtx(context) }
    try setUp(context, level: level, contentBytes: input.count)
    var failure: ZstdError?
    let frame = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
      var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: capacity, pos: 0)
      for segment in 0..<segmentCount {
        let range = segment * segmentBytes..<min(input.count, (segment + 1) * segmentBytes)
        let piece = UnsafeRawBufferPointer(rebasing: input[range])
        var pending = ZSTD_inBuffer(src: piece.baseAddress, size: piece.count, pos: 0)
        let directive = segment == segmentCount - 1 ? ZSTD_e_end : ZSTD_e_flush
        while true {
          let remaining = ZSTD_compressStream2(context, &output, &pending, directive)
          if ZSTD_isError(remaining) != 0 {
            failure = .compressionFailed(errorName(remaining))
          } else if remaining != 0 && output.pos == output.size {
            failure = .compressionFailed("output exceeded the compress bound")
          }
          if failure != nil || remaining == 0 { break }
        }
        if failure != nil { break }
      }
      initializedCount = failure == nil ? output.pos : 0
    }
    if let failure { throw failure }
    return frame
  }

  /// Sets the level, turns the content checksum on and pledges the size, so the frame header
  /// records it (which `decompress` checks before decoding anything).
  private static func setUp(_ context: OpaquePointer, level: Int32, contentBytes: Int) throws(ZstdError) {
    for (parameter, value) in [(ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, 1)] {
      let status = ZSTD_CCtx_setParameter(context, parameter, value)
      guard ZSTD_isError(status) == 0 else { throw .compressionFailed(errorName(status)) }
    }
    let status = ZSTD_CCtx_setPledgedSrcSize(context, UInt64(contentBytes))
    guard ZSTD_isError(status) == 0 else { throw .compressionFailed(errorName(status)) }
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
    let written = try ZstdContextPool.decompression.withContext { context throws(ZstdError) in
      ZSTD_decompressDCtx(context, output.baseAddress, output.count, input.baseAddress, input.count)
    }
    guard ZSTD_isError(written) == 0 else { throw .decompressionFailed(errorName(written)) }
    guard written == output.count else { throw .sizeMismatch(expectedBytes: output.count, actualBytes: written) }
  }

  private static func errorName(_ code: Int) -> String {
    ZSTD_getErrorName(code).map { String(cString: $0) } ?? "error \(code)"
  }
}
