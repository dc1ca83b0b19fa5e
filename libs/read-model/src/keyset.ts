import { invalid } from '@pmt/kernel';
import type { FindOptions, Sort } from './read-model.port';
import { INVALID_CURSOR, INVALID_OPTIONS, isPlainObject } from './rules';

export const DEFAULT_LIMIT = 50;

export interface SortKey {
  /** The port's name (`id` for the key). */
  path: string;
  dir: 1 | -1;
}

/**
 * The adapter-independent half of keyset pagination: the sort keys (`id` always closes them, so the order is
 * total), the limit, and the cursor, which carries the last row's sort values and the sort it belongs to.
 * Each adapter turns the keys into its own "after this row" query.
 */
export class Keyset {
  readonly keys: SortKey[];
  readonly limit: number;
  /** The cursor is only valid for the same sort; it carries this to say which. */
  private readonly signature: string;

  /** `checkPath` throws for a field path the adapter cannot sort by. */
  constructor(options: FindOptions, checkPath: (path: string) => void) {
    this.keys = sortKeys(options.sort, checkPath);
    this.limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isSafeInteger(this.limit) || this.limit < 1) {
      throw invalid(INVALID_OPTIONS, `limit ${String(options.limit)} is not a positive integer`, [{ path: 'limit', message: 'positive integer' }]);
    }
    this.signature = this.keys.map((k) => `${k.path}:${k.dir}`).join(',');
  }

  /** The cursor of a row, from its values of the keys in order. */
  encode(values: unknown[]): string {
    return Buffer.from(JSON.stringify({ s: this.signature, k: values }), 'utf8').toString('base64url');
  }

  /** The key values a cursor holds; `acceptsValue` is the adapter's rule for one value. */
  decode(cursor: string, acceptsValue: (v: unknown) => boolean = () => true): unknown[] {
    let parsed: unknown;
    try {
      parsed = typeof cursor === 'string' ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
    } catch {
      parsed = undefined;
    }
    if (
      !isPlainObject(parsed) ||
      !Array.isArray(parsed.k) ||
      parsed.k.length !== this.keys.length ||
      !parsed.k.every(acceptsValue) ||
      typeof parsed.k[parsed.k.length - 1] !== 'string'
    ) {
      throw invalid(INVALID_CURSOR, 'the cursor is not one this store issued');
    }
    if (parsed.s !== this.signature) {
      throw invalid(INVALID_CURSOR, `the cursor belongs to a different sort (${String(parsed.s)}), not ${this.signature}`);
    }
    return parsed.k;
  }
}

function sortKeys(sort: Sort | undefined, checkPath: (path: string) => void): SortKey[] {
  const spec = sort ?? { id: 1 };
  if (!isPlainObject(spec)) throw invalid(INVALID_OPTIONS, 'sort must be an object of field: 1 | -1');
  const keys: SortKey[] = [];
  for (const [path, dir] of Object.entries(spec)) {
    if (dir !== 1 && dir !== -1) throw invalid(INVALID_OPTIONS, `sort direction of ${path} must be 1 or -1`, [{ path: `sort.${path}`, message: '1 or -1' }]);
    try {
      checkPath(path);
    } catch {
      throw invalid(INVALID_OPTIONS, `"${path}" is not a usable sort field`);
    }
    keys.push({ path, dir });
    if (path === 'id') return keys; // unique: later keys could never decide anything
  }
  keys.push({ path: 'id', dir: 1 });
  return keys;
}
