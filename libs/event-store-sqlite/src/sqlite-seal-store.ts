import type { MirrorSource, Seal, SealLeaf, SealStore, SealWrite } from '@pmt/event-store';
import { openDatabase, type Database } from './database';
import { GroupCommit } from './group-commit';

/**
 * Seals in a SQLite file of their own (`<service>-seals.sqlite`), never in the events' file, so that one
 * `DELETE` or `UPDATE` on the events cannot also reach what vouches for them.
 *
 * ss_seals: one row per seal (the signed header, plus the global position it read up to).
 * ss_leaves: the leaves of each seal in tree order (stream heads).
 * ss_sealed_hashes: per stream, the hash of every version when it was first sealed; verify names the first
 *   version whose current hash differs from it.
 * ss_mirror_sources: per mirror stream version, the source event's hash, recordedAt and causationId.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS ss_seals (
  seal_id    TEXT    NOT NULL PRIMARY KEY,
  service    TEXT    NOT NULL,
  sealed_at  TEXT    NOT NULL,
  leaf_count INTEGER NOT NULL,
  root       TEXT    NOT NULL,
  key_id     TEXT    NOT NULL,
  signature  TEXT    NOT NULL,
  checkpoint INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ss_seals_by_checkpoint ON ss_seals (checkpoint);
CREATE TABLE IF NOT EXISTS ss_leaves (
  seal_id    TEXT    NOT NULL,
  leaf_index INTEGER NOT NULL,
  stream_id  TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  hash       TEXT    NOT NULL,
  PRIMARY KEY (seal_id, leaf_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ss_leaves_by_stream ON ss_leaves (stream_id, version);
CREATE TABLE IF NOT EXISTS ss_sealed_hashes (
  stream_id TEXT    NOT NULL,
  version   INTEGER NOT NULL,
  hash      TEXT    NOT NULL,
  seal_id   TEXT    NOT NULL,
  PRIMARY KEY (stream_id, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ss_mirror_sources (
  stream_id      TEXT    NOT NULL,
  version        INTEGER NOT NULL,
  hash           TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  causation_id   TEXT    NOT NULL,
  PRIMARY KEY (stream_id, version)
) WITHOUT ROWID;
`;

interface SealRow {
  seal_id: string;
  service: string;
  sealed_at: string;
  leaf_count: number;
  root: string;
  key_id: string;
  signature: string;
}

const toSeal = (r: SealRow): Seal => ({
  format: 'pmt.seal/1',
  service: r.service,
  sealId: r.seal_id,
  sealedAt: r.sealed_at,
  leafCount: r.leaf_count,
  root: r.root,
  keyId: r.key_id,
  signature: r.signature,
});

export class SqliteSealStore implements SealStore {
  static open(file: string): SqliteSealStore {
    return new SqliteSealStore(openDatabase(file));
  }

  private readonly saveTransaction: (write: SealWrite) => void;
  private readonly mirrorSourceWrites: GroupCommit<[string, number, MirrorSource], void>;

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    const insertSeal = db.prepare(
      'INSERT INTO ss_seals (seal_id, service, sealed_at, leaf_count, root, key_id, signature, checkpoint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertLeaf = db.prepare('INSERT INTO ss_leaves (seal_id, leaf_index, stream_id, version, hash) VALUES (?, ?, ?, ?, ?)');
    // A version keeps the hash it had when first sealed: a later seal never overwrites it.
    const insertHash = db.prepare('INSERT OR IGNORE INTO ss_sealed_hashes (stream_id, version, hash, seal_id) VALUES (?, ?, ?, ?)');
    const insertMirrorSource = db.prepare(
      'INSERT OR IGNORE INTO ss_mirror_sources (stream_id, version, hash, recorded_at, causation_id) VALUES (?, ?, ?, ?, ?)',
    );
    // An inbox records the source of every event of a batch it mirrored at once: one transaction (one fsync) for them all.
    const recordMany = db.transaction((rows: Array<[string, number, MirrorSource]>) => {
      for (const [streamId, version, source] of rows) insertMirrorSource.run(streamId, version, source.hash, source.recordedAt, source.causationId);
    });
    this.mirrorSourceWrites = new GroupCommit((rows) => {
      recordMany(rows);
      return rows.map(() => ({ ok: true, value: undefined }));
    });
    this.saveTransaction = db.transaction((w: SealWrite) => {
      const s = w.seal;
      insertSeal.run(s.sealId, s.service, s.sealedAt, s.leafCount, s.root, s.keyId, s.signature, w.checkpoint);
      w.leaves.forEach((l, i) => insertLeaf.run(s.sealId, i, l.streamId, l.version, l.hash));
      for (const h of w.sealedHashes) insertHash.run(h.streamId, h.version, h.hash, s.sealId);
    });
  }

  async save(write: SealWrite): Promise<void> {
    this.saveTransaction(write);
  }

  async checkpoint(): Promise<number> {
    const row = this.db.prepare('SELECT MAX(checkpoint) AS c FROM ss_seals').get() as { c: number | null };
    return row.c ?? 0;
  }

  async lastSealed(streamId: string): Promise<SealLeaf | null> {
    const row = this.db.prepare('SELECT version, hash FROM ss_sealed_hashes WHERE stream_id = ? ORDER BY version DESC LIMIT 1').get(streamId) as
      { version: number; hash: string } | undefined;
    return row ? { streamId, version: row.version, hash: row.hash } : null;
  }

  async sealedHashes(streamId: string, toVersion = Number.MAX_SAFE_INTEGER): Promise<Array<{ version: number; hash: string }>> {
    return this.db
      .prepare('SELECT version, hash FROM ss_sealed_hashes WHERE stream_id = ? AND version <= ? ORDER BY version')
      .all(streamId, toVersion) as Array<{ version: number; hash: string }>;
  }

  async latestSealFor(streamId: string, maxVersion = Number.MAX_SAFE_INTEGER): Promise<{ seal: Seal; leaf: SealLeaf; leafIndex: number } | null> {
    const row = this.db
      .prepare(
        `SELECT s.seal_id, s.service, s.sealed_at, s.leaf_count, s.root, s.key_id, s.signature, l.leaf_index, l.version, l.hash
           FROM ss_leaves l JOIN ss_seals s ON s.seal_id = l.seal_id
          WHERE l.stream_id = ? AND l.version <= ?
          ORDER BY l.version DESC, s.sealed_at DESC LIMIT 1`,
      )
      .get(streamId, maxVersion) as (SealRow & { leaf_index: number; version: number; hash: string }) | undefined;
    if (!row) return null;
    return { seal: toSeal(row), leaf: { streamId, version: row.version, hash: row.hash }, leafIndex: row.leaf_index };
  }

  async leavesOf(sealId: string): Promise<SealLeaf[]> {
    const rows = this.db.prepare('SELECT stream_id, version, hash FROM ss_leaves WHERE seal_id = ? ORDER BY leaf_index').all(sealId) as Array<{
      stream_id: string;
      version: number;
      hash: string;
    }>;
    return rows.map((r) => ({ streamId: r.stream_id, version: r.version, hash: r.hash }));
  }

  /** Resolves once committed, together with the other records made at the same time. */
  recordMirrorSource(mirrorStreamId: string, version: number, source: MirrorSource): Promise<void> {
    return this.mirrorSourceWrites.submit([mirrorStreamId, version, source]);
  }

  async mirrorSources(mirrorStreamId: string): Promise<Array<MirrorSource & { version: number }>> {
    const rows = this.db
      .prepare('SELECT version, hash, recorded_at, causation_id FROM ss_mirror_sources WHERE stream_id = ? ORDER BY version')
      .all(mirrorStreamId) as Array<{ version: number; hash: string; recorded_at: string; causation_id: string }>;
    return rows.map((r) => ({ version: r.version, hash: r.hash, recordedAt: r.recorded_at, causationId: r.causation_id }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.mirrorSourceWrites.flush();
    if (this.db.open) this.db.close();
  }
}
