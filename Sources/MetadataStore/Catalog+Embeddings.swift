import Foundation
import GRDB
import SearchCore

/// The embedding cache and the chunk vectors drawn from it.
///
/// The cache is keyed by (model id, hash of the embedded text): vectors of different models
/// never mix, and a text embedded once is never embedded again, whichever file it moves to.
/// It lives in the catalog's SQLite file, so it is committed with the same durability.
extension Catalog {
  package func cachedVectors(model: String, keys: [ContentHash]) throws -> [ContentHash: [Float]] {
    guard !keys.isEmpty else { return [:] }
    return try writer.read { db in
      var result: [ContentHash: [Float]] = [:]
      var start = 0
      while start < keys.count {
        let slice = keys[start..<min(start + 500, keys.count)]
        start += slice.count
        let placeholders = Array(repeating: "?", count: slice.count).joined(separator: ",")
        var arguments: [any DatabaseValueConvertible] = [model]
        arguments += slice.map(\.hex)
        let rows = try Row.fetchCursor(
          db, sql: "SELECT input_hash, vector FROM embedding_cache WHERE model_id = ? AND input_hash IN (\(placeholders))",
          arguments: StatementArguments(arguments))
        while let row = try rows.next() {
          result[ContentHash(hex: row[0])] = VectorBlob.decode(row[1])
        }
      }
      return result
    }
  }

  package func storeVectors(model: String, _ vectors: [(ContentHash, [Float])]) throws {
    guard !vectors.isEmpty else { return }
    let now = Date().timeIntervalSince1970
    try writer.write { db in
      let statement = try db.cachedStatement(
        sql: """
          INSERT INTO embedding_cache(model_id, input_hash, dimension, vector, created_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT(model_id, input_hash) DO NOTHING
          """)
      for (key, vector) in vectors {
        try statement.execute(arguments: [model, key.hex, vector.count, VectorBlob.encode(vector), now])
      }
    }
  }

  /// Chunks whose embedding key has no vector for `model` yet: what indexing must embed.
  /// Pages through them by row id (`after` the last one seen), so a large backlog is never
  /// loaded at once.
  package func chunksMissingVectors(model: String, after: Int64 = 0, limit: Int = 512) throws -> [PendingEmbedding] {
    try writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Catalog.embeddingInputColumns) FROM chunks c
          JOIN files f ON f.id = c.file_id
          WHERE c.id > ? AND c.embedding_key IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM embedding_cache e WHERE e.model_id = ? AND e.input_hash = c.embedding_key)
          ORDER BY c.id LIMIT ?
          """, arguments: [after, model, limit]
      ).map(Catalog.embeddingInput)
    }
  }

  /// Those of `rowIDs` whose embedding key has no vector for `model` yet (one file's chunks
  /// after an edit: found without walking the whole catalog).
  package func chunksMissingVectors(model: String, among rowIDs: [Int64]) throws -> [PendingEmbedding] {
    guard !rowIDs.isEmpty else { return [] }
    return try writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Catalog.embeddingInputColumns) FROM chunks c
          JOIN files f ON f.id = c.file_id
          WHERE c.id IN (SELECT value FROM json_each(?)) AND c.embedding_key IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM embedding_cache e WHERE e.model_id = ? AND e.input_hash = c.embedding_key)
          ORDER BY c.id
          """, arguments: [Catalog.jsonArray(rowIDs), model]
      ).map(Catalog.embeddingInput)
    }
  }

  /// Chunks after row `after` whose embedding input has one of `keys` (hex): the chunks a
  /// page of ``chunksMissingVectors(model:after:limit:)`` shares its inputs with.
  package func chunksSharingEmbeddingKeys(_ keys: [String], after: Int64) throws -> [PendingEmbedding] {
    var result: [PendingEmbedding] = []
    for start in stride(from: 0, to: keys.count, by: 4000) {
      let page = Array(keys[start..<min(keys.count, start + 4000)])
      let placeholders = Array(repeating: "?", count: page.count).joined(separator: ",")
      try writer.read { db in
        result += try Row.fetchAll(
          db,
          sql: """
            SELECT \(Catalog.embeddingInputColumns) FROM chunks c JOIN files f ON f.id = c.file_id
            WHERE c.id > ? AND c.embedding_key IN (\(placeholders))
            """, arguments: StatementArguments([after as any DatabaseValueConvertible] + page)
        ).map(Catalog.embeddingInput)
      }
    }
    return result
  }

  package func countChunksMissingVectors(model: String) throws -> Int {
    try writer.read { db in
      try Int.fetchOne(
        db,
        sql: """
          SELECT count(*) FROM chunks c WHERE c.embedding_key IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM embedding_cache e WHERE e.model_id = ? AND e.input_hash = c.embedding_key)
          """, arguments: [model]) ?? 0
    }
  }

  /// Chunks' vectors for `model` with the embedding key each came from, by chunk row id
  /// (chunks without a cached vector are left out). Asks in pages: SQLite bounds how many
  /// values one statement may bind. `CROSS JOIN` fixes the join order: with a long id list
  /// the planner otherwise walks the whole cache once per page (minutes on 100k vectors).
  package func chunkVectors(model: String, rowIDs: [Int64]) throws -> [ChunkVector] {
    var result: [ChunkVector] = []
    for start in stride(from: 0, to: rowIDs.count, by: 4000) {
      let page = Array(rowIDs[start..<min(rowIDs.count, start + 4000)])
      try writer.read { db in
        let sql = """
          SELECT c.id, c.embedding_key, e.vector FROM chunks c
          CROSS JOIN embedding_cache e ON e.model_id = ? AND e.input_hash = c.embedding_key
          WHERE c.id IN (\(Array(repeating: "?", count: page.count).joined(separator: ",")))
          """
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments([model] + page))
        while let row = try rows.next() {
          result.append(ChunkVector(rowID: row[0], key: row[1], vector: VectorBlob.decode(row[2])))
        }
      }
    }
    return result
  }

  /// Every chunk that has a cached vector for `model`, with the key of its input: what the
  /// vector store must hold.
  package func chunkEmbeddingKeys(model: String) throws -> [(rowID: Int64, key: String)] {
    try writer.read { db in
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT c.id, c.embedding_key FROM chunks c
          JOIN embedding_cache e ON e.model_id = ? AND e.input_hash = c.embedding_key
          """, arguments: [model])
      var result: [(Int64, String)] = []
      while let row = try rows.next() { result.append((row[0], row[1])) }
      return result
    }
  }

  /// Chunk rows by id, for turning vector hits into results.
  package func chunks(rowIDs: [Int64]) throws -> [Int64: ChunkHit] {
    try chunksWithEmbeddingKeys(rowIDs: rowIDs).mapValues(\.chunk)
  }

  /// Chunks by row id, each with the key of the input its vector must have been embedded
  /// from (`nil` when the chunk is not embedded): what lets a search check that a vector's
  /// score belongs to the text it returns.
  package func chunksWithEmbeddingKeys(rowIDs: [Int64]) throws -> [Int64: (chunk: ChunkHit, embeddingKey: String?)] {
    guard !rowIDs.isEmpty else { return [:] }
    return try writer.read { db in
      // One JSON parameter: any number of ids (SQLite bounds the count of bound values).
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT \(Catalog.chunkColumns), 0.0, c.embedding_key FROM chunks c JOIN files f ON f.id = c.file_id
          WHERE c.id IN (SELECT value FROM json_each(?))
          """,
        arguments: [Catalog.jsonArray(rowIDs)])
      var result: [Int64: (chunk: ChunkHit, embeddingKey: String?)] = [:]
      for row in rows {
        let chunk = Catalog.chunkHit(row)
        result[chunk.rowID] = (chunk, row[17])
      }
      return result
    }
  }

  /// Chunk row ids of the given files: what an edit removed or added.
  package func chunkRowIDs(inFiles paths: [String]) throws -> [Int64] {
    guard !paths.isEmpty else { return [] }
    return try writer.read { db in
      let placeholders = Array(repeating: "?", count: paths.count).joined(separator: ",")
      return try Int64.fetchAll(
        db, sql: "SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id WHERE f.path IN (\(placeholders))",
        arguments: StatementArguments(paths))
    }
  }

  /// Each chunk of the files with its identity and content hash: what tells an edited chunk
  /// from one that only moved.
  package func chunkVersions(inFiles paths: [String]) throws
    -> [(rowID: Int64, identity: String, contentHash: String, embeddingKey: String?)]
  {
    guard !paths.isEmpty else { return [] }
    return try writer.read { db in
      let placeholders = Array(repeating: "?", count: paths.count).joined(separator: ",")
      return try Row.fetchAll(
        db,
        sql: """
          SELECT c.id, c.identity, c.content_hash, c.embedding_key FROM chunks c JOIN files f ON f.id = c.file_id
          WHERE f.path IN (\(placeholders))
          """,
        arguments: StatementArguments(paths)
      ).map { ($0[0], $0[1], $0[2], $0[3]) }
    }
  }

  package func embeddingCacheCount(model: String? = nil) throws -> Int {
    try writer.read { db in
      if let model {
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM embedding_cache WHERE model_id = ?", arguments: [model]) ?? 0
      }
      return try Int.fetchOne(db, sql: "SELECT count(*) FROM embedding_cache") ?? 0
    }
  }
}

/// A chunk that needs an embedding: enough to build the model's input text.
package struct PendingEmbedding: Sendable, Hashable {
  package var rowID: Int64
  package var key: ContentHash
  package var name: String
  package var kind: SymbolKind?
  package var container: String?
  package var signature: String?
  package var text: String
  package var path: String
}

extension Catalog {
  /// What a chunk's embedding input is made of, as `embeddingInput(_:)` reads it.
  static let embeddingInputColumns = "c.id, c.embedding_key, c.name, c.kind, c.container, c.text, f.path, c.signature"

  static func embeddingInput(_ row: Row) -> PendingEmbedding {
    let key: String? = row[1]
    return PendingEmbedding(
      rowID: row[0], key: ContentHash(hex: key ?? ""), name: row[2],
      kind: (row[3] as Int?).flatMap(SymbolKind.init(rawValue:)), container: row[4], signature: row[7], text: row[5],
      path: row[6])
  }
}

/// A chunk's vector and the key (hash of the embedded input) it was cached under.
package struct ChunkVector: Sendable {
  package var rowID: Int64
  package var key: String
  package var vector: [Float]
}

/// Float32 vectors as little-endian bytes.
enum VectorBlob {
  static func encode(_ vector: [Float]) -> Data {
    var data = Data(capacity: vector.count * 4)
    for value in vector {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }
    return data
  }

  static func decode(_ data: Data) -> [Float] {
    let count = data.count / 4
    var vector = [Float](repeating: 0, count: count)
    data.withUnsafeBytes { raw in
      for index in 0..<count {
        vector[index] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
      }
    }
    return vector
  }
}

extension Catalog {
  /// Copies another catalog's cached vectors of `model` into this one (those it lacks), and
  /// returns how many it added. An evaluation's copy of a workspace shares almost every chunk
  /// with the workspace, so its index starts from the workspace's embeddings instead of
  /// computing them again.
  package func importEmbeddings(fromCatalogAt url: URL, model: String) throws -> Int {
    guard FileManager.default.fileExists(atPath: url.path) else { return 0 }
    return try writer.writeWithoutTransaction { db in
      try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [url.path])
      defer { try? db.execute(sql: "DETACH DATABASE source") }
      let before = db.totalChangesCount
      try db.inTransaction {
        try db.execute(
          sql: """
            INSERT OR IGNORE INTO embedding_cache(model_id, input_hash, dimension, vector, created_at)
            SELECT model_id, input_hash, dimension, vector, created_at FROM source.embedding_cache WHERE model_id = ?
            """, arguments: [model])
        return .commit
      }
      return db.totalChangesCount - before
    }
  }
}

extension Catalog {
  /// Recomputes every chunk's embedding key with `key` (given what the chunk's input is made
  /// of) and stores the ones that changed; returns how many did. Used when the way inputs are
  /// written changes: the new keys miss the cache, and indexing embeds those chunks again.
  @discardableResult
  package func rekeyEmbeddings(_ key: (PendingEmbedding) -> ContentHash) throws -> Int {
    try writer.write { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT \(Catalog.embeddingInputColumns) FROM chunks c JOIN files f ON f.id = c.file_id")
      let update = try db.makeStatement(sql: "UPDATE chunks SET embedding_key = ? WHERE id = ?")
      var changed = 0
      for row in rows {
        let stored: String? = row[1]
        let chunk = Catalog.embeddingInput(row)
        let fresh = key(chunk).hex
        guard fresh != stored else { continue }
        try update.execute(arguments: [fresh, chunk.rowID])
        changed += 1
      }
      return changed
    }
  }
}
