import Database from 'better-sqlite3';
import { describe, expect, it } from '@jest/globals';
import { commitTransaction, packRows, unpackRows, type Row } from './commit-sql';
import { KeyPaths } from './keys';
import { ensureSchema } from './schema';

function withPaths(paths: string[]) {
  const db = new Database(':memory:');
  ensureSchema(db);
  for (const path of paths) db.prepare('INSERT INTO rm_paths (collection, path) VALUES (?, ?)').run('c', path);
  const indexed = db.prepare('SELECT path_id AS pathId, path FROM rm_paths').all() as { pathId: number; path: string }[];
  return { db, indexed };
}

const keysOf = (db: Database.Database) => db.prepare('SELECT path_id AS pathId, value, id FROM rm_keys_v2 ORDER BY path_id, value').all();

describe('commitTransaction', () => {
  it('reads the keys from the text when the caller read them for paths that are no longer the collection’s', () => {
    const { db, indexed } = withPaths(['owner', 'tags']);
    // The caller knew `owner` only (`tags` was indexed after it looked): its keys would leave `tags` out.
    const stale = new KeyPaths(indexed.filter((p) => p.path === 'owner'));
    const doc = { id: 'a', owner: 'o1', tags: ['x', 'y'] };
    const row: Row = { op: 'put', collection: 'c', id: 'a', json: JSON.stringify(doc), keys: { signature: stale.signature, keys: stale.keysOf(doc) } };
    commitTransaction(db)('p', 1, unpackRows(packRows([row])));
    const [owner, tags] = indexed.map((p) => p.pathId);
    expect(keysOf(db)).toEqual([
      { pathId: owner, value: 'o1', id: 'a' },
      { pathId: tags, value: 'x', id: 'a' },
      { pathId: tags, value: 'y', id: 'a' },
    ]);
    db.close();
  });

  it('sends rows to another thread and back unchanged, keys and all', () => {
    const { db, indexed } = withPaths(['owner', 'n']);
    const paths = new KeyPaths(indexed);
    const docs = [
      { id: 'a', owner: 'ü€😀', n: 1.5 },
      { id: 'b', owner: 'o2', n: 2 },
    ];
    const rows: Row[] = [
      { op: 'put', collection: 'c', id: 'a', json: JSON.stringify(docs[0]), keys: { signature: paths.signature, keys: paths.keysOf(docs[0]) } },
      { op: 'delete', collection: 'c', id: 'gone' },
      { op: 'put', collection: 'd', id: 'b', json: JSON.stringify(docs[1]) },
    ];
    expect(unpackRows(structuredClone(packRows(rows)))).toEqual(rows);
    db.close();
  });
});
