/// `sextant/index`: index the workspace folders (all, or those named) now, for scripts and CI
/// driving the server over stdio. With `wait: true` the answer comes when the run ends, with
/// what it did; without, at once, while progress goes through `$/progress` and `sextant/status`.
package struct SextantIndexRequest: LSPRequest {
  package static let method = "sextant/index"
  package typealias Response = SextantIndexResult
  /// Workspace folder URIs (default: every folder).
  package var folders: [String]?
  package var wait: Bool?

  package init(folders: [String]? = nil, wait: Bool? = nil) {
    self.folders = folders
    self.wait = wait
  }
}

package struct SextantIndexResult: Codable, Hashable, Sendable {
  /// `started`: a run began; `queued`: one was running, another will follow it; `done`: the
  /// run covering this request has ended (`wait: true`), and `folders` says what it did.
  package var state: String
  package var folders: [SextantIndexedFolder]?

  package init(state: String, folders: [SextantIndexedFolder]? = nil) {
    self.state = state
    self.folders = folders
  }
}

/// What one run did in one folder.
package struct SextantIndexedFolder: Codable, Hashable, Sendable {
  package var uri: String
  package var filesSeen: Int
  /// Read again because they were new or changed.
  package var filesIndexed: Int
  /// Unchanged by size and time, or by content hash.
  package var filesUnchanged: Int
  package var filesRemoved: Int
  package var filesFailed: Int
  package var chunksWritten: Int
  /// Vectors computed by the model, and taken from the embedding cache instead.
  package var chunksEmbedded: Int
  package var embeddingCacheHits: Int
  package var seconds: Double
  /// One line per file that could not be indexed (path: reason), the first 20.
  package var failures: [String]

  package init(
    uri: String, filesSeen: Int, filesIndexed: Int, filesUnchanged: Int, filesRemoved: Int, filesFailed: Int,
    chunksWritten: Int, chunksEmbedded: Int, embeddingCacheHits: Int, seconds: Double, failures: [String]
  ) {
    self.uri = uri
    self.filesSeen = filesSeen
    self.filesIndexed = filesIndexed
    self.filesUnchanged = filesUnchanged
    self.filesRemoved = filesRemoved
    self.filesFailed = filesFailed
    self.chunksWritten = chunksWritten
    self.chunksEmbedded = chunksEmbedded
    self.embeddingCacheHits = embeddingCacheHits
    self.seconds = seconds
    self.failures = failures
  }
}
