import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigService } from '@nestjs/config';
import Database from 'better-sqlite3';
import { tempDir } from '@pmt/testing';
import { FeedTokenStore, hashFeedKey, MAX_FEED_TOKENS_PER_OWNER } from './feed-tokens.store';

const storeIn = (dataDir: string) => new FeedTokenStore({ getOrThrow: () => ({ dataDir }) } as unknown as ConfigService);

describe('calendar feed key store', () => {
  it('says the keys cannot be kept (503) when DATA_DIR is not writable, instead of failing anonymously', () => {
    const dir = tempDir('pmt-feed-');
    try {
      const notADirectory = join(dir.path, 'file');
      writeFileSync(notADirectory, 'x');
      const store = storeIn(join(notADirectory, 'data'));
      expect(() => store.create('somchai@nstda.example', ['viewer'], undefined, new Date())).toThrow(
        expect.objectContaining({ code: 'FEED_TOKEN.STORE_UNAVAILABLE', kind: 'unavailable' }),
      );
    } finally {
      dir.remove();
    }
  });

  it(`keeps at most ${MAX_FEED_TOKENS_PER_OWNER} keys per person, and a revoked key opens nothing`, () => {
    const dir = tempDir('pmt-feed-');
    const store = storeIn(dir.path);
    try {
      const made = Array.from({ length: MAX_FEED_TOKENS_PER_OWNER }, () => store.create('a@example.org', ['viewer'], undefined, new Date())!);
      expect(store.create('a@example.org', ['viewer'], undefined, new Date())).toBeUndefined();
      expect(store.create('b@example.org', ['staff'], 'phone', new Date())).toBeDefined();
      expect(store.resolve(made[0].token)).toEqual({ owner: 'a@example.org', roles: ['viewer'], teams: [] });
      expect(store.revoke('b@example.org', made[0].id)).toBe(false);
      expect(store.revoke('a@example.org', made[0].id)).toBe(true);
      expect(store.resolve(made[0].token)).toBeUndefined();
      expect(store.create('a@example.org', ['viewer'], undefined, new Date())).toBeDefined();
    } finally {
      store.onModuleDestroy();
      dir.remove();
    }
  });

  it('keeps the owner’s teams with the key, so that the feed shows what the owner may see', () => {
    const dir = tempDir('pmt-feed-');
    const store = storeIn(dir.path);
    try {
      const made = store.create('iasa@example.org', ['staff'], undefined, new Date(), ['IASA', 'IMO'])!;
      expect(store.resolve(made.token)).toEqual({ owner: 'iasa@example.org', roles: ['staff'], teams: ['IASA', 'IMO'] });
    } finally {
      store.onModuleDestroy();
      dir.remove();
    }
  });

  it('opens a file written before teams were kept: its keys still work, with no team (open records only)', () => {
    const dir = tempDir('pmt-feed-');
    mkdirSync(dir.path, { recursive: true });
    const old = new Database(join(dir.path, 'feed-tokens.sqlite'));
    old.exec(`CREATE TABLE feed_tokens (
      id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, owner TEXT NOT NULL, roles TEXT NOT NULL, label TEXT, created_at TEXT NOT NULL
    ) STRICT;`);
    old
      .prepare('INSERT INTO feed_tokens (id, key_hash, owner, roles, label, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run('0190a1b2-0000-7000-8000-000000000001', hashFeedKey('old-key'), 'old@example.org', '["staff"]', null, '2026-11-01T00:00:00.000Z');
    old.close();
    const store = storeIn(dir.path);
    try {
      expect(store.resolve('old-key')).toEqual({ owner: 'old@example.org', roles: ['staff'], teams: [] });
      const made = store.create('old@example.org', ['staff'], undefined, new Date(), ['NMCO'])!;
      expect(store.resolve(made.token)?.teams).toEqual(['NMCO']);
      expect(store.list('old@example.org')).toHaveLength(2);
    } finally {
      store.onModuleDestroy();
      dir.remove();
    }
  });
});
