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
      expect(tables.map((t) => t.name)).toEqual(['rm_checkpoints', 'rm_docs', 'rm_keys']);
    } finally {
      db.close();
      dir.remove();
    }
  });

  it('builds rm_keys for documents written before it existed, and probes find them', async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const file = join(dir.path, 'service.db');
    let db = openFile(file);
    try {
      let store = new EmbeddedReadModelStore(db);
      const docs = Array.from({ length: 300 }, (_, i) => ({ id: `d${i}`, owner: `o${i % 100}`, parties: [{ organisationId: `p${i}` }] }));
      await store.commit('p', 1, docs.map((doc) => ({ op: 'put' as const, collection: 'c', doc })));
      db.exec('DROP TABLE rm_keys');
      await store.close();
      db.close();

      db = openFile(file);
      store = new EmbeddedReadModelStore(db);
      expect((await store.find('c', { owner: 'o7' })).items.map((d) => d.id)).toEqual(['d107', 'd207', 'd7']);
      expect((await store.find('c', { 'parties.organisationId': 'p42' })).items.map((d) => d.id)).toEqual(['d42']);
      expect(await store.count('c', { owner: { $in: ['o1', 'o2'] } })).toBe(6);
    } finally {
      db.close();
      dir.remove();
    }
  });

  it('keeps rm_keys in step with updates and deletes', async () => {
    const dir = tempDir('pmt-rm-embedded-');
    const db = openFile(join(dir.path, 'service.db'));
    try {
      const store = new EmbeddedReadModelStore(db);
      const keys = () => db.prepare(`SELECT path, value FROM rm_keys WHERE collection = 'c' AND id = 'a' ORDER BY path, value`).all();
      await store.commit('p', 1, [{ op: 'put', collection: 'c', doc: { id: 'a', tags: ['x', 'y'], n: 1, nested: { s: 'ยาว'.repeat(30) } } }]);
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
});
