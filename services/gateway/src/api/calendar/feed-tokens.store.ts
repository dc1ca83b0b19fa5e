import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CodedError, newId } from '@pmt/kernel';
import Database from 'better-sqlite3';
import { GATEWAY_CONFIG_KEY, type GatewayConfig } from '../../config';

export interface FeedToken {
  id: string;
  label: string | null;
  createdAt: string;
}

export interface FeedTokenOwner {
  owner: string;
  roles: string[];
  /** The owner's teams when the key was made: the feed shows their team's confidential records, as the owner sees them. */
  teams: string[];
}

/** At most this many live keys per person: a script creating keys in a loop fills no disk. */
export const MAX_FEED_TOKENS_PER_OWNER = 20;

/** The key is only ever kept as its SHA-256: a copy of the file lets nobody read a calendar. */
export const hashFeedKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Calendar feed keys: opaque random strings that let a calendar app read one person's feed by URL, and nothing else.
 * Owned by the gateway (no event, no service): a key is a credential, not a fact of the office's history. Kept in
 * `DATA_DIR/feed-tokens.sqlite`, opened on first use so that a gateway nobody asks for a feed never writes the file.
 */
@Injectable()
export class FeedTokenStore implements OnModuleDestroy {
  private db: Database.Database | undefined;

  constructor(@Inject(ConfigService) private readonly config: ConfigService) {}

  private open(): Database.Database {
    if (this.db) return this.db;
    const { dataDir } = this.config.getOrThrow<GatewayConfig>(GATEWAY_CONFIG_KEY);
    let db: Database.Database;
    try {
      mkdirSync(dataDir, { recursive: true });
      db = new Database(join(dataDir, 'feed-tokens.sqlite'));
    } catch (e) {
      // a read-only root filesystem (deploy/k8s) without a volume at DATA_DIR: say so, rather than an anonymous 500
      throw new CodedError(
        'FEED_TOKEN.STORE_UNAVAILABLE',
        'unavailable',
        `Calendar feed keys cannot be kept: ${dataDir} is not writable (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS feed_tokens (
      id TEXT PRIMARY KEY,
      key_hash TEXT NOT NULL UNIQUE,
      owner TEXT NOT NULL,
      roles TEXT NOT NULL,
      label TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS feed_tokens_owner ON feed_tokens (owner);`);
    addTeamsColumn(db);
    this.db = db;
    return db;
  }

  /** A new key for `owner`: the only time its value is known; undefined when the owner already has the most allowed. */
  create(owner: string, roles: string[], label: string | undefined, now: Date, teams: readonly string[] = []): (FeedToken & { token: string }) | undefined {
    const db = this.open();
    const token = randomBytes(32).toString('base64url');
    const row = {
      id: newId(),
      key_hash: hashFeedKey(token),
      owner,
      roles: JSON.stringify(roles),
      teams: JSON.stringify(teams),
      label: label ?? null,
      created_at: now.toISOString(),
    };
    const inserted = db.transaction(() => {
      const { n } = db.prepare('SELECT count(*) AS n FROM feed_tokens WHERE owner = ?').get(owner) as { n: number };
      if (n >= MAX_FEED_TOKENS_PER_OWNER) return false;
      db.prepare(
        'INSERT INTO feed_tokens (id, key_hash, owner, roles, teams, label, created_at) VALUES (@id, @key_hash, @owner, @roles, @teams, @label, @created_at)',
      ).run(row);
      return true;
    })();
    return inserted ? { id: row.id, label: row.label, createdAt: row.created_at, token } : undefined;
  }

  list(owner: string): FeedToken[] {
    return this.open().prepare('SELECT id, label, created_at AS createdAt FROM feed_tokens WHERE owner = ? ORDER BY created_at, id').all(owner) as FeedToken[];
  }

  /** True when `owner` had this key (and now has not); another person's key is as absent as an unknown one. */
  revoke(owner: string, id: string): boolean {
    return this.open().prepare('DELETE FROM feed_tokens WHERE id = ? AND owner = ?').run(id, owner).changes > 0;
  }

  /** Whose calendar this key opens, or undefined for an unknown or revoked key. */
  resolve(key: string): FeedTokenOwner | undefined {
    const row = this.open().prepare('SELECT owner, roles, teams FROM feed_tokens WHERE key_hash = ?').get(hashFeedKey(key)) as
      { owner: string; roles: string; teams: string } | undefined;
    return row && { owner: row.owner, roles: JSON.parse(row.roles) as string[], teams: JSON.parse(row.teams) as string[] };
  }

  onModuleDestroy(): void {
    this.db?.close();
    this.db = undefined;
  }
}

/**
 * Keys made before teams were kept have none ('[]'): such a key sees only open records until its owner makes a
 * new one, never another team's confidential ones.
 */
function addTeamsColumn(db: Database.Database): void {
  const columns = db.prepare('PRAGMA table_info(feed_tokens)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'teams')) db.exec(`ALTER TABLE feed_tokens ADD COLUMN teams TEXT NOT NULL DEFAULT '[]'`);
}
