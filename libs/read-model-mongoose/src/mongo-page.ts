import { Keyset, type Doc, type FindOptions, type SortKey } from '@pmt/read-model';
import { checkPath } from './mongo-filter';
import { isPlainObject } from './validation';

/** MongoDB's order of the JSON types: null and missing, numbers, strings, objects, arrays, booleans. */
const TYPE_NAMES = ['null', 'number', 'string', 'object', 'array', 'bool'] as const;

function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (Array.isArray(v)) return 4;
  if (typeof v === 'object') return 3;
  return 5;
}

const field = (path: string) => (path === 'id' ? '_id' : path);

/**
 * Sort and keyset pagination for MongoDB. The cursor holds the last row's sort values and id; the next
 * page is "after that row" written as a query. Comparisons in MongoDB only meet values of their own type,
 * so "after" also names every type that sorts later with $type (and null for missing).
 *
 * Sort fields are expected to hold scalars: MongoDB sorts an array by its smallest (or largest) element,
 * which a keyset over the stored value cannot follow.
 */
export class MongoPagePlan {
  private readonly keyset: Keyset;
  readonly keys: SortKey[];
  readonly limit: number;

  constructor(options: FindOptions = {}) {
    this.keyset = new Keyset(options, checkPath);
    this.keys = this.keyset.keys;
    this.limit = this.keyset.limit;
  }

  /** The sort as the driver takes it; an array keeps the order of keys whatever their names. */
  sort(): [string, 1 | -1][] {
    return this.keys.map((k) => [field(k.path), k.dir]);
  }

  /** A query for the rows strictly after the cursor's row in this order, or null without a cursor. */
  after(cursor: string | null | undefined): Record<string, unknown> | null {
    if (cursor === null || cursor === undefined) return null;
    const values = this.keyset.decode(cursor);
    let condition: Record<string, unknown> = {};
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const { path, dir } = this.keys[i];
      const last = values[i];
      if (path === 'id') {
        condition = { _id: { [dir === 1 ? '$gt' : '$lt']: last } };
        continue;
      }
      const f = field(path);
      const rank = typeRank(last);
      const later: Record<string, unknown>[] = [];
      if (last !== null) later.push({ [f]: { [dir === 1 ? '$gt' : '$lt']: last } });
      if (dir === 1) {
        const higher = TYPE_NAMES.slice(rank + 1);
        if (higher.length) later.push({ [f]: { $type: [...higher] } });
      } else {
        const lower = TYPE_NAMES.slice(1, rank);
        if (lower.length) later.push({ [f]: { $type: [...lower] } });
        if (rank > 0) later.push({ [f]: null });
      }
      const same = { [f]: last === null ? null : { $eq: last } };
      condition = { $or: [...later, { $and: [same, condition] }] };
    }
    return condition;
  }

  encode(doc: Doc): string {
    return this.keyset.encode(this.keys.map((k) => (k.path === 'id' ? doc.id : sortValue(doc, k.path))));
  }
}

/** The value MongoDB sorts a scalar field by: plain descent through objects, null when missing. */
function sortValue(doc: Doc, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(v)) return null;
    v = v[part];
  }
  return v ?? null;
}
