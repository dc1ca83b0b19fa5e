import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { pendingEvent, uniqueStreamId } from '@pmt/event-store/testing';
import { verifyChain } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { openDatabase, type Database } from './database';
import { SqliteEventStore } from './sqlite-event-store';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Keys that a plain `{}` treats specially: each must be hashed like any other key. */
const SPECIAL_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON'];
const key = fc.oneof(fc.constantFrom(...SPECIAL_KEYS), fc.string({ maxLength: 8, unit: 'binary' }));
const text = fc.string({ maxLength: 12, unit: 'binary' });
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json; object: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  // fromEntries defines own keys, as JSON.parse does, so `__proto__` stays a key here too
  object: fc.uniqueArray(fc.tuple(key, tie('value')), { maxLength: 5, selector: ([k]) => k }).map((entries) => Object.fromEntries(entries) as Json),
})).value;

/** Paths to every primitive and every empty array or object. */
function leavesOf(value: Json, path: Path = []): Path[] {
  if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => leavesOf(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.keys(value).flatMap((k) => leavesOf(value[k], [...path, k]));
  return [path];
}

/** Another value of the same leaf that JSON tells apart from the first. */
function changed(leaf: Json): Json {
  if (leaf === null) return 0;
  if (typeof leaf === 'object') return null;
  if (typeof leaf === 'boolean') return !leaf;
  if (typeof leaf === 'number') return leaf === 0 ? 1 : -leaf;
  return `${leaf as string}!`;
}

/** Edits the leaf in place; an own `__proto__` key of a parsed object is a plain data property, so `[k] =` writes it. */
function setLeaf(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  let parent = root as Record<string | number, Json>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, Json>;
  parent[path[path.length - 1]] = value;
  return root;
}

describe('SQLite store: a changed leaf anywhere in an event is found by verify', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Database;
  let store: SqliteEventStore;

  beforeAll(() => {
    dir = tempDir('pmt-es-tamper-');
    db = openDatabase(join(dir.path, 'service.db'));
    store = new SqliteEventStore(db);
  });

  afterAll(async () => {
    await store.close();
    db.close();
    dir.remove();
  });

  const rowOf = (streamId: string, version: number) =>
    db.prepare<[string, number], { data: string }>('SELECT data FROM es_events WHERE stream_id = ? AND stream_version = ?').get(streamId, version)!;
  const writeData = (streamId: string, version: number, data: string) =>
    db.prepare('UPDATE es_events SET data = ? WHERE stream_id = ? AND stream_version = ?').run(data, streamId, version);

  it('for random JSON with keys like __proto__, constructor and toString', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(json, { minLength: 1, maxLength: 3 }), fc.nat(), fc.nat(), async (datas, whichEvent, whichLeaf) => {
        const streamId = uniqueStreamId('tamper');
        await store.append({ streamId, expectedVersion: 'no-stream', events: datas.map((data) => pendingEvent('Happened', { value: data })) });
        expect(verifyChain(await store.readStream(streamId)).valid).toBe(true);

        const version = (whichEvent % datas.length) + 1;
        const stored = JSON.parse(rowOf(streamId, version).data) as Json;
        const leaves = leavesOf(stored);
        const path = leaves[whichLeaf % leaves.length];
        const leaf = path.reduce<Json>((v, segment) => (v as Record<string | number, Json>)[segment], stored);
        const edited = JSON.stringify(setLeaf(stored, path, changed(leaf)));
        writeData(streamId, version, edited);
        // the edit really is in the row that readers get back
        expect(rowOf(streamId, version).data).toBe(edited);
        expect(verifyChain(await store.readStream(streamId))).toEqual({ valid: false, events: datas.length, firstInvalidVersion: version });
      }),
      { numRuns: 150 },
    );
  });

  it('for the amount under a __proto__ key of an amendment, the example of the issue', async () => {
    const streamId = uniqueStreamId('mou');
    const changes = JSON.parse('{"clause 4":{"__proto__":{"amount":"1,000,000"}}}');
    await store.append({
      streamId,
      expectedVersion: 'no-stream',
      events: [pendingEvent('MouDrafted', { title: 'x' }), pendingEvent('MouAmended', { number: 1, changes })],
    });
    const [, amended] = await store.readStream(streamId);
    expect(Object.keys((amended.data as { changes: Record<string, object> }).changes['clause 4'])).toEqual(['__proto__']);
    expect(verifyChain(await store.readStream(streamId)).valid).toBe(true);

    writeData(streamId, 2, rowOf(streamId, 2).data.replace('1,000,000', '9,000,000'));
    expect(rowOf(streamId, 2).data).toContain('"__proto__":{"amount":"9,000,000"}');
    expect(verifyChain(await store.readStream(streamId))).toEqual({ valid: false, events: 2, firstInvalidVersion: 2 });
  });
});
