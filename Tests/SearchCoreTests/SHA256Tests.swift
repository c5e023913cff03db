import Testing

@testable import SearchCore

struct SHA256Tests {
  private func check(_ input: [UInt8], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(ContentHash.of(bytes: input).hex == expected, sourceLocation: sourceLocation)
    // The same digest when fed in uneven pieces.
    var hasher = SHA256()
    var offset = 0
    var step = 1
    while offset < input.count {
      let end = min(input.count, offset + step)
      hasher.update(Array(input[offset..<end]))
      offset = end
      step = step * 3 % 97 + 1
    }
    #expect(hasher.finalizeHex() == expected, sourceLocation: sourceLocation)
  }

  @Test func knownVectors() {
    // FIPS 180-4 examples and the well-known digests of short strings.
    check([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    check(Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    check(
      Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    check(Array(repeating: UInt8(ascii: "a"), count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    check(Array("The quick brown fox jumps over the lazy dog".utf8), "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
  }

  @Test func blockBoundaries() {
    // 55, 56 and 64 bytes straddle the padding boundary.
    check(Array(repeating: 0x61, count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
    check(Array(repeating: 0x61, count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    check(Array(repeating: 0x61, count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
  }
}

struct ChunkIdentityTests {
  @Test func describesPathContainerNameAndOrdinal() {
    #expect(ChunkID(path: "a/b.py", container: "C", name: "f", ordinal: 0).description == "a/b.py#C.f")
    #expect(ChunkID(path: "a/b.py", container: nil, name: "f", ordinal: 2).description == "a/b.py#f~2")
  }

  @Test func symbolKindNamesRoundTrip() {
    for kind in SymbolKind.allCases {
      #expect(SymbolKind(name: kind.name) == kind)
    }
  }
}
