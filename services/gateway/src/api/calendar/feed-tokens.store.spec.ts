import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigService } from '@nestjs/config';
import { tempDir } from '@pmt/testing';
import { FeedTokenStore, MAX_FEED_TOKENS_PER_OWNER } from './feed-tokens.store';

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
      expect(store.resolve(made[0].token)).toEqual({ owner: 'a@example.org', roles: ['viewer'] });
      expect(store.revoke('b@example.org', made[0].id)).toBe(false);
      expect(store.revoke('a@example.org', made[0].id)).toBe(true);
      expect(store.resolve(made[0].token)).toBeUndefined();
      expect(store.create('a@example.org', ['viewer'], undefined, new Date())).toBeDefined();
    } finally {
      store.onModuleDestroy();
      dir.remove();
    }
  });
});
