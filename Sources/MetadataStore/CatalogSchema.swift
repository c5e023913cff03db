import GRDB

/// The catalog's migrations. Append only: a shipped migration is never edited, so every
/// existing index upgrades by running the ones it lacks.
enum CatalogSchema {
  /// Bumped when the meaning of stored data changes in a way a migration cannot express;
  /// an index with another value is rebuilt from scratch.
  static let formatVersion = 1

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-files-chunks-symbols-fts") { db in
      try db.execute(
        sql: """
          CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
          );
          CREATE TABLE files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            language TEXT,
            chunker TEXT NOT NULL,
            indexed_at REAL NOT NULL
          );
          CREATE TABLE chunks (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
            identity TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            kind INTEGER,
            container TEXT,
            signature TEXT,
            ordinal INTEGER NOT NULL,
            start_line INTEGER NOT NULL,
            start_column INTEGER NOT NULL,
            end_line INTEGER NOT NULL,
            end_column INTEGER NOT NULL,
            start_byte INTEGER NOT NULL,
            end_byte INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            language TEXT,
            text TEXT NOT NULL,
            identifiers TEXT NOT NULL
          );
          CREATE INDEX chunks_by_file ON chunks(file_id);
          CREATE INDEX chunks_by_hash ON chunks(content_hash);
          CREATE TABLE symbols (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            kind INTEGER NOT NULL,
            container TEXT,
            signature TEXT,
            start_line INTEGER NOT NULL,
            start_column INTEGER NOT NULL,
            end_line INTEGER NOT NULL,
            end_column INTEGER NOT NULL,
            start_byte INTEGER NOT NULL,
            end_byte INTEGER NOT NULL,
            name_line INTEGER NOT NULL,
            name_column INTEGER NOT NULL,
            name_end_line INTEGER NOT NULL,
            name_end_column INTEGER NOT NULL
          );
          CREATE INDEX symbols_by_file ON symbols(file_id);
          CREATE VIRTUAL TABLE chunks_fts USING fts5(
            name, identifiers, text,
            content = 'chunks', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2'
          );
          CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts(rowid, name, identifiers, text)
              VALUES (new.id, new.name, new.identifiers, new.text);
          END;
          CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, name, identifiers, text)
              VALUES ('delete', old.id, old.name, old.identifiers, old.text);
          END;
          CREATE TRIGGER chunks_fts_update AFTER UPDATE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, name, identifiers, text)
              VALUES ('delete', old.id, old.name, old.identifiers, old.text);
            INSERT INTO chunks_fts(rowid, name, identifiers, text)
              VALUES (new.id, new.name, new.identifiers, new.text);
          END;
          """)
    }
    migrator.registerMigration("v2-embedding-cache") { db in
      try db.execute(
        sql: """
          CREATE TABLE embedding_cache (
            model_id TEXT NOT NULL,
            input_hash TEXT NOT NULL,
            dimension INTEGER NOT NULL,
            vector BLOB NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (model_id, input_hash)
          ) WITHOUT ROWID;
          ALTER TABLE chunks ADD COLUMN embedding_key TEXT;
          CREATE INDEX chunks_by_embedding_key ON chunks(embedding_key);
          """)
    }
    migrator.registerMigration("v3-search-fields-stemmed") { db in
      // BM25 over weighted fields (name, container, path, identifier words, text) with Porter
      // stemming, so `uploads` finds `upload` and a match in a name outweighs one in a body.
      try db.execute(
        sql: """
          DROP TRIGGER chunks_fts_insert;
          DROP TRIGGER chunks_fts_delete;
          DROP TRIGGER chunks_fts_update;
          DROP TABLE chunks_fts;
          ALTER TABLE chunks ADD COLUMN name_words TEXT NOT NULL DEFAULT '';
          ALTER TABLE chunks ADD COLUMN container_words TEXT NOT NULL DEFAULT '';
          ALTER TABLE chunks ADD COLUMN path_words TEXT NOT NULL DEFAULT '';
          """)
      let rows = try Row.fetchAll(
        db, sql: "SELECT c.id, c.name, c.container, f.path FROM chunks c JOIN files f ON f.id = c.file_id")
      let update = try db.makeStatement(
        sql: "UPDATE chunks SET name_words = ?, container_words = ?, path_words = ? WHERE id = ?")
      for row in rows {
        let id: Int64 = row[0]
        let name: String = row[1]
        let container: String? = row[2]
        let path: String = row[3]
        try update.execute(arguments: [
          SearchFields.nameWords(name), SearchFields.containerWords(container), SearchFields.pathWords(path), id,
        ])
      }
      try db.execute(
        sql: """
          CREATE VIRTUAL TABLE chunks_fts USING fts5(
            name_words, container_words, path_words, identifiers, text,
            content = 'chunks', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
          );
          CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts(rowid, name_words, container_words, path_words, identifiers, text)
              VALUES (new.id, new.name_words, new.container_words, new.path_words, new.identifiers, new.text);
          END;
          CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, name_words, container_words, path_words, identifiers, text)
              VALUES ('delete', old.id, old.name_words, old.container_words, old.path_words, old.identifiers, old.text);
          END;
          CREATE TRIGGER chunks_fts_update
            AFTER UPDATE OF name_words, container_words, path_words, identifiers, text ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, name_words, container_words, path_words, identifiers, text)
              VALUES ('delete', old.id, old.name_words, old.container_words, old.path_words, old.identifiers, old.text);
            INSERT INTO chunks_fts(rowid, name_words, container_words, path_words, identifiers, text)
              VALUES (new.id, new.name_words, new.container_words, new.path_words, new.identifiers, new.text);
          END;
          INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild');
          """)
    }
    migrator.registerMigration("v4-chunk-lineage") { db in
      // Which chunk a new chunk continues (a renamed or moved symbol), so that the history of
      // its embedding follows it. Kept after either chunk is gone: history walks the chain.
      // Declarations that vanished without a match wait a while in `recently_vanished`: a
      // move often reaches the index as two updates (the file it left, then the file it
      // entered).
      try db.execute(
        sql: """
          CREATE TABLE chunk_lineage (
            chunk_id INTEGER PRIMARY KEY,
            previous_id INTEGER NOT NULL,
            previous_identity TEXT NOT NULL,
            similarity REAL NOT NULL,
            recorded_at REAL NOT NULL
          );
          CREATE INDEX chunks_by_name ON chunks(name);
          CREATE TABLE recently_vanished (
            chunk_id INTEGER PRIMARY KEY,
            identity TEXT NOT NULL,
            path TEXT NOT NULL,
            kind INTEGER NOT NULL,
            text TEXT NOT NULL,
            vanished_at REAL NOT NULL
          );
          """)
    }
    return migrator
  }
}
