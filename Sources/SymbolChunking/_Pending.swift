// TEMPORARY compile aid, replaced by the real module before commit.
import SearchCore
package struct ChunkingOptions: Sendable { package init() {} }
package enum ChunkerKind: String, Sendable { case swiftSyntax, ctags, lineWindows }
package struct ChunkedFile: Sendable { package var language: String?; package var chunker: ChunkerKind; package var symbols: [Symbol]; package var chunks: [Chunk]; package var warnings: [String] }
package final class FileChunker: Sendable {
  package init(options: ChunkingOptions = .init()) {}
  package func chunk(path: String, text: String) -> ChunkedFile { ChunkedFile(language: nil, chunker: .lineWindows, symbols: [], chunks: [], warnings: []) }
  package var isCtagsAvailable: Bool { true }
  package func shutdown() {}
}
