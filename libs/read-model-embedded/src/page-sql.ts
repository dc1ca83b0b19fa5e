import { Keyset, type FindOptions, type SortKey } from '@pmt/read-model';
import { splitPath } from './filter-sql';
import { Params, sqlString } from './params';

/** SQL value of a sort key: the cursor carries these, so they must survive JSON. */
type KeyValue = string | number | null;

const isKeyValue = (v: unknown): v is KeyValue => v === null || typeof v === 'string' || typeof v === 'number';

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
  private readonly keyset: Keyset;
  readonly keys: SortKey[];
  readonly limit: number;

  constructor(options: FindOptions = {}) {
    this.keyset = new Keyset(options, splitPath);
    this.keys = this.keyset.keys;
    this.limit = this.keyset.limit;
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
    const values = this.keyset.decode(cursor, isKeyValue) as KeyValue[];
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
    return this.keyset.encode(this.keys.map((k, i) => (k.path === 'id' ? row.id : row[`v${i}`]) as KeyValue));
  }
}

const jsonPath = (path: string) =>
  sqlString(
    '$' +
      path
        .split('.')
        .map((p) => `."${p}"`)
        .join(''),
  );

const valueSql = (path: string) => `json_extract(d.doc, ${jsonPath(path)})`;
