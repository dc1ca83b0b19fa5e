import { invalid } from '@pmt/kernel';
import type { FindOptions, Sort } from '@pmt/read-model';
import { splitPath } from './filter-sql';
import { Params, sqlString } from './params';
import { INVALID_CURSOR, INVALID_OPTIONS, isPlainObject } from './validation';

export const DEFAULT_LIMIT = 50;

interface SortKey {
  path: string;
  dir: 1 | -1;
}

/** SQL value of a sort key: the cursor carries these, so they must survive JSON. */
type KeyValue = string | number | null;

/**
 * ORDER BY and keyset pagination. A sort field orders by its json_extract value, whose SQLite order is
 * null and missing first, then numbers, then strings (by UTF-8 bytes), as MongoDB orders those types.
 * `id` always closes the key, so the order is total and "after the last row" is exact however often
 * values repeat.
 *
 * Sort fields are expected to hold one scalar type (plus null or missing). Mixed with others, booleans
 * sort as 0/1 among numbers and arrays or objects as their JSON text among strings, where MongoDB puts
 * booleans after everything and sorts an array by its smallest or largest element.
 */
export class PagePlan {
  readonly keys: SortKey[];
  readonly limit: number;
  /** The cursor is only valid for the same sort; it carries this to say which. */
  private readonly signature: string;

  constructor(options: FindOptions = {}) {
    this.keys = sortKeys(options.sort);
    this.limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isSafeInteger(this.limit) || this.limit < 1) {
      throw invalid(INVALID_OPTIONS, `limit ${String(options.limit)} is not a positive integer`, [{ path: 'limit', message: 'positive integer' }]);
    }
    this.signature = this.keys.map((k) => `${k.path}:${k.dir}`).join(',');
  }

  /** Result columns v0, v1… holding each key's value (id needs none: it is d.id). */
  columns(): string {
    return this.keys.map((k, i) => (k.path === 'id' ? '' : `, ${valueSql(k.path)} AS v${i}`)).join('');
  }

  orderBy(alias = ''): string {
    return this.keys.map((k, i) => `${k.path === 'id' ? `${alias || 'd.'}id` : `${alias}v${i}`} ${k.dir === 1 ? 'ASC' : 'DESC'}`).join(', ');
  }

  /** The condition "strictly after the cursor's row in this order", or '1' without a cursor. */
  after(cursor: string | null | undefined, params: Params): string {
    if (cursor === null || cursor === undefined) return '1';
    const values = this.decode(cursor);
    let condition = '';
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const { path, dir } = this.keys[i];
      const last = values[i];
      if (path === 'id') {
        condition = `d.id ${dir === 1 ? '>' : '<'} ${params.bind(last)}`;
        continue;
      }
      const v = valueSql(path);
      // NULL sorts first and compares as unknown, so the cursor's null-ness picks the shape.
      if (last === null) condition = dir === 1 ? `(${v} IS NOT NULL OR (${v} IS NULL AND ${condition}))` : `(${v} IS NULL AND ${condition})`;
      else {
        const p = params.bind(last);
        condition = dir === 1 ? `(${v} > ${p} OR (${v} = ${p} AND ${condition}))` : `(${v} < ${p} OR ${v} IS NULL OR (${v} = ${p} AND ${condition}))`;
      }
    }
    return condition;
  }

  /** The cursor of a row (the last of a full page), from the key columns the query returned. */
  encode(row: Record<string, unknown>): string {
    const values = this.keys.map((k, i) => (k.path === 'id' ? row.id : row[`v${i}`]) as KeyValue);
    return Buffer.from(JSON.stringify({ s: this.signature, k: values }), 'utf8').toString('base64url');
  }

  private decode(cursor: string): KeyValue[] {
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
      !parsed.k.every((v) => v === null || typeof v === 'string' || typeof v === 'number') ||
      typeof parsed.k[parsed.k.length - 1] !== 'string'
    ) {
      throw invalid(INVALID_CURSOR, 'the cursor is not one this store issued');
    }
    if (parsed.s !== this.signature) {
      throw invalid(INVALID_CURSOR, `the cursor belongs to a different sort (${String(parsed.s)}), not ${this.signature}`);
    }
    return parsed.k as KeyValue[];
  }
}

function sortKeys(sort: Sort | undefined): SortKey[] {
  const spec = sort ?? { id: 1 };
  if (!isPlainObject(spec)) throw invalid(INVALID_OPTIONS, 'sort must be an object of field: 1 | -1');
  const keys: SortKey[] = [];
  for (const [path, dir] of Object.entries(spec)) {
    if (dir !== 1 && dir !== -1) throw invalid(INVALID_OPTIONS, `sort direction of ${path} must be 1 or -1`, [{ path: `sort.${path}`, message: '1 or -1' }]);
    try {
      splitPath(path);
    } catch {
      throw invalid(INVALID_OPTIONS, `"${path}" is not a usable sort field`);
    }
    keys.push({ path, dir });
    if (path === 'id') return keys; // unique: later keys could never decide anything
  }
  keys.push({ path: 'id', dir: 1 });
  return keys;
}

const jsonPath = (path: string) => sqlString('$' + path.split('.').map((p) => `."${p}"`).join(''));

const valueSql = (path: string) => `json_extract(d.doc, ${jsonPath(path)})`;
