import { describe, expect, it } from '@jest/globals';
import type { Doc, Filter, FindOptions, Sort } from '@pmt/read-model';
import { NULL_CASES, ORGANISATIONS, referenceComparator, referenceFind, referenceMatches } from '@pmt/read-model/testing';
import { toMongoFilter } from './mongo-filter';
import { MongoPagePlan } from './mongo-page';

/**
 * No server here: the queries this adapter sends are evaluated with the reference semantics (MongoDB's,
 * for the subset), which checks the translation and, above all, the keyset "after" queries.
 */
const stored = (docs: Doc[]) => docs.map((d) => ({ ...d, _id: d.id }));
const unstore = ({ _id: _ignored, ...doc }: Doc & { _id: string }) => doc as Doc;

function simulateFind(docs: Doc[], filter: Filter, options: FindOptions) {
  const plan = new MongoPagePlan(options);
  const base = toMongoFilter(filter);
  const after = plan.after(options.cursor);
  const query = after ? { $and: [base, after] } : base;
  const rows = stored(docs)
    .filter((d) => referenceMatches(d, query))
    .sort(referenceComparator(Object.fromEntries(plan.sort())))
    .slice(0, plan.limit + 1)
    .map(unstore);
  const more = rows.length > plan.limit;
  const items = rows.slice(0, plan.limit);
  return { items, nextCursor: more ? plan.encode(items[items.length - 1]) : null };
}

function walk(docs: Doc[], filter: Filter, options: FindOptions): string[] {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Doc[]; nextCursor: string | null } = simulateFind(docs, filter, { ...options, cursor });
    ids.push(...page.items.map((d) => d.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('Mongo translation, checked against the reference semantics', () => {
  const filters: Filter[] = [
    { id: 'o3' },
    { id: { $in: ['o1', 'o4'] } },
    { $or: [{ id: 'o2' }, { 'parties.organisationId': 'x' }] },
    { name: { $regex: 'นวัตกรรม', $options: 'i' } },
    { name: /univers/i },
    { signedAt: { $gte: new Date('2024-01-01T00:00:00.000Z') } },
    { sectors: { $in: ['health', /^fo/] } },
    { 'a.b': null },
  ];

  it.each(filters.map((f) => [JSON.stringify(f), f] as const))('%s selects what the port filter selects', (_title, filter) => {
    const docs = [...ORGANISATIONS, ...NULL_CASES];
    const translated = stored(docs)
      .filter((d) => referenceMatches(d, toMongoFilter(filter)))
      .map((d) => d.id);
    expect(translated).toEqual(
      referenceFind(docs, datesAsStrings(filter) as Filter)
        .map((d) => d.id)
        .sort((a, b) => docs.findIndex((d) => d.id === a) - docs.findIndex((d) => d.id === b)),
    );
    expect(translated.length).toBeGreaterThan(0);
  });

  it('maps id to _id, dates to ISO strings and RegExps to $regex', () => {
    expect(toMongoFilter({ id: 'a', $or: [{ id: { $in: ['b'] } }], at: { $lt: new Date(0) }, name: { $regex: /x/i } })).toEqual({
      _id: 'a',
      $or: [{ _id: { $in: ['b'] } }],
      at: { $lt: '1970-01-01T00:00:00.000Z' },
      name: { $regex: 'x', $options: 'i' },
    });
  });

  it.each([
    [{ $where: 'true' }],
    [{ $nor: [{ a: 1 }] }],
    [{ a: { $elemMatch: { b: 1 } } }],
    [{ a: { $gt: 1, b: 2 } }],
    [{ a: { $in: 'x' } }],
    [{ a: { $regex: 'x', $options: 'x' } }],
    [{ a: { $options: 'i' } }],
    [{ a: { $eq: /x/ } }],
    [{ _id: 'x' }],
    [{ 'a..b': 1 }],
    [{ a: undefined }],
    [{ $and: [] }],
  ])('refuses %j', (filter) => {
    expect(() => toMongoFilter(filter as Filter)).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});

/** Mixed types, nulls, missing fields and repeats: what the keyset has to step across. */
const MIXED: Doc[] = Array.from({ length: 97 }, (_, i) => {
  const values = [null, undefined, 3, 1.5, -2, 'b', 'a', 'ก', '', true, false, 3, 'b'];
  const v = values[i % values.length];
  const doc: Doc = { id: `m${String((i * 31) % 97).padStart(2, '0')}`, group: ['x', 'y', 'z'][i % 3], nested: { n: i % 5 === 0 ? null : i % 4 } };
  if (v !== undefined) doc.v = v;
  return doc;
});

describe('Mongo keyset pagination, simulated', () => {
  const scenarios: [Filter, FindOptions][] = [
    [{}, { sort: { v: 1 }, limit: 5 }],
    [{}, { sort: { v: -1 }, limit: 4 }],
    [{}, { sort: { v: 1, group: -1 }, limit: 3 }],
    [{}, { sort: { group: 1, v: -1 }, limit: 7 }],
    [{ group: { $ne: 'y' } }, { sort: { 'nested.n': -1, v: 1 }, limit: 6 }],
    [{ v: { $exists: true } }, { sort: { 'nested.n': 1 }, limit: 10 }],
    [{}, { sort: { id: -1 }, limit: 9 }],
    [{}, { limit: 13 }],
  ];

  it.each(scenarios.map(([f, o]) => [JSON.stringify({ f, o }), f, o] as const))('%s walks every row once, in order', (_title, filter, options) => {
    const expected = referenceFind(MIXED, filter, options.sort).map((d) => d.id);
    expect(walk(MIXED, filter, options)).toEqual(expected);
  });

  it('walks the contract fixtures too', () => {
    const sorts: Sort[] = [{ score: 1 }, { score: -1 }, { signedAt: -1 }, { kind: 1, score: -1 }, { 'address.province': -1 }];
    for (const sort of sorts) {
      expect(walk(ORGANISATIONS, {}, { sort, limit: 2 })).toEqual(referenceFind(ORGANISATIONS, {}, sort).map((d) => d.id));
    }
  });

  it('refuses a cursor from another sort, a foreign cursor and a bad limit', () => {
    const first = simulateFind(MIXED, {}, { sort: { v: 1 }, limit: 2 });
    expect(() => new MongoPagePlan({ sort: { group: 1 } }).after(first.nextCursor)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    expect(() => new MongoPagePlan({}).after('bm9wZQ')).toThrow(expect.objectContaining({ kind: 'invalid' }));
    expect(() => new MongoPagePlan({ limit: 0 })).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});

/** The reference compares ISO strings, as the stores keep dates. */
function datesAsStrings(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(datesAsStrings);
  if (value && typeof value === 'object' && !(value instanceof RegExp))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, datesAsStrings(v)]));
  return value;
}
