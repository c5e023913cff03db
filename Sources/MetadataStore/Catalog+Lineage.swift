import Foundation
import GRDB

extension Catalog {
  /// A new chunk continuing an old one: the old chunk's id and identity, and how alike their
  /// texts were (1 for a move).
  package struct Continuation: Sendable, Equatable {
    package var previousID: Int64
    package var previousIdentity: String
    package var similarity: Double

    package init(previousID: Int64, previousIdentity: String, similarity: Double) {
      self.previousID = previousID
      self.previousIdentity = previousIdentity
      self.similarity = similarity
    }
  }

  /// The chunks each of `ids` continues (only those that continue one).
  package func lineage(of ids: [Int64]) throws -> [Int64: Continuation] {
    guard !ids.isEmpty else { return [:] }
    return try writer.read { db in
      var result: [Int64: Continuation] = [:]
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT chunk_id, previous_id, previous_identity, similarity FROM chunk_lineage
          WHERE chunk_id IN (SELECT value FROM json_each(?))
          """, arguments: [Catalog.jsonArray(ids)])
      while let row = try rows.next() {
        result[row[0]] = Continuation(previousID: row[1], previousIdentity: row[2], similarity: row[3])
      }
      return result
    }
  }

  /// For each of `ids` that continues another chunk, the chunks it continues, nearest first,
  /// up to `depth` steps back (a chunk renamed twice before the model ran continues a chunk
  /// that never had a vector).
  package func ancestors(of ids: [Int64], depth: Int = 8) throws -> [Int64: [Int64]] {
    var result: [Int64: [Int64]] = [:]
    var frontier = Dictionary(uniqueKeysWithValues: ids.map { ($0, $0) })  // chunk → the id asked about
    for _ in 0..<depth where !frontier.isEmpty {
      let found = try lineage(of: Array(frontier.keys))
      var next: [Int64: Int64] = [:]
      for (chunk, continuation) in found {
        guard let origin = frontier[chunk], !(result[origin]?.contains(continuation.previousID) ?? false) else { continue }
        result[origin, default: []].append(continuation.previousID)
        next[continuation.previousID] = origin
      }
      frontier = next
    }
    return result
  }

  /// The chunks of some files with their texts (for matching renamed and moved symbols).
  package func chunkTexts(inFiles paths: [String]) throws
    -> [(rowID: Int64, identity: String, path: String, kind: Int?, text: String)]
  {
    guard !paths.isEmpty else { return [] }
    return try writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.id, c.identity, f.path, c.kind, c.text FROM chunks c JOIN files f ON f.id = c.file_id
          WHERE f.path IN (SELECT value FROM json_each(?))
          """, arguments: [Self.jsonArray(paths)]
      ).map { ($0[0], $0[1], $0[2], $0[3], $0[4]) }
    }
  }

  /// Ids as one JSON parameter, read with `json_each`: any number of them in one statement
  /// (SQLite bounds the count of bound values).
  static func jsonArray(_ ids: [Int64]) -> String {
    "[" + ids.map(String.init).joined(separator: ",") + "]"
  }

  static func jsonArray(_ strings: [String]) -> String {
    (try? JSONEncoder().encode(strings)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }
}

extension Catalog {
  /// Chunks declaring a symbol named `name` (a `Container.name` query matches the container
  /// too), in `path` when given, in position order.
  package func chunks(named name: String, inFile path: String? = nil) throws -> [ChunkHit] {
    var symbol = name
    var container: String?
    if let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex {
      symbol = String(name[name.index(after: dot)...])
      container = String(name[..<dot])
    }
    return try writer.read { db in
      var sql = "SELECT \(Catalog.chunkColumns), 0.0 FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.name = ? AND c.kind IS NOT NULL"
      var arguments: [any DatabaseValueConvertible] = [symbol]
      if let container {
        sql += " AND (c.container = ? OR c.container LIKE ?)"
        arguments += [container, "%." + container]
      }
      if let path {
        sql += " AND f.path = ?"
        arguments.append(path)
      }
      sql += " ORDER BY f.path, c.start_byte"
      return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Catalog.chunkHit)
    }
  }
}

extension Catalog {
  /// A declaration that left the index without a successor, waiting to be matched by one
  /// that appears in a later update (a move saved as two files).
  package struct VanishedChunk: Sendable, Equatable {
    package var rowID: Int64
    package var identity: String
    package var path: String
    package var kind: Int
    package var text: String

    package init(rowID: Int64, identity: String, path: String, kind: Int, text: String) {
      self.rowID = rowID
      self.identity = identity
      self.path = path
      self.kind = kind
      self.text = text
    }
  }

  package func rememberVanished(_ chunks: [VanishedChunk], at time: Date = Date()) throws {
    guard !chunks.isEmpty else { return }
    try writer.write { db in try Catalog.rememberVanished(chunks, at: time, db: db) }
  }

  static func rememberVanished(_ chunks: [VanishedChunk], at time: Date, db: Database) throws {
    guard !chunks.isEmpty else { return }
    let insert = try db.cachedStatement(
      sql: """
        INSERT OR REPLACE INTO recently_vanished(chunk_id, identity, path, kind, text, vanished_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    for chunk in chunks {
      try insert.execute(arguments: [
        chunk.rowID, chunk.identity, chunk.path, chunk.kind, chunk.text, time.timeIntervalSince1970,
      ])
    }
  }

  package func recentlyVanished() throws -> [VanishedChunk] {
    try writer.read { db in
      try Row.fetchAll(db, sql: "SELECT chunk_id, identity, path, kind, text FROM recently_vanished ORDER BY chunk_id")
        .map { VanishedChunk(rowID: $0[0], identity: $0[1], path: $0[2], kind: $0[3], text: $0[4]) }
    }
  }

  package func forgetVanished(_ ids: [Int64]) throws {
    guard !ids.isEmpty else { return }
    try writer.write { db in try Catalog.forgetVanished(ids, db: db) }
  }

  static func forgetVanished(_ ids: [Int64], db: Database) throws {
    guard !ids.isEmpty else { return }
    try db.execute(
      sql: "DELETE FROM recently_vanished WHERE chunk_id IN (SELECT value FROM json_each(?))",
      arguments: [Catalog.jsonArray(ids)])
  }

  /// Forgets waiting declarations that vanished before `cutoff` or beyond the newest `keep`;
  /// returns their ids (their vectors can go).
  package func expireVanished(before cutoff: Date, keep: Int) throws -> [Int64] {
    try writer.write { db in
      let expired = try Int64.fetchAll(
        db,
        sql: """
          SELECT chunk_id FROM recently_vanished WHERE vanished_at < ? OR chunk_id NOT IN (
            SELECT chunk_id FROM recently_vanished ORDER BY vanished_at DESC, chunk_id DESC LIMIT ?)
          """, arguments: [cutoff.timeIntervalSince1970, keep])
      guard !expired.isEmpty else { return [] }
      try db.execute(
        sql: "DELETE FROM recently_vanished WHERE chunk_id IN (SELECT value FROM json_each(?))",
        arguments: [Catalog.jsonArray(expired)])
      return expired
    }
  }
}
