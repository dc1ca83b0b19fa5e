import type { Database } from './schema';
import { keyMark, KeyPaths, NO_KEYS, type IndexedPath, type Keys, type KeyValue } from './keys';

/**
 * A change checked and turned to JSON text; `doc` is the object the text came from, when the caller still has it;
 * `keys` the document's keys as the caller read them for the collection's paths it knew (see KeyPaths.signature).
 */
export type Row =
  | { op: 'put'; collection: string; id: string; json: string; doc?: unknown; keys?: { signature: string; keys: Keys } }
  | { op: 'delete'; collection: string; id: string };

/**
 * The transaction that writes a commit's rows, their rm_keys_v2 entries and the checkpoint, all or nothing; shared
 * by the store's connection and the commit thread's (commit-thread.ts), so both write the same thing.
 */
export function commitTransaction(db: Database): (projection: string, checkpoint: number, rows: readonly Row[]) => void {
  const getDoc = db.prepare<[string, string], { doc: string }>('SELECT json(doc) AS doc FROM rm_docs WHERE collection = ? AND id = ?');
  const putDoc = db.prepare('INSERT INTO rm_docs (collection, id, doc) VALUES (?, ?, jsonb(?)) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc');
  const deleteDoc = db.prepare('DELETE FROM rm_docs WHERE collection = ? AND id = ?');
  const setCheckpoint = db.prepare(
    'INSERT INTO rm_checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
  );
  const pathsOf = db.prepare<[string], IndexedPath>('SELECT path_id AS pathId, path FROM rm_paths WHERE collection = ?');
  const insertKey = db.prepare('INSERT OR IGNORE INTO rm_keys_v2 (path_id, value, id) VALUES (?, ?, ?)');
  const deleteKey = db.prepare('DELETE FROM rm_keys_v2 WHERE path_id = ? AND value = ? AND id = ?');
  return db.transaction((projection: string, checkpoint: number, rows: readonly Row[]) => {
    // Read inside the transaction, so a path another connection has just indexed is kept up too.
    const indexed = new Map<string, KeyPaths>();
    for (const row of rows) {
      const { collection, id } = row;
      let paths = indexed.get(collection);
      if (!paths) indexed.set(collection, (paths = new KeyPaths(pathsOf.all(collection))));
      if (!paths.empty) {
        // Only the keys that changed are written: an update usually touches a few fields.
        const stored = getDoc.get(collection, id);
        const before = stored ? paths.keysOf(JSON.parse(stored.doc)) : NO_KEYS;
        // The caller's keys when its paths are still the collection's; else read from the document.
        const after = row.op === 'delete' ? NO_KEYS : row.keys?.signature === paths.signature ? row.keys.keys : paths.keysOf(row.doc ?? JSON.parse(row.json));
        for (const [mark, [pathId, value]] of before) if (!after.has(mark)) deleteKey.run(pathId, value, id);
        for (const [mark, [pathId, value]] of after) if (!before.has(mark)) insertKey.run(pathId, value, id);
      }
      if (row.op === 'delete') deleteDoc.run(collection, id);
      else putDoc.run(collection, id, row.json);
    }
    setCheckpoint.run(projection, checkpoint);
  });
}

/**
 * Rows as a few flat values for another thread: copying one long string costs a fraction of copying thousands of
 * row objects each with its own (measured: ~350 ms for a rebuild's 21,000 MOU documents as objects).
 */
export interface PackedRows {
  /** 'p' (put) or 'd' (delete), one per row. */
  ops: string;
  collections: string[];
  ids: string[];
  /** The puts' JSON texts one after another; row i's ends at ends[i] and starts where row i - 1's ended. */
  text: string;
  ends: Uint32Array;
  /** Each collection's path signature the keys were read for, and each row's keys: keyCounts[i] of them (NONE: not read). */
  signatures: Record<string, string>;
  keyCounts: Uint32Array;
  keyPaths: Uint32Array;
  keyValues: KeyValue[];
}

const NONE = 0xffffffff;

export function packRows(rows: readonly Row[]): PackedRows {
  const texts: string[] = [];
  const ends = new Uint32Array(rows.length);
  const collections: string[] = [];
  const ids: string[] = [];
  const signatures: Record<string, string> = {};
  const keyCounts = new Uint32Array(rows.length).fill(NONE);
  const keyPaths: number[] = [];
  const keyValues: KeyValue[] = [];
  let ops = '';
  let end = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    ops += row.op === 'put' ? 'p' : 'd';
    collections.push(row.collection);
    ids.push(row.id);
    if (row.op === 'put') {
      texts.push(row.json);
      end += row.json.length;
      // One signature per collection: rows whose keys were read for other paths go without theirs.
      if (row.keys && (signatures[row.collection] ??= row.keys.signature) === row.keys.signature) {
        keyCounts[i] = row.keys.keys.size;
        for (const [pathId, value] of row.keys.keys.values()) {
          keyPaths.push(pathId);
          keyValues.push(value);
        }
      }
    }
    ends[i] = end;
  }
  return { ops, collections, ids, text: texts.join(''), ends, signatures, keyCounts, keyPaths: Uint32Array.from(keyPaths), keyValues };
}

export function unpackRows({ ops, collections, ids, text, ends, signatures, keyCounts, keyPaths, keyValues }: PackedRows): Row[] {
  const rows: Row[] = [];
  let start = 0;
  let key = 0;
  for (let i = 0; i < ops.length; i++) {
    const collection = collections[i];
    const id = ids[i];
    if (ops[i] === 'p') {
      const row: Row = { op: 'put', collection, id, json: text.slice(start, ends[i]) };
      if (keyCounts[i] !== NONE) {
        const keys: Keys = new Map();
        for (const stop = key + keyCounts[i]; key < stop; key++) keys.set(keyMark(keyPaths[key], keyValues[key]), [keyPaths[key], keyValues[key]]);
        row.keys = { signature: signatures[collection], keys };
      }
      rows.push(row);
    } else rows.push({ op: 'delete', collection, id });
    start = ends[i];
  }
  return rows;
}
