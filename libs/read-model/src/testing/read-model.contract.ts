import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { isCodedError } from '@pmt/kernel';
import type { Change, Doc, Filter, FindOptions, ReadModelStore } from '../read-model.port';
import { referenceFind } from './reference-semantics';

export interface OpenedReadModelStore {
  store: ReadModelStore;
  /** Closes the store and opens it again on the same storage; given when the adapter persists. */
  reopen?: () => Promise<ReadModelStore>;
  cleanup(): Promise<void>;
}

const put = (collection: string, doc: Doc): Change => ({ op: 'put', collection, doc });
const del = (collection: string, id: string): Change => ({ op: 'delete', collection, id });

/** Organisations with Thai names, arrays of scalars and of objects, nulls and missing fields. */
export const ORGANISATIONS: Doc[] = [
  {
    id: 'o1',
    name: 'สำนักงานนวัตกรรมแห่งชาติ',
    kind: 'agency',
    score: 10,
    sectors: ['energy', 'food'],
    address: { province: 'Bangkok', zip: '10400' },
    parties: [
      { organisationId: 'x', role: 'lead' },
      { organisationId: 'y', role: 'member' },
    ],
    signedAt: '2024-03-01T00:00:00.000Z',
    active: true,
  },
  {
    id: 'o2',
    name: 'Chulalongkorn University',
    kind: 'university',
    score: 7.5,
    sectors: ['health'],
    address: { province: 'Bangkok' },
    parties: [{ organisationId: 'y', role: 'lead' }],
    signedAt: '2023-11-15T08:30:00.000Z',
    active: false,
  },
  {
    id: 'o3',
    name: 'มหาวิทยาลัยเชียงใหม่',
    kind: 'university',
    score: 10,
    sectors: [],
    address: { province: 'Chiang Mai' },
    parties: [],
    signedAt: null,
    active: true,
  },
  {
    id: 'o4',
    name: 'NATIONAL Innovation Agency',
    kind: 'agency',
    score: 3,
    sectors: ['energy'],
    parties: [{ organisationId: 'x', role: 'member' }],
    active: true,
  },
  {
    id: 'o5',
    name: 'บริษัท นวัตกรรมไทย จำกัด',
    kind: 'company',
    sectors: ['food'],
    parties: [{ organisationId: 'z' }],
  },
];

/**
 * MongoDB's own null-semantics cases (jstests/core/query/null_query_semantics.js, 8.0), without the
 * BSON `undefined` ones JSON cannot hold.
 */
export const NULL_CASES: Doc[] = [
  { id: 'a_empty_subobject', a: {} },
  { id: 'a_null', a: null },
  { id: 'a_number', a: 4 },
  { id: 'a_subobject_b_not_null', a: { b: 'hi' } },
  { id: 'a_subobject_b_null', a: { b: null } },
  { id: 'no_a' },
  { id: 'a_double_array', a: [[]] },
  { id: 'a_empty_array', a: [] },
  { id: 'a_object_array_b_null_missing', a: [{ b: null }, { b: null }, {}] },
  { id: 'a_object_array_no_b_nulls', a: [{ b: 1 }, { b: 3 }, { b: 'string' }] },
  { id: 'a_object_array_some_b_nulls', a: [{ b: null }, { b: 3 }, { b: null }] },
  { id: 'a_object_array_some_b_missing', a: [{ b: 3 }, {}] },
  { id: 'a_value_array_all_nulls', a: [null, null] },
  { id: 'a_value_array_no_nulls', a: [1, 'string', 4] },
  { id: 'a_value_array_with_null', a: [1, 'string', null, 4] },
];

const sorted = (ids: string[]) => [...ids].sort();

/**
 * The behaviour every ReadModelStore adapter must show. `open` is called before each test and must give
 * an empty store (a fresh file, a fresh database).
 */
export function readModelContract(name: string, open: () => Promise<OpenedReadModelStore>): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    let opened: OpenedReadModelStore;
    let store: ReadModelStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    async function rejection(attempt: Promise<unknown>): Promise<unknown> {
      return attempt.then(
        () => {
          throw new Error('expected a rejection');
        },
        (e: unknown) => e,
      );
    }

    async function expectInvalid(attempt: Promise<unknown>) {
      const error = await rejection(attempt);
      expect(isCodedError(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'invalid' });
    }

    async function ids(collection: string, filter: Filter, options?: FindOptions): Promise<string[]> {
      const page = await store.find(collection, filter, { limit: 1000, ...options });
      return page.items.map((d) => d.id);
    }

    async function walk(collection: string, filter: Filter, options: FindOptions): Promise<{ ids: string[]; pages: number }> {
      const out: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: Doc[]; nextCursor: string | null } = await store.find(collection, filter, { ...options, cursor });
        out.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
        pages += 1;
        if (pages > 1000) throw new Error('pagination does not end');
      } while (cursor);
      return { ids: out, pages };
    }

    describe('documents', () => {
      it('get returns null for an unknown id', async () => {
        expect(await store.get('things', 'nope')).toBeNull();
      });

      it('put via commit, get it back; a second put replaces the whole document', async () => {
        await store.commit('p', 1, [put('things', { id: 't1', title: 'first', extra: 1 })]);
        expect(await store.get('things', 't1')).toEqual({ id: 't1', title: 'first', extra: 1 });
        await store.commit('p', 2, [put('things', { id: 't1', title: 'second' })]);
        expect(await store.get('things', 't1')).toEqual({ id: 't1', title: 'second' });
      });

      it('delete removes a document; deleting an absent one is not an error', async () => {
        await store.commit('p', 1, [put('things', { id: 't1' }), put('things', { id: 't2' })]);
        await store.commit('p', 2, [del('things', 't1'), del('things', 'never-there')]);
        expect(await store.get('things', 't1')).toBeNull();
        expect(await store.get('things', 't2')).toEqual({ id: 't2' });
      });

      it('applies the changes of one commit in order', async () => {
        await store.commit('p', 1, [
          put('things', { id: 'a', v: 1 }),
          put('things', { id: 'a', v: 2 }),
          put('things', { id: 'b', v: 1 }),
          del('things', 'b'),
          del('things', 'c'),
          put('things', { id: 'c', v: 3 }),
        ]);
        expect(await store.get('things', 'a')).toEqual({ id: 'a', v: 2 });
        expect(await store.get('things', 'b')).toBeNull();
        expect(await store.get('things', 'c')).toEqual({ id: 'c', v: 3 });
      });

      it('keeps collections apart', async () => {
        await store.commit('p', 1, [put('left', { id: 'same', side: 'left' }), put('right', { id: 'same', side: 'right' })]);
        await store.commit('p', 2, [del('left', 'same')]);
        expect(await store.get('left', 'same')).toBeNull();
        expect(await store.get('right', 'same')).toEqual({ id: 'same', side: 'right' });
        expect(await store.count('right', {})).toBe(1);
        expect(await store.count('left', {})).toBe(0);
      });

      it('round-trips Thai text, emoji, nesting, numbers, booleans and nulls', async () => {
        const doc: Doc = {
          id: 'มหาวิทยาลัย-1',
          name: 'สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)',
          note: 'ภาษาไทย ✓ 🇹🇭 "quoted" \\ back\nline',
          nested: { deeper: { list: [1, 2.5, -3, 0, 1e21], flags: [true, false], nothing: null } },
          parties: [{ organisationId: 'x', name: 'กระทรวงการอุดมศึกษา' }],
          empty: {},
          none: [],
        };
        await store.commit('p', 1, [put('thai', doc)]);
        expect(await store.get('thai', doc.id)).toEqual(doc);
        expect((await store.find('thai', { id: doc.id })).items).toEqual([doc]);
      });

      it('refuses unusable collection names', async () => {
        for (const name of ['', '_checkpoints', 'system.users', 'a$b']) {
          await expectInvalid(store.get(name, 'x'));
          await expectInvalid(store.find(name, {}));
          await expectInvalid(store.commit('p', 1, [put(name, { id: 'x' })]));
        }
      });

      it('drops undefined fields and stores dates as ISO-8601 strings (a JSON round trip)', async () => {
        const at = new Date('2024-05-06T07:08:09.010Z');
        await store.commit('p', 1, [put('things', { id: 'd', at, gone: undefined })]);
        expect(await store.get('things', 'd')).toEqual({ id: 'd', at: '2024-05-06T07:08:09.010Z' });
        expect(await ids('things', { at: { $gte: new Date('2024-01-01T00:00:00.000Z') } })).toEqual(['d']);
      });
    });

    describe('commit and checkpoints', () => {
      it('checkpoint is 0 for a projection that never committed', async () => {
        expect(await store.checkpoint('never')).toBe(0);
      });

      it('keeps one checkpoint per projection, set even by an empty commit', async () => {
        await store.commit('one', 7, [put('things', { id: 'a' })]);
        await store.commit('two', 3, []);
        expect(await store.checkpoint('one')).toBe(7);
        expect(await store.checkpoint('two')).toBe(3);
        await store.commit('one', 9, []);
        expect(await store.checkpoint('one')).toBe(9);
        expect(await store.checkpoint('two')).toBe(3);
      });

      it('is all or nothing: an invalid change leaves neither documents nor checkpoint', async () => {
        await store.commit('p', 1, [put('things', { id: 'before', v: 1 })]);
        const invalidChanges: Change[][] = [
          [put('things', { id: 'new' }), put('things', { id: 'before', v: 2 }), put('things', { id: 42 } as unknown as Doc)],
          [put('things', { id: 'new' }), del('things', 'before'), put('things', { v: 2 } as unknown as Doc)],
          [put('things', { id: 'new' }), put('things', { id: '' })],
          [put('things', { id: 'new' }), { op: 'upsert', collection: 'things', doc: { id: 'x' } } as unknown as Change],
          [put('things', { id: 'new' }), put('', { id: 'x' })],
        ];
        for (const changes of invalidChanges) {
          await expectInvalid(store.commit('p', 2, changes));
          expect(await store.get('things', 'new')).toBeNull();
          expect(await store.get('things', 'before')).toEqual({ id: 'before', v: 1 });
          expect(await store.checkpoint('p')).toBe(1);
        }
      });

      it('rejects a checkpoint that is not a non-negative integer', async () => {
        await expectInvalid(store.commit('p', -1, [put('things', { id: 'a' })]));
        await expectInvalid(store.commit('p', 1.5, [put('things', { id: 'a' })]));
        expect(await store.get('things', 'a')).toBeNull();
        expect(await store.checkpoint('p')).toBe(0);
      });

      it('reset deletes the collections and that projection’s checkpoint only', async () => {
        await store.commit('mine', 5, [put('a', { id: '1' }), put('a', { id: '2' }), put('b', { id: '1' })]);
        await store.commit('other', 8, [put('c', { id: '1' })]);
        await store.reset('mine', ['a', 'b']);
        expect(await store.count('a', {})).toBe(0);
        expect(await store.count('b', {})).toBe(0);
        expect(await store.checkpoint('mine')).toBe(0);
        expect(await store.get('c', '1')).toEqual({ id: '1' });
        expect(await store.checkpoint('other')).toBe(8);
        await store.commit('mine', 1, [put('a', { id: '3' })]);
        expect(await ids('a', {})).toEqual(['3']);
      });
    });

    describe('find', () => {
      beforeEach(async () => {
        await store.commit(
          'orgs',
          1,
          ORGANISATIONS.map((d) => put('orgs', d)),
        );
      });

      const cases: [string, Filter, string[]][] = [
        ['everything', {}, ['o1', 'o2', 'o3', 'o4', 'o5']],
        ['equality on a top-level field', { kind: 'agency' }, ['o1', 'o4']],
        ['equality on id', { id: 'o3' }, ['o3']],
        ['equality on two fields', { kind: 'university', active: true }, ['o3']],
        ['equality on a dot path into an object', { 'address.province': 'Bangkok' }, ['o1', 'o2']],
        ['equality on a dot path into an array of objects', { 'parties.organisationId': 'x' }, ['o1', 'o4']],
        ['a dot path into an array matches any element', { 'parties.role': 'lead', kind: 'university' }, ['o2']],
        ['equality against an array field containing the value', { sectors: 'energy' }, ['o1', 'o4']],
        ['equality against a whole array', { sectors: ['energy', 'food'] }, ['o1']],
        ['equality against an empty array', { sectors: [] }, ['o3']],
        ['equality against a whole object', { address: { province: 'Bangkok', zip: '10400' } }, ['o1']],
        ['equality is type-strict', { score: '10' }, []],
        ['equality with Thai text', { name: 'มหาวิทยาลัยเชียงใหม่' }, ['o3']],
        ['$eq', { score: { $eq: 10 } }, ['o1', 'o3']],
        ['$eq on booleans', { active: { $eq: false } }, ['o2']],
        ['$ne (missing fields match)', { score: { $ne: 10 } }, ['o2', 'o4', 'o5']],
        ['$ne on an array field', { sectors: { $ne: 'energy' } }, ['o2', 'o3', 'o5']],
        ['$ne on a dot path into an array', { 'parties.organisationId': { $ne: 'x' } }, ['o2', 'o3', 'o5']],
        ['$gt on numbers', { score: { $gt: 7.5 } }, ['o1', 'o3']],
        ['$gte on numbers', { score: { $gte: 7.5 } }, ['o1', 'o2', 'o3']],
        ['$lt on numbers', { score: { $lt: 7.5 } }, ['o4']],
        ['$lte on numbers', { score: { $lte: 7.5 } }, ['o2', 'o4']],
        ['a range of two operators', { score: { $gt: 3, $lt: 10 } }, ['o2']],
        ['ISO dates compare as dates', { signedAt: { $gte: '2024-01-01T00:00:00.000Z' } }, ['o1']],
        ['$lt on strings skips null and missing', { signedAt: { $lt: '2024-01-01' } }, ['o2']],
        ['comparisons are type-bracketed', { name: { $gt: 5 } }, []],
        ['$in', { kind: { $in: ['company', 'university'] } }, ['o2', 'o3', 'o5']],
        ['$in against an array field', { sectors: { $in: ['health', 'food'] } }, ['o1', 'o2', 'o5']],
        ['$in on id', { id: { $in: ['o2', 'o5', 'nope'] } }, ['o2', 'o5']],
        ['$in with an empty list', { kind: { $in: [] } }, []],
        ['$nin', { kind: { $nin: ['agency', 'company'] } }, ['o2', 'o3']],
        ['$nin against an array field', { sectors: { $nin: ['energy'] } }, ['o2', 'o3', 'o5']],
        ['$exists true (null exists)', { signedAt: { $exists: true } }, ['o1', 'o2', 'o3']],
        ['$exists false', { signedAt: { $exists: false } }, ['o4', 'o5']],
        ['$exists on a dot path', { 'address.zip': { $exists: true } }, ['o1']],
        ['$exists on a dot path into an array', { 'parties.role': { $exists: false }, 'parties.organisationId': { $exists: true } }, ['o5']],
        ['null matches null and missing', { signedAt: null }, ['o3', 'o4', 'o5']],
        ['$regex', { name: { $regex: 'Univ' } }, ['o2']],
        ['$regex is case-sensitive by default', { name: { $regex: 'innovation' } }, []],
        ['$regex with $options i', { name: { $regex: 'innovation', $options: 'i' } }, ['o4']],
        ['$regex anchored', { name: { $regex: '^national', $options: 'i' } }, ['o4']],
        ['$regex finds a Thai substring', { name: { $regex: 'นวัตกรรม' } }, ['o1', 'o5']],
        ['$regex with $options i on Thai text', { name: { $regex: 'นวัตกรรม', $options: 'i' } }, ['o1', 'o5']],
        ['$regex on an array of strings', { sectors: { $regex: '^he' } }, ['o2']],
        ['$regex on a dot path into an array', { 'parties.role': { $regex: 'MEM', $options: 'i' } }, ['o1', 'o4']],
        ['$regex special characters are regex syntax', { name: { $regex: 'Chula.*ty$' } }, ['o2']],
        ['a RegExp value', { name: /univers/i }, ['o2']],
        ['$and', { $and: [{ kind: 'agency' }, { score: { $gt: 5 } }] }, ['o1']],
        ['$or', { $or: [{ kind: 'company' }, { 'parties.organisationId': 'y' }] }, ['o1', 'o2', 'o5']],
        ['$or with fields beside it', { active: true, $or: [{ score: 3 }, { sectors: 'food' }] }, ['o1', 'o4']],
        [
          'nested $and and $or',
          { $or: [{ $and: [{ kind: 'university' }, { score: { $gte: 10 } }] }, { $and: [{ sectors: 'energy' }, { score: { $lt: 5 } }] }] },
          ['o3', 'o4'],
        ],
      ];

      it.each(cases)('%s', async (_title, filter, expected) => {
        expect(sorted(await ids('orgs', filter))).toEqual(expected);
        expect(await store.count('orgs', filter)).toBe(expected.length);
        expect(sorted(referenceFind(ORGANISATIONS, filter).map((d) => d.id))).toEqual(expected);
      });

      it('follows MongoDB on null, missing and arrays', async () => {
        await store.commit(
          'nulls',
          1,
          NULL_CASES.map((d) => put('nulls', d)),
        );
        const notArrays = ['a_empty_subobject', 'a_null', 'a_number', 'a_subobject_b_not_null', 'a_subobject_b_null', 'no_a'];
        const all = NULL_CASES.map((d) => d.id);
        const not = (these: string[]) => all.filter((id) => !these.includes(id));
        const aNull = ['a_null', 'a_value_array_all_nulls', 'a_value_array_with_null', 'no_a'];
        const abNull = [
          'a_empty_subobject',
          'a_null',
          'a_number',
          'a_subobject_b_null',
          'no_a',
          'a_object_array_b_null_missing',
          'a_object_array_some_b_nulls',
          'a_object_array_some_b_missing',
        ];
        const expectations: [Filter, string[]][] = [
          [{ a: null }, aNull],
          [{ a: { $eq: null } }, aNull],
          [{ a: { $ne: null } }, not(aNull)],
          [{ a: { $in: [null, 75] } }, aNull],
          [{ a: { $nin: [null, 75] } }, not(aNull)],
          [{ a: { $nin: [null, []] } }, not([...aNull, 'a_double_array', 'a_empty_array'])],
          [{ a: { $exists: false } }, ['no_a']],
          [{ 'a.b': null }, abNull],
          [{ 'a.b': { $ne: null } }, not(abNull)],
          [{ 'a.b': { $in: [null, 75] } }, abNull],
          [{ $or: [{ 'a.b': null }, { 'a.b': 75 }] }, abNull],
          [{ 'a.b': { $nin: [null, 75] } }, not(abNull)],
          [{ 'a.b': { $exists: false }, id: { $in: notArrays } }, ['a_empty_subobject', 'a_null', 'a_number', 'no_a']],
          [{ 'a.b': 3 }, ['a_object_array_no_b_nulls', 'a_object_array_some_b_nulls', 'a_object_array_some_b_missing']],
          [{ a: 4 }, ['a_number', 'a_value_array_no_nulls', 'a_value_array_with_null']],
          [{ a: [] }, ['a_double_array', 'a_empty_array']],
          [{ a: { $gte: null } }, aNull],
        ];
        for (const [filter, expected] of expectations) {
          const description = JSON.stringify(filter);
          expect({ filter: description, ids: sorted(await ids('nulls', filter)) }).toEqual({ filter: description, ids: sorted(expected) });
          expect({ filter: description, ids: sorted(referenceFind(NULL_CASES, filter).map((d) => d.id)) }).toEqual({
            filter: description,
            ids: sorted(expected),
          });
        }
      });

      it('rejects operators outside the port', async () => {
        await expectInvalid(store.find('orgs', { score: { $where: 'true' } }));
        await expectInvalid(store.find('orgs', { $where: 'true' }));
        await expectInvalid(store.find('orgs', { $nor: [{ kind: 'agency' }] }));
        await expectInvalid(store.find('orgs', { score: { $gt: 1, plain: 2 } }));
        await expectInvalid(store.find('orgs', { kind: { $in: 'agency' } }));
        await expectInvalid(store.find('orgs', { $or: [] }));
        await expectInvalid(store.count('orgs', { score: { $elemMatch: { $gt: 1 } } }));
        await expectInvalid(store.find('orgs', { _id: 'o1' }));
        await expectInvalid(store.find('orgs', { name: { $eq: /univ/ } }));
        await expectInvalid(store.find('orgs', { name: { $regex: 'univ', $options: 'x' } }));
        await expectInvalid(store.find('orgs', { kind: undefined }));
      });
    });

    describe('sort, limit and pages', () => {
      beforeEach(async () => {
        await store.commit(
          'orgs',
          1,
          ORGANISATIONS.map((d) => put('orgs', d)),
        );
      });

      it('sorts by id when no sort is given, 50 to a page by default', async () => {
        const many = Array.from({ length: 60 }, (_, i) => put('many', { id: `m${String(i).padStart(3, '0')}` }));
        await store.commit('many', 1, many.reverse());
        const page = await store.find('many', {});
        expect(page.items).toHaveLength(50);
        expect(page.items.map((d) => d.id)).toEqual(Array.from({ length: 50 }, (_, i) => `m${String(i).padStart(3, '0')}`));
        expect(page.nextCursor).not.toBeNull();
      });

      it('sorts ascending and descending with id breaking ties; missing and null sort first', async () => {
        expect(await ids('orgs', {}, { sort: { score: 1 } })).toEqual(['o5', 'o4', 'o2', 'o1', 'o3']);
        expect(await ids('orgs', {}, { sort: { score: -1 } })).toEqual(['o1', 'o3', 'o2', 'o4', 'o5']);
        expect(await ids('orgs', {}, { sort: { signedAt: -1 } })).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
        expect(await ids('orgs', {}, { sort: { signedAt: 1 } })).toEqual(['o3', 'o4', 'o5', 'o2', 'o1']);
        expect(await ids('orgs', {}, { sort: { id: -1 } })).toEqual(['o5', 'o4', 'o3', 'o2', 'o1']);
      });

      it('sorts on two fields, on dot paths and on Thai text', async () => {
        expect(await ids('orgs', {}, { sort: { kind: 1, score: -1 } })).toEqual(['o1', 'o4', 'o5', 'o3', 'o2']);
        expect(await ids('orgs', {}, { sort: { kind: -1, score: 1 } })).toEqual(['o2', 'o3', 'o5', 'o4', 'o1']);
        expect(await ids('orgs', {}, { sort: { 'address.province': -1 } })).toEqual(['o3', 'o1', 'o2', 'o4', 'o5']);
        expect(await ids('orgs', { id: { $in: ['o1', 'o3', 'o5'] } }, { sort: { name: 1 } })).toEqual(['o5', 'o3', 'o1']);
      });

      it('limits, with a cursor only while more remain', async () => {
        const first = await store.find('orgs', { kind: { $ne: 'company' } }, { sort: { score: -1 }, limit: 2 });
        expect(first.items.map((d) => d.id)).toEqual(['o1', 'o3']);
        expect(typeof first.nextCursor).toBe('string');
        const second = await store.find('orgs', { kind: { $ne: 'company' } }, { sort: { score: -1 }, limit: 2, cursor: first.nextCursor });
        expect(second.items.map((d) => d.id)).toEqual(['o2', 'o4']);
        expect(second.nextCursor).toBeNull();
        const exact = await store.find('orgs', {}, { limit: 5 });
        expect(exact.items).toHaveLength(5);
        expect(exact.nextCursor).toBeNull();
        const none = await store.find('orgs', { kind: 'nope' }, { limit: 5 });
        expect(none).toEqual({ items: [], nextCursor: null });
      });

      it('walks every matching document exactly once, in order, even when sort values repeat', async () => {
        const docs: Doc[] = Array.from({ length: 137 }, (_, i) => ({
          id: `d${(i * 7919) % 1009}`,
          group: `g${i % 3}`,
          ...(i % 10 === 0 ? {} : { rank: i % 11 === 0 ? null : i % 4 }),
          title: ['ก', 'ข', 'a', 'B', 'ค'][i % 5],
          tags: i % 2 ? ['odd'] : ['even', 'x'],
        }));
        await store.commit(
          'walk',
          1,
          docs.map((d) => put('walk', d)),
        );
        const scenarios: [Filter, FindOptions][] = [
          [{}, { sort: { rank: 1 }, limit: 10 }],
          [{}, { sort: { rank: -1 }, limit: 7 }],
          [{ group: { $ne: 'g1' } }, { sort: { rank: -1, title: 1 }, limit: 9 }],
          [{ tags: 'odd' }, { sort: { title: -1, rank: 1 }, limit: 4 }],
          [{ $or: [{ rank: { $gte: 2 } }, { rank: null }] }, { sort: { group: 1, rank: -1 }, limit: 6 }],
          [{}, { sort: { id: -1 }, limit: 25 }],
          [{}, { limit: 1 }],
        ];
        for (const [filter, options] of scenarios) {
          const expected = referenceFind(docs, filter, options.sort).map((d) => d.id);
          const walked = await walk('walk', filter, options);
          expect({ filter, options, ids: walked.ids }).toEqual({ filter, options, ids: expected });
          expect(new Set(walked.ids).size).toBe(walked.ids.length);
          expect(walked.pages).toBe(Math.max(1, Math.ceil(expected.length / (options.limit ?? 50))));
        }
      });

      it('rejects a bad cursor, a cursor from another sort and a bad limit', async () => {
        const page = await store.find('orgs', {}, { sort: { score: 1 }, limit: 2 });
        await expectInvalid(store.find('orgs', {}, { sort: { kind: 1 }, limit: 2, cursor: page.nextCursor }));
        await expectInvalid(store.find('orgs', {}, { cursor: 'not-a-cursor' }));
        await expectInvalid(store.find('orgs', {}, { limit: 0 }));
        await expectInvalid(store.find('orgs', {}, { limit: 2.5 }));
        await expectInvalid(store.find('orgs', {}, { sort: { score: 2 as 1 } }));
      });
    });

    describe('durability', () => {
      it('keeps documents and checkpoints across a reopen', async () => {
        if (!opened.reopen) return;
        await store.commit('p', 42, [put('thai', { id: 'k', name: 'นวัตกรรม', n: [1, { x: null }] })]);
        store = await opened.reopen();
        expect(await store.get('thai', 'k')).toEqual({ id: 'k', name: 'นวัตกรรม', n: [1, { x: null }] });
        expect(await store.checkpoint('p')).toBe(42);
        expect(await ids('thai', { name: { $regex: 'วัต' } })).toEqual(['k']);
      });
    });
  });
}
