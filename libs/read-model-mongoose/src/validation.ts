import { invalid } from '@pmt/kernel';
import type { Change, Doc } from '@pmt/read-model';

// The same codes and rules as the embedded adapter: a projection behaves alike on either store.
export const INVALID_CHANGE = 'READ_MODEL.INVALID_CHANGE';
export const INVALID_FILTER = 'READ_MODEL.INVALID_FILTER';
export const INVALID_OPTIONS = 'READ_MODEL.INVALID_OPTIONS';
export const INVALID_CURSOR = 'READ_MODEL.INVALID_CURSOR';
export const INVALID_COLLECTION = 'READ_MODEL.INVALID_COLLECTION';

export const CHECKPOINTS = '_checkpoints';

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp) && !(v instanceof Date);

export function assertCollection(collection: unknown): asserts collection is string {
  if (typeof collection !== 'string' || collection === '' || /[$\0]/.test(collection) || collection.startsWith('system.') || collection === CHECKPOINTS) {
    throw invalid(INVALID_COLLECTION, `"${String(collection)}" is not a usable collection name`, [{ path: 'collection', message: 'non-empty, without $ or NUL, not system.* or _checkpoints' }]);
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

export type CheckedChange =
  | { op: 'put'; collection: string; id: string; fields: Record<string, unknown> }
  | { op: 'delete'; collection: string; id: string };

/**
 * Checks one change. A put's document becomes its JSON round trip (dates become ISO strings, undefined
 * fields vanish) without `id`, which is stored as `_id`.
 */
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
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  } catch (error) {
    throw invalid(INVALID_CHANGE, `document ${doc.id} is not JSON-serialisable: ${(error as Error).message}`);
  }
  const { id, ...fields } = json;
  return { op: 'put', collection: change.collection, id: id as string, fields };
}
