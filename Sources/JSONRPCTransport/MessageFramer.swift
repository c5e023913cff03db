import Foundation

/// Splits a byte stream into LSP messages framed by `Content-Length` headers.
///
/// Bytes may arrive in any pieces (one at a time, many messages at once); the framer buffers
/// them and yields each complete body. Malformed headers never stop the stream: the framer
/// reports the problem and resynchronises at the next `Content-Length` header.
package struct MessageFramer {
  /// One thing the framer found in the stream.
  package enum Frame: Equatable {
    case message(Data)
    /// A header block that could not be used; the stream continues after it.
    case malformedHeader(String)
    /// A body larger than the limit; its bytes are skipped as they arrive.
    case oversized(length: Int)
  }

  /// Bodies above this size are refused (skipped) rather than buffered.
  package let maximumContentLength: Int
  private var buffer: [UInt8] = []
  private var readOffset = 0
  private var pendingLength: Int?
  private var bytesToDiscard = 0
  /// Where the search for the end of the current header block resumes, so bytes arriving one at
  /// a time cost O(1) each instead of rescanning the header.
  private var headerScanOffset = 0
  /// After an unusable header: bytes are dropped until the next `Content-Length` name.
  private var resynchronising = false

  package init(maximumContentLength: Int = 64 << 20) {
    self.maximumContentLength = maximumContentLength
  }

  /// Bytes buffered but not yet part of a yielded frame; non-zero at EOF means a cut message.
  package var bufferedByteCount: Int { buffer.count - readOffset + bytesToDiscard }

  /// Whether the framer is inside a message body (at EOF, the sender was cut off mid-message).
  package var isInsideMessage: Bool { pendingLength != nil || bytesToDiscard > 0 }

  /// Bytes that belong to a message or header still being received (not skipped garbage).
  package var pendingByteCount: Int { resynchronising ? 0 : bufferedByteCount }

  package mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    buffer.append(contentsOf: bytes)
  }

  /// Returns the next complete frame, or `nil` until more bytes arrive.
  package mutating func next() -> Frame? {
    while true {
      if resynchronising {
        if let start = findHeaderStart(from: readOffset) {
          readOffset = start
          resynchronising = false
          headerScanOffset = 0
        } else {
          // Keep a tail that could be the beginning of a name split across reads.
          readOffset = max(readOffset, buffer.count - (MessageFramer.contentLengthName.count - 1))
          compact()
          return nil
        }
      }
      if bytesToDiscard > 0 {
        let available = buffer.count - readOffset
        let drop = min(available, bytesToDiscard)
        readOffset += drop
        bytesToDiscard -= drop
        compact()
        if bytesToDiscard > 0 { return nil }
        continue
      }
      if let length = pendingLength {
        guard buffer.count - readOffset >= length else { return nil }
        let body = Data(buffer[readOffset..<readOffset + length])
        readOffset += length
        pendingLength = nil
        compact()
        return .message(body)
      }
      guard let headerEnd = findHeaderEnd() else {
        if buffer.count - readOffset > 64 << 10 {
          // No header terminator in 64 KiB: this is not a header; drop it and resynchronise.
          return resynchronise(after: buffer.count, reason: "header block longer than 64 KiB")
        }
        return nil
      }
      let headerBytes = buffer[readOffset..<headerEnd.start]
      switch parseHeaders(headerBytes) {
      case .success(let length):
        readOffset = headerEnd.end
        if length > maximumContentLength {
          bytesToDiscard = length
          return .oversized(length: length)
        }
        pendingLength = length
      case .failure(let error):
        return resynchronise(after: headerEnd.end, reason: error.reason)
      }
    }
  }

  /// Drops bytes up to `offset` and skips whatever follows until the next header.
  private mutating func resynchronise(after offset: Int, reason: String) -> Frame {
    readOffset = offset
    resynchronising = true
    compact()
    return .malformedHeader(reason)
  }

  private static let contentLengthName = Array("content-length".utf8)

  private mutating func findHeaderEnd() -> (start: Int, end: Int)? {
    var index = max(readOffset, headerScanOffset - 3)
    while index < buffer.count {
      if buffer[index] == UInt8(ascii: "\n") {
        // Accept \r\n\r\n and bare \n\n (some clients and hand-written tests send those).
        if index + 1 < buffer.count, buffer[index + 1] == UInt8(ascii: "\n") {
          headerScanOffset = 0
          return (index, index + 2)
        }
        if index + 2 < buffer.count, buffer[index + 1] == UInt8(ascii: "\r"),
          buffer[index + 2] == UInt8(ascii: "\n")
        {
          let start = index > readOffset && buffer[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
          headerScanOffset = 0
          return (start, index + 3)
        }
      }
      index += 1
    }
    headerScanOffset = buffer.count
    return nil
  }

  /// Finds the next `Content-Length` name (any case) at or after `offset`.
  ///
  /// Not only at line starts: the body of a message whose header was unusable runs straight
  /// into the next header with no newline between them.
  private func findHeaderStart(from offset: Int) -> Int? {
    let name = MessageFramer.contentLengthName
    var index = offset
    while index + name.count <= buffer.count {
      if matchesLowercased(name, at: index) { return index }
      index += 1
    }
    return nil
  }

  private func matchesLowercased(_ name: [UInt8], at index: Int) -> Bool {
    for (offset, expected) in name.enumerated() {
      var byte = buffer[index + offset]
      if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
      if byte != expected { return false }
    }
    return true
  }

  private func parseHeaders(_ bytes: ArraySlice<UInt8>) -> Result<Int, HeaderError> {
    let text = String(decoding: bytes, as: UTF8.self)
    var length: Int?
    for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      guard let colon = line.firstIndex(of: ":") else {
        return .failure(HeaderError("header line without a colon: \(line.prefix(80))"))
      }
      let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      switch name {
      case "content-length":
        guard !value.isEmpty, value.allSatisfy(\.isASCIIDigit), value.count <= 15, let parsed = Int(value) else {
          return .failure(HeaderError("Content-Length is not a non-negative integer: \(value.prefix(40))"))
        }
        length = parsed
      case "content-type":
        // Accepted and ignored: LSP only ever sends utf-8 JSON.
        break
      default:
        break
      }
    }
    guard let length else { return .failure(HeaderError("missing Content-Length header")) }
    return .success(length)
  }

  /// Reclaims consumed bytes once they dominate the buffer, keeping appends amortised O(1).
  private mutating func compact() {
    if readOffset == buffer.count {
      buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
      headerScanOffset = 0
      readOffset = 0
    } else if readOffset > 4096 && readOffset * 2 > buffer.count {
      buffer.removeSubrange(0..<readOffset)
      headerScanOffset = max(0, headerScanOffset - readOffset)
      readOffset = 0
    }
  }
}

private struct HeaderError: Error {
  var reason: String
  init(_ reason: String) { self.reason = reason }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Frames a body for the wire.
package func frameMessage(_ body: Data) -> Data {
  var data = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
  data.append(body)
  return data
}
