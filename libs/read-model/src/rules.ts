import { invalid } from '@pmt/kernel';
import type { Change, Doc } from './read-model.port';

// One set of codes and rules for every adapter: a projection behaves alike on either store.
export const INVALID_CHANGE = 'READ_MODEL.INVALID_CHANGE';
export const INVALID_FILTER = 'READ_MODEL.INVALID_FILTER';
export const INVALID_OPTIONS = 'READ_MODEL.INVALID_OPTIONS';
export const INVALID_CURSOR = 'READ_MODEL.INVALID_CURSOR';
export const INVALID_COLLECTION = 'READ_MODEL.INVALID_COLLECTION';

/** Where the Mongo adapter keeps checkpoints; no adapter lets a projection name a collection so. */
export const CHECKPOINTS = '_checkpoints';

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp) && !(v instanceof Date);

export function assertCollection(collection: unknown): asserts collection is string {
  if (typeof collection !== 'string' || collection === '' || /[$\0]/.test(collection) || collection.startsWith('system.') || collection === CHECKPOINTS) {
    throw invalid(INVALID_COLLECTION, `"${String(collection)}" is not a usable collection name`, [
      { path: 'collection', message: 'non-empty, without $ or NUL, not system.* or _checkpoints' },
    ]);
  }
}

export function assertProjection(projection: unknown): asserts projection is string {
  if (typeof projection !== 'string' || projection === '') throw invalid(INVALID_CHANGE, 'projection must be a non-empty string');
}

export function assertCheckpoint(checkpoint: unknown): asserts checkpoint is number {
  if (typeof checkpoint !== 'number' || !Number.isSafeInteger(checkpoint) || checkpoint < 0) {
    throw invalid(INVALID_CHANGE, `checkpoint ${String(checkpoint)} is not a non-negative integer`, [{ path: 'checkpoint', message: 'non-negative integer' }]);
  }
}

export function assertId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') {
    throw invalid(INVALID_CHANGE, `document id ${JSON.stringify(id) ?? String(id)} is not a non-empty string`, [{ path: 'id', message: 'non-empty string' }]);
  }
}

/** A change that passed the checks; a put carries its document as JSON text (its JSON round trip is what is stored). */
export type CheckedChange = { op: 'put'; collection: string; id: string; json: string } | { op: 'delete'; collection: string; id: string };

/** Checks one change as every adapter must: dates become ISO strings, undefined fields vanish, `_id` is refused. */
export function checkChange(change: Change): CheckedChange {
  if (!isPlainObject(change)) throw invalid(INVALID_CHANGE, 'a change must be an object');
  assertCollection(change.collection);
  if (change.op === 'delete') {
    assertId(change.id);
    return { op: 'delete', collection: change.collection, id: change.id };
  }
  if (change.op !== 'put') throw invalid(INVALID_CHANGE, `unknown change op ${JSON.stringify((change as { op: unknown }).op)}; expected put or delete`);
  const doc: Doc = change.doc;
  if (!isPlainObject(doc)) throw invalid(INVALID_CHANGE, 'a put needs a document object', [{ path: 'doc', message: 'object' }]);
  assertId(doc.id);
  if ('_id' in doc) throw invalid(INVALID_CHANGE, `document ${doc.id} has an _id field; the key is id`, [{ path: 'doc._id', message: 'not allowed' }]);
  try {
    return { op: 'put', collection: change.collection, id: doc.id, json: JSON.stringify(doc) };
  } catch (error) {
    throw invalid(INVALID_CHANGE, `document ${doc.id} is not JSON-serialisable: ${(error as Error).message}`);
  }
}
