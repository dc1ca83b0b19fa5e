import { chmodSync } from 'node:fs';
import Database from 'better-sqlite3';
import { newId } from '@pmt/kernel';
import { newDataKey } from '../personal-data.crypto';
import type { PersonalDataKeys } from '../key-store';

const INDEX_KEY_ID = 'email-index';

/**
 * Keys in their own SQLite file, never in the events' file: a copy of the event store (a backup, an export) then
 * holds no key. Deleting a row is the erasure; `secure_delete` overwrites the freed page so the key is not left
 * in the file's free space.
 */
export class SqliteKeyStore implements PersonalDataKeys {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): SqliteKeyStore {
    const db = new Database(file);
    // the owner only, like the seal key (SQLite gives its journal the same mode)
    chmodSync(file, 0o600);
    db.pragma('journal_mode = DELETE');
    db.pragma('secure_delete = ON');
    db.exec(`CREATE TABLE IF NOT EXISTS personal_data_keys (
      key_id TEXT PRIMARY KEY,
      subject_id TEXT NOT NULL,
      key BLOB NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS personal_data_keys_subject ON personal_data_keys (subject_id);`);
    return new SqliteKeyStore(db);
  }

  async create(subjectId: string): Promise<{ keyId: string; key: Buffer }> {
    const keyId = newId();
    const key = newDataKey();
    this.db
      .prepare('INSERT INTO personal_data_keys (key_id, subject_id, key, created_at) VALUES (?, ?, ?, ?)')
      .run(keyId, subjectId, key, new Date().toISOString());
    return { keyId, key };
  }

  async key(keyId: string): Promise<Buffer | null> {
    const row = this.db.prepare('SELECT key FROM personal_data_keys WHERE key_id = ?').get(keyId) as { key: Buffer } | undefined;
    return row ? Buffer.from(row.key) : null;
  }

  async destroySubject(subjectId: string): Promise<number> {
    return this.db.prepare('DELETE FROM personal_data_keys WHERE subject_id = ?').run(subjectId).changes;
  }

  async indexKey(): Promise<Buffer> {
    this.db
      .prepare('INSERT OR IGNORE INTO personal_data_keys (key_id, subject_id, key, created_at) VALUES (?, ?, ?, ?)')
      .run(INDEX_KEY_ID, INDEX_KEY_ID, newDataKey(), new Date().toISOString());
    return (await this.key(INDEX_KEY_ID)) as Buffer;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
