/// `sextant/symbolHistory`: the versions of a symbol's embedding, by position (the innermost
/// declaration there) or by name (`name` or `Container.name`, in `textDocument` when given).
package struct SextantSymbolHistoryRequest: LSPRequest {
  package static let method = "sextant/symbolHistory"
  package typealias Response = SextantSymbolHistoryResult
  package var textDocument: TextDocumentIdentifier?
  package var position: Position?
  package var name: String?
  package init(textDocument: TextDocumentIdentifier? = nil, position: Position? = nil, name: String? = nil) {
    self.textDocument = textDocument
    self.position = position
    self.name = name
  }
}

package struct SextantSymbolHistoryResult: Codable, Hashable, Sendable {
  package var items: [SextantSymbolHistoryItem]
  package init(items: [SextantSymbolHistoryItem]) { self.items = items }
}

package struct SextantSymbolHistoryItem: Codable, Hashable, Sendable {
  package var uri: String
  package var range: LSPRange
  package var name: String
  package var kind: Int?
  package var container: String?
  /// Current first.
  package var versions: [SextantEmbeddingVersion]
  package init(
    uri: String, range: LSPRange, name: String, kind: Int?, container: String?, versions: [SextantEmbeddingVersion]
  ) {
    self.uri = uri
    self.range = range
    self.name = name
    self.kind = kind
    self.container = container
    self.versions = versions
  }
}

package struct SextantEmbeddingVersion: Codable, Hashable, Sendable {
  package var version: Int
  /// `path#Container.name` while the symbol had this version (renames and moves show here).
  package var identity: String
  /// Fingerprint of the version's embedding input, 16 hex digits.
  package var fingerprint: String
  /// ISO 8601; absent for the current version.
  package var replacedAt: String?
  /// Cosine to the current vector.
  package var similarity: Double
  /// The newest commit holding exactly this version, with its time (git work trees only).
  package var revision: String?
  package var revisionTime: String?
  /// For the current version: its vector is not computed yet (similarities are to the newest
  /// vector there is).
  package var pending: Bool?
  package init(
    version: Int, identity: String, fingerprint: String, replacedAt: String?, similarity: Double, revision: String?,
    revisionTime: String?, pending: Bool? = nil
  ) {
    self.pending = pending
    self.version = version
    self.identity = identity
    self.fingerprint = fingerprint
    self.replacedAt = replacedAt
    self.similarity = similarity
    self.revision = revision
    self.revisionTime = revisionTime
  }
}

/// `sextant/drift`: the symbols whose embedding moved most since a time (`since`, ISO 8601),
/// a git revision (`revision`), or a number of versions back (`versions`, default 1).
package struct SextantDriftRequest: LSPRequest {
  package static let method = "sextant/drift"
  package typealias Response = SextantDriftResult
  package var since: String?
  package var revision: String?
  package var versions: Int?
  package var limit: Int?
  package init(since: String? = nil, revision: String? = nil, versions: Int? = nil, limit: Int? = nil) {
    self.since = since
    self.revision = revision
    self.versions = versions
    self.limit = limit
  }
}

package struct SextantDriftResult: Codable, Hashable, Sendable {
  package var items: [SextantDriftItem]
  package init(items: [SextantDriftItem]) { self.items = items }
}

package struct SextantDriftItem: Codable, Hashable, Sendable {
  package var uri: String
  package var range: LSPRange
  package var name: String
  package var kind: Int?
  package var container: String?
  /// 1 − cosine between the current vector and the baseline version's.
  package var drift: Double
  package var baselineVersion: Int
  package var versionsBack: Int
  package var baselineReplacedAt: String?
  package init(
    uri: String, range: LSPRange, name: String, kind: Int?, container: String?, drift: Double, baselineVersion: Int,
    versionsBack: Int, baselineReplacedAt: String?
  ) {
    self.uri = uri
    self.range = range
    self.name = name
    self.kind = kind
    self.container = container
    self.drift = drift
    self.baselineVersion = baselineVersion
    self.versionsBack = versionsBack
    self.baselineReplacedAt = baselineReplacedAt
  }
}
