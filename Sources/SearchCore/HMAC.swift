/// HMAC-SHA256 (RFC 2104) over this module's SHA-256: what request signing (AWS Signature
/// Version 4) needs, without a cryptography package.
package enum HMACSHA256 {
  static let blockSize = 64

  package static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
    var block = key
    if block.count > blockSize {
      var hash = SHA256()
      hash.update(block)
      block = hash.finalize()
    }
    block += [UInt8](repeating: 0, count: blockSize - block.count)
    var inner = SHA256()
    inner.update(block.map { $0 ^ 0x36 })
    inner.update(message)
    var outer = SHA256()
    outer.update(block.map { $0 ^ 0x5c })
    outer.update(inner.finalize())
    return outer.finalize()
  }

  package static func authenticationCode(key: [UInt8], message: String) -> [UInt8] {
    authenticationCode(key: key, message: Array(message.utf8))
  }
}

extension Array where Element == UInt8 {
  /// Lower-case hexadecimal, two digits per byte.
  package var hexString: String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(count * 2)
    for byte in self {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
