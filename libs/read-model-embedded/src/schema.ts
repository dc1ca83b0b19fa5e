import type BetterSqlite3 from 'better-sqlite3';
import { compileRegex, REGEXP_FUNCTION } from './filter-sql';

export type Database = BetterSqlite3.Database;

/**
 * Read-model tables live in the service's SQLite file beside the event store's, prefixed rm_:
 *
 * - rm_docs: one row per document. `doc` is JSONB, SQLite's binary JSON (`SELECT json(doc)` shows the
 *   text): the JSON functions then read a field without parsing the whole document.
 * - rm_checkpoints: one row per projection.
 * - rm_paths: the paths of a collection that have keys, one number each; a path is added the first time
 *   a query could start from it (see EmbeddedReadModelStore.indexedPath), and stays.
 * - rm_keys_v2: for each indexed path, every string and number a document holds there (see keys.ts), so
 *   that a selective condition starts from an index instead of reading every document. `value` has no
 *   declared type on purpose: strings stay TEXT and numbers stay numbers, and they never compare equal. A
 *   write diffs the old document's keys against the new one's, so it needs no index by document.
 *
 * rm_keys, which held every value of every document under a (collection, path) pair, is dropped: its
 * paths are indexed again in rm_keys_v2 as queries use them.
 */
export function ensureSchema(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS rm_docs (
      collection TEXT NOT NULL,
      id         TEXT NOT NULL,
      doc        BLOB NOT NULL,
      PRIMARY KEY (collection, id)
    );
    CREATE TABLE IF NOT EXISTS rm_checkpoints (
      projection TEXT PRIMARY KEY,
      position   INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rm_paths (
      path_id    INTEGER PRIMARY KEY,
      collection TEXT NOT NULL,
      path       TEXT NOT NULL,
      UNIQUE (collection, path)
    );
    CREATE TABLE IF NOT EXISTS rm_keys_v2 (
      path_id INTEGER NOT NULL,
      value           NOT NULL,
      id      TEXT    NOT NULL,
      PRIMARY KEY (path_id, value, id)
    ) WITHOUT ROWID;
    DROP TABLE IF EXISTS rm_keys;
  `);
  db.function(REGEXP_FUNCTION, { deterministic: true }, (source: unknown, flags: unknown, value: unknown) =>
    typeof value === 'string' && compileRegex(String(source), String(flags)).test(value) ? 1 : 0,
  );
}
