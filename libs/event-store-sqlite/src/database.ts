import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

/** How long a writer waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Page cache per connection, in KiB. better-sqlite3 builds SQLite with 16 MB; every service of the embedded stack
 * fills that once its file outgrows it, seven times over. The OS keeps the file's pages cached anyway, so a page
 * SQLite no longer holds costs a read() from memory, not a disk read (docs/performance.md, "Memory of the embedded stack").
 */
export const PAGE_CACHE_KIB = 4096;

/**
 * Opens (creating it and its directory if needed) the service's SQLite file, shared by the event store
 * and the read models.
 *
 * WAL lets readers run while one writer commits. `synchronous = FULL` makes SQLite fsync the WAL on every
 * commit, so a transaction that has returned survives a power cut or an OS crash; with NORMAL the last
 * commits before the cut could be rolled back (the file stays consistent either way).
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
