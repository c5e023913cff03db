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
          """, arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
      while let row = try rows.next() {
        result[row[0]] = Continuation(previousID: row[1], previousIdentity: row[2], similarity: row[3])
      }
      return result
    }
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
