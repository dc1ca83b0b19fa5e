import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from '@jest/globals';
import { readModelContract } from '@pmt/read-model/testing';
import { tempDir } from '@pmt/testing';
import { EmbeddedReadModelStore } from './embedded-read-model.store';

function openFile(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  return db;
}

readModelContract('embedded SQLite', async () => {
  const dir = tempDir('pmt-rm-embedded-');
  const file = join(dir.path, 'service.db');
  let db = openFile(file);
  let store = new EmbeddedReadModelStore(db);
  return {
    store,
    async reopen() {
      await store.close();
      db.close();
      db = openFile(file);
      store = new EmbeddedReadModelStore(db);
      return store;
    },
    async cleanup() {
      await store.close();
      db.close();
      dir.remove();
    },
  };
});

describe('EmbeddedReadModelStore', () => {
  it('shares the file: its tables are rm_ prefixed and close() leaves the connection open', async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const db = openFile(join(dir.path, 'service.db'));
    try {
      const store = new EmbeddedReadModelStore(db);
      await store.close();
      expect(db.open).toBe(true);
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
      expect(tables.map((t) => t.name)).toEqual(['rm_checkpoints', 'rm_docs', 'rm_keys_v2', 'rm_paths']);
    } finally {
      db.close();
      dir.remove();
    }
  });

  it("commits without an fsync of their own and hands the shared connection back as durable as it was (the event store's appends stay FULL)", async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const db = openFile(join(dir.path, 'service.db'));
    try {
      db.pragma('synchronous = FULL');
      const seen: number[] = [];
      const store = new EmbeddedReadModelStore(db);
      // the level each commit's transaction ran at, read from inside it through a custom SQL function
      db.function('sync_level', (level) => (seen.push(Number(level)), 1));
      for (const when of ['INSERT', 'UPDATE'])
        db.exec(`CREATE TEMP TRIGGER spy_${when} AFTER ${when} ON rm_checkpoints BEGIN SELECT sync_level((SELECT synchronous FROM pragma_synchronous)); END`);
      await store.commit('p', 1, [{ op: 'put', collection: 'c', doc: { id: 'a' } }]);
      await store.commit('p', 2, []);
      await expect(store.commit('p', 3, [{ op: 'put', collection: 'c', doc: { id: '' } }])).rejects.toThrow();
      expect(seen).toEqual([1, 1]);
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(await store.checkpoint('p')).toBe(2);
    } finally {
      db.close();
      dir.remove();
    }
  });

  it('writes commits in the order they were called, each as its documents were when it was called', async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const db = openFile(join(dir.path, 'service.db'));
    try {
      const store = new EmbeddedReadModelStore(db);
      await store.count('c', { owner: 'x' }); // indexes owner: each write keys it too
      const doc = { id: 'a', owner: 'o1' };
      const first = store.commit('p', 1, [{ op: 'put', collection: 'c', doc }]);
      // Not awaited one by one: they must still land in order, each as its documents were when it was called.
      const second = store.commit('p', 2, [{ op: 'put', collection: 'c', doc: { ...doc, owner: 'o2' } }]);
      const next = { id: 'b', owner: 'o3' };
      const third = store.commit('p', 3, [{ op: 'put', collection: 'c', doc: next }]);
      doc.owner = 'changed';
      next.owner = 'changed';
      await Promise.all([first, second, third]);
      expect(await store.get('c', 'a')).toEqual({ id: 'a', owner: 'o2' });
      expect(await store.get('c', 'b')).toEqual({ id: 'b', owner: 'o3' });
      expect(await store.count('c', { owner: 'o3' })).toBe(1);
      expect(await store.count('c', { owner: 'changed' })).toBe(0);
      expect(await store.checkpoint('p')).toBe(3);
      await store.close();
    } finally {
      db.close();
      dir.remove();
    }
  });

  it('indexes a path the first time a query filters on it, over the documents already there', async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const db = openFile(join(dir.path, 'service.db'));
    try {
      const store = new EmbeddedReadModelStore(db);
      const docs = Array.from({ length: 300 }, (_, i) => ({
        id: `d${i}`,
        owner: `o${i % 100}`,
        parties: [{ organisationId: `p${i}` }],
        reports: [{ at: `r${i}` }],
      }));
      await store.commit(
        'p',
        1,
        docs.map((doc) => ({ op: 'put' as const, collection: 'c', doc })),
      );
      const paths = () => db.prepare(`SELECT path FROM rm_paths WHERE collection = 'c' ORDER BY path`).pluck().all();
      const keys = () => db.prepare('SELECT count(*) FROM rm_keys_v2').pluck().get();
      // Writes keep keys only for paths a query has used: none yet.
      expect(paths()).toEqual([]);
      expect(keys()).toBe(0);

      expect((await store.find('c', { owner: 'o7' })).items.map((d) => d.id)).toEqual(['d107', 'd207', 'd7']);
      expect((await store.find('c', { 'parties.organisationId': 'p42' })).items.map((d) => d.id)).toEqual(['d42']);
      expect(await store.count('c', { owner: { $in: ['o1', 'o2'] } })).toBe(6);
      expect(paths()).toEqual(['owner', 'parties.organisationId']);
      expect(keys()).toBe(600);

      // Later writes keep the indexed paths' keys: the probe finds a document written after the index.
      await store.commit('p', 2, [{ op: 'put', collection: 'c', doc: { id: 'new', owner: 'o7', parties: [{ organisationId: 'p42' }] } }]);
      expect((await store.find('c', { owner: 'o7' })).items.map((d) => d.id)).toEqual(['d107', 'd207', 'd7', 'new']);
      expect((await store.find('c', { 'parties.organisationId': 'p42' })).items.map((d) => d.id)).toEqual(['d42', 'new']);
    } finally {
      db.close();
      dir.remove();
    }
  });

  it('drops the rm_keys of older files: their paths are indexed again as queries use them', async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const file = join(dir.path, 'service.db');
    let db = openFile(file);
    try {
      let store = new EmbeddedReadModelStore(db);
      await store.commit(
        'p',
        1,
        Array.from({ length: 100 }, (_, i) => ({ op: 'put' as const, collection: 'c', doc: { id: `d${i}`, owner: `o${i % 10}` } })),
      );
      db.exec(
        `CREATE TABLE rm_keys (collection TEXT NOT NULL, path TEXT NOT NULL, value NOT NULL, id TEXT NOT NULL, PRIMARY KEY (collection, path, value, id)) WITHOUT ROWID`,
      );
      db.exec(`INSERT INTO rm_keys SELECT collection, 'owner', json_extract(doc, '$.owner'), id FROM rm_docs`);
      await store.close();
      db.close();

      db = openFile(file);
      store = new EmbeddedReadModelStore(db);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'rm_keys'`).get()).toBeUndefined();
      expect((await store.find('c', { owner: 'o3' })).items.map((d) => d.id)).toEqual(['d13', 'd23', 'd3', 'd33', 'd43', 'd53', 'd63', 'd73', 'd83', 'd93']);
    } finally {
      db.close();
      dir.remove();
    }
  });

  it('keeps the keys of indexed paths in step with updates and deletes', async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const db = openFile(join(dir.path, 'service.db'));
    try {
      const store = new EmbeddedReadModelStore(db);
      for (const path of ['tags', 'n', 'nested.s']) await store.count('c', { [path]: 'x' });
      const keys = () =>
        db
          .prepare(`SELECT p.path, k.value FROM rm_keys_v2 k JOIN rm_paths p USING (path_id) WHERE p.collection = 'c' AND k.id = 'a' ORDER BY p.path, k.value`)
          .all();
      await store.commit('p', 1, [
        { op: 'put', collection: 'c', doc: { id: 'a', tags: ['x', 'y'], n: 1, nested: { s: 'ยาว'.repeat(30) }, other: 'not indexed' } },
      ]);
      expect(keys()).toEqual([
        { path: 'n', value: 1 },
        { path: 'nested.s', value: 'ยาว'.repeat(16) },
        { path: 'tags', value: 'x' },
        { path: 'tags', value: 'y' },
      ]);
      await store.commit('p', 2, [{ op: 'put', collection: 'c', doc: { id: 'a', tags: ['y', 'z'], n: true } }]);
      expect(keys()).toEqual([
        { path: 'tags', value: 'y' },
        { path: 'tags', value: 'z' },
      ]);
      await store.commit('p', 3, [{ op: 'delete', collection: 'c', id: 'a' }]);
      expect(keys()).toEqual([]);
    } finally {
      db.close();
      dir.remove();
    }
  });

  it('keys a document as its JSON holds it: toJSON, boxed values, and what JSON leaves out', async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const db = openFile(join(dir.path, 'service.db'));
    try {
      const store = new EmbeddedReadModelStore(db);
      const paths = ['at', 'n', 'gone', 'nan', 'list', 'list.v', 'boxed', 'custom', 'hidden'];
      for (const path of paths) await store.count('c', { [path]: 'x' });
      const hidden = Object.defineProperty({}, 'v', { value: 'invisible', enumerable: false });
      const doc = {
        id: 'a',
        at: new Date('2025-01-02T03:04:05.000Z'),
        n: 0.5,
        gone: undefined,
        nan: NaN,
        list: [1, undefined, () => 1, { v: 'deep' }, [['nested']]],
        boxed: new String('boxed') as unknown as string,
        custom: { toJSON: (key: string) => `custom:${key}` },
        hidden,
      };
      await store.commit('p', 1, [{ op: 'put', collection: 'c', doc }]);
      const keys = () => db.prepare(`SELECT p.path, k.value FROM rm_keys_v2 k JOIN rm_paths p USING (path_id) WHERE k.id = 'a' ORDER BY p.path, k.value`).all();
      const written = keys();
      expect(written).toEqual([
        { path: 'at', value: '2025-01-02T03:04:05.000Z' },
        { path: 'boxed', value: 'boxed' },
        { path: 'custom', value: 'custom:custom' },
        { path: 'list', value: 1 },
        { path: 'list', value: 'nested' },
        { path: 'list.v', value: 'deep' },
        { path: 'n', value: 0.5 },
      ]);
      // The same document read back from its JSON has the same keys: rewriting it changes none.
      const stored = await store.get('c', 'a');
      await store.commit('p', 2, [{ op: 'put', collection: 'c', doc: stored as NonNullable<typeof stored> }]);
      expect(keys()).toEqual(written);
    } finally {
      db.close();
      dir.remove();
    }
  });
});
