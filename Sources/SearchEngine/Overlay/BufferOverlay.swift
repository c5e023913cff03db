import Foundation
import MetadataStore
import SearchCore

/// A chunk of an editor's unsaved text, held in the server's memory only.
struct OverlayChunk: Sendable {
  /// As a catalog chunk is returned; its `rowID` is negative, never a catalog id.
  var hit: ChunkHit
  var embeddingKey: ContentHash
  /// `nil` until embedded (or without a model).
  var vector: [Float]?
  /// The chunk's text in the folder's in-memory full-text table (positive, one per version
  /// of the chunk's text), and its length there in tokens.
  var textKey: Int64
  var length: Int
}

/// One open document whose editor text differs from what the index holds for its file.
struct OverlayFile: Sendable {
  var path: String
  /// Hash of the editor text this overlay was cut from.
  var contentHash: ContentHash
  var chunks: [OverlayChunk]
  var symbols: [Symbol]
  /// The edit this text came from (a number that grows with every edit of the document): an
  /// older edit arriving late never replaces a newer one.
  var generation: Int
}

/// The unsaved editor text of one folder: what this process answers from instead of the
/// saved files, without writing it into the shared on-disk index (another process reading
/// the index sees the files as saved).
///
/// Overlay chunks get negative ids, one per chunk identity for as long as its document stays
/// overlaid, so an answer or a cached result can refer to them as it refers to catalog rows.
struct BufferOverlays: Sendable {
  private(set) var files: [String: OverlayFile] = [:]
  private var idsByIdentity: [String: [String: Int64]] = [:]
  private var nextID: Int64 = -1
  private var nextTextKey: Int64 = 1
  /// The newest edit generation seen per path, overlaid or dropped: nothing older applies.
  private var floors: [String: Int] = [:]
  /// Full-text keys no longer used by any overlay, removed from the table one update later
  /// so that a query still reading the previous version finds its postings.
  var retiredTextKeys: [Int64] = []

  /// Whether an edit of `generation` is older than what `path` has seen.
  func isSuperseded(path: String, generation: Int) -> Bool {
    generation < max(floors[path] ?? Int.min, files[path]?.generation ?? Int.min)
  }

  /// Records that `path` has seen `generation` (a close or revert has no overlay to carry it).
  mutating func raiseFloor(path: String, to generation: Int) {
    floors[path] = max(floors[path] ?? Int.min, generation)
  }

  /// A key for a new version of a chunk's text in the full-text table.
  mutating func textKey() -> Int64 {
    defer { nextTextKey += 1 }
    return nextTextKey
  }

  var isEmpty: Bool { files.isEmpty }

  /// The id of a chunk identity in `path`'s overlay, given on first sight and kept after.
  mutating func id(path: String, identity: String) -> Int64 {
    if let id = idsByIdentity[path]?[identity] { return id }
    let id = nextID
    nextID -= 1
    idsByIdentity[path, default: [:]][identity] = id
    return id
  }

  mutating func set(_ file: OverlayFile) {
    files[file.path] = file
    // Ids of identities the new version lacks are forgotten, so the map never grows
    // past what the document holds.
    let live = Set(file.chunks.map { $0.hit.id.description })
    idsByIdentity[file.path] = idsByIdentity[file.path]?.filter { live.contains($0.key) }
  }

  @discardableResult
  mutating func remove(path: String) -> OverlayFile? {
    idsByIdentity[path] = nil
    return files.removeValue(forKey: path)
  }
}
