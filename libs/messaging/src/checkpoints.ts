import type { Database } from 'better-sqlite3';

/** Where a relay keeps the global position it has published up to. */
export interface CheckpointStore {
  /** 0 when nothing was saved under this name. */
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, number>();
  async load(name: string): Promise<number> {
    return this.positions.get(name) ?? 0;
  }
  async save(name: string, position: number): Promise<void> {
    this.positions.set(name, position);
  }
}

/** Checkpoints in table `relay_checkpoints` of a better-sqlite3 database (created when missing). */
export function sqliteCheckpointStore(db: Database): CheckpointStore {
  db.exec('CREATE TABLE IF NOT EXISTS relay_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)');
  const select = db.prepare<[string], { position: number }>('SELECT position FROM relay_checkpoints WHERE name = ?');
  const upsert = db.prepare<[string, number]>(
    'INSERT INTO relay_checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
  );
  return {
    async load(name) {
      return select.get(name)?.position ?? 0;
    },
    async save(name, position) {
      upsert.run(name, position);
    },
  };
}
