import type BetterSqlite3 from 'better-sqlite3';
import { compileRegex, REGEXP_FUNCTION } from './filter-sql';
import { documentKeys } from './keys';

export type Database = BetterSqlite3.Database;

/**
 * Read-model tables live in the service's SQLite file beside the event store's, prefixed rm_:
 *
 * - rm_docs: one row per document. `doc` is JSONB, SQLite's binary JSON (`SELECT json(doc)` shows the
 *   text): the JSON functions then read a field without parsing the whole document.
 * - rm_checkpoints: one row per projection.
 * - rm_keys: every string and number of every document under its dotted path (see keys.ts), so that a
 *   selective condition starts from an index instead of reading every document. `value` has no declared
 *   type on purpose: strings stay TEXT and numbers stay numbers, and they never compare equal. A write
 *   diffs the old document's keys against the new one's, so it needs no index by document.
 */
export function ensureSchema(db: Database): void {
  const keysExisted = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rm_keys'`).get() !== undefined;
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
    CREATE TABLE IF NOT EXISTS rm_keys (
      collection TEXT NOT NULL,
      path       TEXT NOT NULL,
      value           NOT NULL,
      id         TEXT NOT NULL,
      PRIMARY KEY (collection, path, value, id)
    ) WITHOUT ROWID;
  `);
  db.function(REGEXP_FUNCTION, { deterministic: true }, (source: unknown, flags: unknown, value: unknown) =>
    typeof value === 'string' && compileRegex(String(source), String(flags)).test(value) ? 1 : 0,
  );
  if (!keysExisted) backfillKeys(db);
}

/** Documents written before rm_keys existed get their keys once. */
function backfillKeys(db: Database): void {
  const insert = db.prepare('INSERT OR IGNORE INTO rm_keys (collection, path, value, id) VALUES (?, ?, ?, ?)');
  // better-sqlite3 cannot write while a statement iterates, so the rows are read first (this runs once).
  const rows = db.prepare('SELECT collection, id, json(doc) AS doc FROM rm_docs').all() as { collection: string; id: string; doc: string }[];
  db.transaction(() => {
    for (const row of rows) for (const [path, value] of documentKeys(JSON.parse(row.doc)).values()) insert.run(row.collection, path, value, row.id);
  })();
}
