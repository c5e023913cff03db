import Foundation
import GRDB
import SearchCore

/// The SQLite catalog of one index: files, chunks, symbols and the full-text index over chunks.
///
/// Opened once per index as a WAL `DatabasePool`, so searches read concurrently with an
/// indexing write. Every change to a file is one transaction: a reader sees a file's old
/// chunks or its new ones, never a mix.
package final class Catalog: Sendable {
  let writer: any DatabaseWriter

  /// Opens (creating if needed) the catalog at `url`, migrating it to the current schema.
  package init(url: URL) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
    let pool = try DatabasePool(path: url.path, configuration: configuration)
    writer = pool
    try Catalog.prepare(pool)
  }

  /// An in-memory catalog, for tests and throwaway runs.
  package init() throws {
    let queue = try DatabaseQueue()
    writer = queue
    try Catalog.prepare(queue)
  }

  private static func prepare(_ writer: any DatabaseWriter) throws {
    try CatalogSchema.migrator.migrate(writer)
    try writer.write { db in
      let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format_version'")
      if stored == nil {
        try db.execute(
          sql: "INSERT INTO meta(key, value) VALUES ('format_version', ?)",
          arguments: [String(CatalogSchema.formatVersion)])
      }
    }
  }

  /// The format version the catalog was written with; a mismatch means the caller rebuilds.
  package func formatVersion() throws -> Int? {
    try value(forMeta: "format_version").flatMap(Int.init)
  }

  package static var currentFormatVersion: Int { CatalogSchema.formatVersion }

  // MARK: Meta

  package func value(forMeta key: String) throws -> String? {
    try writer.read { db in
      try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }
  }

  package func setValue(_ value: String, forMeta key: String) throws {
    try writer.write { db in
      try db.execute(
        sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        arguments: [key, value])
    }
  }

  // MARK: Files

  /// Every file the catalog knows, by path: what change detection compares against.
  package func fileRecords() throws -> [String: FileRecord] {
    try writer.read { db in
      var records: [String: FileRecord] = [:]
      let rows = try Row.fetchCursor(db, sql: "SELECT \(Catalog.fileColumns) FROM files")
      while let row = try rows.next() {
        let record = Catalog.fileRecord(row)
        records[record.path] = record
      }
      return records
    }
  }

  /// Makes every file look changed to the next full run (no size, time or content matches),
  /// so it is read and chunked again; its chunks and vectors stay until then, and a chunk
  /// whose text comes out the same keeps its vector through the embedding cache.
  package func forgetFileStates() throws {
    try writer.write { db in
      try db.execute(sql: "UPDATE files SET size = -1, mtime_ns = -1, content_hash = ''")
    }
  }

  /// One file's record, for single-file updates (an edit must not read every file's row).
  package func fileRecord(path: String) throws -> FileRecord? {
    try writer.read { db in
      try Row.fetchOne(db, sql: "SELECT \(Catalog.fileColumns) FROM files WHERE path = ?", arguments: [path])
        .map(Catalog.fileRecord)
    }
  }

  private static let fileColumns = "path, size, mtime_ns, content_hash, language, chunker"

  private static func fileRecord(_ row: Row) -> FileRecord {
    FileRecord(
      path: row[0], size: row[1], modifiedNanoseconds: row[2], contentHash: ContentHash(hex: row[3]),
      language: row[4], chunker: row[5])
  }

  /// One file's new state: its record, chunks and symbols, replacing whatever was stored.
  package struct FileUpdate: Sendable {
    package var record: FileRecord
    package var chunks: [Chunk]
    package var symbols: [Symbol]
    /// For each chunk, the hash of the text its embedding is computed from (its cache key).
    package var embeddingKeys: [ContentHash?]
    package init(record: FileRecord, chunks: [Chunk], symbols: [Symbol], embeddingKeys: [ContentHash?]? = nil) {
      self.record = record
      self.chunks = chunks
      self.symbols = symbols
      self.embeddingKeys = embeddingKeys ?? Array(repeating: nil, count: chunks.count)
    }
  }

  /// Applies file updates, stat-only refreshes and removals in one transaction.
  ///
  /// Chunk row ids are stable identities: a chunk that keeps its identity (path, container,
  /// name, ordinal) through an update keeps its id, whatever else in the file changed, and a
  /// new identity gets an id never used before (ids only grow; the highest ever given is kept
  /// in `meta`). So an id held by a search, a vector or a cached answer can only ever mean
  /// that chunk, in this or a later version of its text.
  ///
  /// `continuations` names, by identity, new chunks that continue a chunk of the previous
  /// state (renamed or moved); each gets a lineage row (``lineage(of:)``). `vanished` are
  /// declarations this update ends without a successor, to wait for one; `claimed` are
  /// waiting ones it found successors for. All in the one transaction: a crash cannot leave
  /// a move half-recorded.
  package func apply(
    updates: [FileUpdate], touched: [FileRecord] = [], removedPaths: [String] = [],
    continuations: [String: Continuation] = [:], vanished: [VanishedChunk] = [], claimed: [Int64] = []
  ) throws {
    guard !updates.isEmpty || !touched.isEmpty || !removedPaths.isEmpty else { return }
    try writer.write { db in
      try Catalog.forgetVanished(claimed, db: db)
      try Catalog.rememberVanished(vanished, at: Date(), db: db)
      var ids = try ChunkIDAllocator(db: db)
      let delete = try db.cachedStatement(sql: "DELETE FROM files WHERE path = ?")
      for path in removedPaths {
        try delete.execute(arguments: [path])
      }
      let touch = try db.cachedStatement(sql: "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?")
      for record in touched {
        try touch.execute(arguments: [record.size, record.modifiedNanoseconds, record.path])
      }
      let previousIDs = try db.cachedStatement(
        sql: "SELECT c.identity, c.id FROM chunks c JOIN files f ON f.id = c.file_id WHERE f.path = ?")
      for update in updates {
        var previous: [String: Int64] = [:]
        for row in try Row.fetchAll(previousIDs, arguments: [update.record.path]) { previous[row[0]] = row[1] }
        try delete.execute(arguments: [update.record.path])
        try insert(update, previousIDs: previous, ids: &ids, db: db)
      }
      if !continuations.isEmpty {
        let find = try db.cachedStatement(sql: "SELECT id FROM chunks WHERE identity = ?")
        let record = try db.cachedStatement(
          sql: """
            INSERT INTO chunk_lineage(chunk_id, previous_id, previous_identity, similarity, recorded_at)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT(chunk_id) DO NOTHING
            """)
        let now = Date().timeIntervalSince1970
        for (identity, continuation) in continuations {
          guard let id = try Int64.fetchOne(find, arguments: [identity]), id != continuation.previousID else { continue }
          try record.execute(arguments: [
            id, continuation.previousID, continuation.previousIdentity, continuation.similarity, now,
          ])
        }
      }
      try ids.save(db: db)
    }
  }

  /// Hands out chunk ids: the previous id of an identity, or one above every id ever given.
  private struct ChunkIDAllocator {
    private static let metaKey = "chunk_id_high_water"
    private var highWater: Int64
    private let saved: Int64

    init(db: Database) throws {
      let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.metaKey])
        .flatMap { Int64($0) } ?? 0
      let largest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM chunks") ?? 0
      saved = stored
      highWater = max(stored, largest)
    }

    mutating func id(for identity: String, previous: [String: Int64]) -> Int64 {
      if let id = previous[identity] { return id }
      highWater += 1
      return highWater
    }

    func save(db: Database) throws {
      guard highWater != saved else { return }
      try db.execute(
        sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        arguments: [Self.metaKey, String(highWater)])
    }
  }

  private func insert(_ update: FileUpdate, previousIDs: [String: Int64], ids: inout ChunkIDAllocator, db: Database) throws {
    let record = update.record
    try db.cachedStatement(
      sql: """
        INSERT INTO files(path, size, mtime_ns, content_hash, language, chunker, indexed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      record.path, record.size, record.modifiedNanoseconds, record.contentHash.hex, record.language,
      record.chunker, Date().timeIntervalSince1970,
    ])
    let fileID = db.lastInsertedRowID
    let insertChunk = try db.cachedStatement(
      sql: """
        INSERT INTO chunks(id, file_id, identity, name, kind, container, signature, ordinal,
          start_line, start_column, end_line, end_column, start_byte, end_byte,
          content_hash, language, text, identifiers, embedding_key, name_words, container_words, path_words)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    let pathWords = SearchFields.pathWords(record.path)
    for (position, chunk) in update.chunks.enumerated() {
      let embeddingKey = position < update.embeddingKeys.count ? update.embeddingKeys[position]?.hex : nil
      let fields = SearchFields.fields(name: chunk.name, container: chunk.container, pathWords: pathWords, text: chunk.text)
      let identity = chunk.id.description
      try insertChunk.execute(arguments: [
        ids.id(for: identity, previous: previousIDs), fileID, identity, chunk.name, chunk.kind?.rawValue, chunk.container, chunk.signature,
        chunk.ordinal, chunk.span.start.line, chunk.span.start.column, chunk.span.end.line,
        chunk.span.end.column, chunk.span.bytes.lowerBound, chunk.span.bytes.upperBound,
        chunk.contentHash.hex, chunk.language, chunk.text, fields[3], embeddingKey, fields[0], fields[1], fields[2],
      ])
    }
    let insertSymbol = try db.cachedStatement(
      sql: """
        INSERT INTO symbols(file_id, name, kind, container, signature,
          start_line, start_column, end_line, end_column, start_byte, end_byte,
          name_line, name_column, name_end_line, name_end_column)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for symbol in update.symbols {
      try insertSymbol.execute(arguments: [
        fileID, symbol.name, symbol.kind.rawValue, symbol.container, symbol.signature,
        symbol.span.start.line, symbol.span.start.column, symbol.span.end.line, symbol.span.end.column,
        symbol.span.bytes.lowerBound, symbol.span.bytes.upperBound,
        symbol.nameSpan.start.line, symbol.nameSpan.start.column, symbol.nameSpan.end.line,
        symbol.nameSpan.end.column,
      ])
    }
  }

  // MARK: Reading

  /// Every symbol with its file path, in file then position order: the input of the name index.
  package func allSymbols() throws -> [StoredSymbol] {
    try writer.read { db in
      var result: [StoredSymbol] = []
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT f.path, s.name, s.kind, s.container, s.signature,
            s.start_line, s.start_column, s.end_line, s.end_column, s.start_byte, s.end_byte,
            s.name_line, s.name_column, s.name_end_line, s.name_end_column
          FROM symbols s JOIN files f ON f.id = s.file_id
          ORDER BY f.path, s.start_byte, s.id
          """)
      while let row = try rows.next() {
        let span = TextSpan(
          start: TextPosition(line: row[5], column: row[6]), end: TextPosition(line: row[7], column: row[8]),
          bytes: Catalog.byteRange(row[9], row[10]))
        let nameSpan = TextSpan(
          start: TextPosition(line: row[11], column: row[12]), end: TextPosition(line: row[13], column: row[14]),
          bytes: span.bytes.lowerBound..<span.bytes.lowerBound)
        let symbol = Symbol(
          name: row[1], kind: SymbolKind(rawValue: row[2]) ?? .variable, container: row[3], signature: row[4],
          span: span, nameSpan: nameSpan)
        result.append(StoredSymbol(path: row[0], symbol: symbol))
      }
      return result
    }
  }

  /// The chunks of one file, in position order.
  package func chunks(inFile path: String) throws -> [ChunkHit] {
    try writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Catalog.chunkColumns), 0.0 FROM chunks c JOIN files f ON f.id = c.file_id
          WHERE f.path = ? ORDER BY c.start_byte, c.id
          """, arguments: [path]
      ).map(Catalog.chunkHit)
    }
  }

  /// Ranked chunks for a free-text query by BM25 over the chunk's fields (name, container,
  /// path, identifier words, text; Porter-stemmed), each weighted by `weights`.
  ///
  /// Every query word is optional (OR), so natural-language queries match chunks that contain
  /// some of their words; BM25 rewards the rarer ones. The best `limit` chunks for a full-text query by BM25, among those `filter` admits (the
  /// filter is part of the query, so a narrow filter still fills the limit).
  package func lexicalSearch(
    _ query: String, limit: Int, filter: ChunkFilter = ChunkFilter(), weights: LexicalFieldWeights = .uniform,
    dropsStopWords: Bool = false
  ) throws -> [ChunkHit] {
    guard let expression = FullTextQuery.expression(for: query, dropsStopWords: dropsStopWords), limit > 0 else { return [] }
    let (conditions, filterArguments) = filter.fullTextSQL
    let bm25 = "bm25(chunks_fts, \(weights.sqlArguments))"
    return try writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Catalog.chunkColumns), -\(bm25) AS score
          FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN files f ON f.id = c.file_id
          WHERE chunks_fts MATCH ?\(conditions)
          ORDER BY \(bm25)
          LIMIT ?
          """, arguments: StatementArguments([expression] + filterArguments + [limit])
      ).map(Catalog.chunkHit)
    }
  }

  /// The row ids and BM25 scores of the best `limit` chunks, as ``lexicalSearch(_:limit:filter:weights:dropsStopWords:)``
  /// ranks them, without reading their rows: FTS5 scores every match to sort them whatever the
  /// limit, so a deep list costs little more than a short one.
  package func lexicalRanking(
    _ query: String, limit: Int, filter: ChunkFilter = ChunkFilter(), weights: LexicalFieldWeights = .uniform,
    dropsStopWords: Bool = false
  ) throws -> [(rowID: Int64, score: Double)] {
    guard let expression = FullTextQuery.expression(for: query, dropsStopWords: dropsStopWords), limit > 0 else { return [] }
    let (conditions, filterArguments) = filter.fullTextSQL
    let bm25 = "bm25(chunks_fts, \(weights.sqlArguments))"
    let from =
      filter.admitsEverything
      ? "chunks_fts" : "chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN files f ON f.id = c.file_id"
    return try writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT chunks_fts.rowid, -\(bm25) AS score FROM \(from)
          WHERE chunks_fts MATCH ?\(conditions)
          ORDER BY \(bm25)
          LIMIT ?
          """, arguments: StatementArguments([expression] + filterArguments + [limit])
      ).map { ($0[0], $0[1]) }
    }
  }

  /// For each location (a file and a zero-based line), the smallest chunk holding that line
  /// among those `filter` admits, or `nil`: where a symbol found by name lives in the index.
  /// A chunk whose span ends at column 0 of a line (after its last line break) does not hold
  /// that line.
  package func innermostChunks(
    at locations: [(path: String, line: Int)], filter: ChunkFilter = ChunkFilter()
  ) throws -> [ChunkHit?] {
    let (conditions, filterArguments) = filter.sql
    return try writer.read { db in
      let statement = try db.cachedStatement(
        sql: """
          SELECT \(Catalog.chunkColumns), 0.0 FROM chunks c JOIN files f ON f.id = c.file_id
          WHERE f.path = ? AND c.start_line <= ? AND (c.end_line > ? OR (c.end_line = ? AND c.end_column > 0))\(conditions)
          ORDER BY c.end_byte - c.start_byte, c.id LIMIT 1
          """)
      return try locations.map { location in
        try Row.fetchOne(
          statement,
          arguments: StatementArguments(
            [location.path as any DatabaseValueConvertible, location.line, location.line, location.line] + filterArguments)
        ).map(Catalog.chunkHit)
      }
    }
  }

  /// The BM25 score (as `lexicalSearch` ranks) of each of `rowIDs` that matches `query`: how a
  /// new chunk would rank for a cached query, in today's corpus.
  package func lexicalScores(
    _ query: String, rowIDs: [Int64], weights: LexicalFieldWeights = .uniform, dropsStopWords: Bool = false
  ) throws -> [Int64: Double] {
    guard let expression = FullTextQuery.expression(for: query, dropsStopWords: dropsStopWords), !rowIDs.isEmpty else {
      return [:]
    }
    return try writer.read { db in
      var scores: [Int64: Double] = [:]
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT rowid, -bm25(chunks_fts, \(weights.sqlArguments)) FROM chunks_fts
          WHERE chunks_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))
          """, arguments: [expression, Catalog.jsonArray(rowIDs)])
      while let row = try rows.next() { scores[row[0]] = row[1] }
      return scores
    }
  }

  /// Row ids of the chunks `filter` admits: what a vector scan may return.
  package func chunkRowIDs(matching filter: ChunkFilter) throws -> [Int64] {
    let (conditions, arguments) = filter.sql
    return try writer.read { db in
      try Int64.fetchAll(
        db, sql: "SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id WHERE 1\(conditions)",
        arguments: StatementArguments(arguments))
    }
  }

  /// Every file's row id and path (for matching path globs).
  package func filePaths() throws -> [(id: Int64, path: String)] {
    try writer.read { db in
      try Row.fetchAll(db, sql: "SELECT id, path FROM files").map { ($0[0], $0[1]) }
    }
  }

  /// Where each named declaration's chunk begins (path, zero-based line), in id order: what
  /// benchmarks draw find-similar targets from.
  package func declarationStarts() throws -> [(path: String, line: Int)] {
    try writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT f.path, c.start_line FROM chunks c JOIN files f ON f.id = c.file_id
          WHERE c.kind IS NOT NULL ORDER BY c.id
          """
      ).map { (path: $0[0], line: $0[1]) }
    }
  }

  /// How many chunks there are: the denominator of search coverage, asked on every search.
  package func chunkCount() throws -> Int {
    try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM chunks") ?? 0 }
  }

  package func statistics() throws -> CatalogStatistics {
    try writer.read { db in
      let files = try Int.fetchOne(db, sql: "SELECT count(*) FROM files") ?? 0
      let chunks = try Int.fetchOne(db, sql: "SELECT count(*) FROM chunks") ?? 0
      let symbols = try Int.fetchOne(db, sql: "SELECT count(*) FROM symbols") ?? 0
      let bytes = try Int.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM files") ?? 0
      var byChunker: [String: Int] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT chunker, count(*) FROM files GROUP BY chunker") {
        byChunker[row[0]] = row[1]
      }
      var byLanguage: [String: Int] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT coalesce(language, 'unknown'), count(*) FROM files GROUP BY 1")
      {
        byLanguage[row[0]] = row[1]
      }
      return CatalogStatistics(
        files: files, chunks: chunks, symbols: symbols, sourceBytes: bytes, filesByChunker: byChunker,
        filesByLanguage: byLanguage)
    }
  }

  static let chunkColumns = """
    c.id, f.path, c.name, c.kind, c.container, c.signature, c.ordinal, c.start_line, c.start_column,
    c.end_line, c.end_column, c.start_byte, c.end_byte, c.content_hash, c.language, c.text
    """

  static func chunkHit(_ row: Row) -> ChunkHit {
    let span = TextSpan(
      start: TextPosition(line: row[7], column: row[8]), end: TextPosition(line: row[9], column: row[10]),
      bytes: byteRange(row[11], row[12]))
    let kind: Int? = row[3]
    return ChunkHit(
      rowID: row[0], id: ChunkID(path: row[1], container: row[4], name: row[2], ordinal: row[6]),
      kind: kind.flatMap(SymbolKind.init(rawValue:)), signature: row[5], language: row[14], span: span,
      contentHash: ContentHash(hex: row[13]), text: row[15], score: row[16])
  }

  /// A byte range that tolerates rows written by a buggy version (end before start).
  private static func byteRange(_ start: Int, _ end: Int) -> Range<Int> {
    start..<max(start, end)
  }
}
