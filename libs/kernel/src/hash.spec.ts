import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson, chainHash, GENESIS_HASH, hashedContent, jsonString, verifyChain } from './hash';
import type { StoredEvent } from './envelope';

/** A plain event as services store it: its hash was computed by the canonical form before own keys were all counted. */
const plainEvent: StoredEvent = {
  id: '0b7e7f4e-6a0c-4c1f-9d3e-2f1a5b6c7d8e',
  type: 'MouAmended',
  schemaVersion: 1,
  streamId: 'mou-5f0c3a2e-1b4d-4e8f-a9c7-3d2e1f0a9b8c',
  streamVersion: 3,
  globalPosition: 17,
  occurredAt: '2025-01-07T03:00:00.000Z',
  recordedAt: '2025-01-07T03:00:01.250Z',
  actor: 'user-somsri',
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  causationId: 'c0ffee00-0000-4000-8000-000000000002',
  reason: 'ตามมติที่ประชุม',
  data: {
    number: 1,
    summary: 'Clause 4 amount',
    changes: { 'clause 4': { amount: '1,000,000', currency: 'THB' }, kpis: [{ id: 'k1', target: 12.5 }, null, true] },
    effectiveOn: '2025-02-01',
  },
  hash: '',
};

/** The canonical form as it was before: kept here to prove that ordinary data hashes exactly as it always did. */
function previousCanonicalJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

const SPECIAL_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON'];
const plainKey = fc.string({ maxLength: 6 }).filter((k) => !SPECIAL_KEYS.includes(k));
const plainJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.uniqueArray(fc.tuple(plainKey, tie('value')), { maxLength: 4, selector: ([k]) => k }).map((entries) => Object.fromEntries(entries)),
})).value;

describe('canonicalJson', () => {
  it('hashes a plain event exactly as before, so that stored hashes stay valid', () => {
    expect(canonicalJson(plainEvent.data)).toBe(
      '{"changes":{"clause 4":{"amount":"1,000,000","currency":"THB"},"kpis":[{"id":"k1","target":12.5},null,true]},"effectiveOn":"2025-02-01","number":1,"summary":"Clause 4 amount"}',
    );
    expect(chainHash('ab'.repeat(32), plainEvent)).toBe('70f8063168cc0b7d799af4caad7c5193eb29f7aad0fc8e7bf746f94f9bdc28bb');
    expect(chainHash(GENESIS_HASH, { ...plainEvent, reason: undefined })).toBe('4bf9a6f9402525ecdf8e7999c86b329da4b114fac2eba7e322a619f88a36aba7');
  });

  it('gives the same text as before for any data without such keys', () => {
    fc.assert(fc.property(plainJson, (value) => canonicalJson(value) === previousCanonicalJson(value)));
  });

  it('counts a key named __proto__, constructor or toString like any other', () => {
    const data = JSON.parse('{"clause 4":{"__proto__":{"amount":"1,000,000"}},"constructor":1,"toString":"x"}');
    expect(canonicalJson(data)).toBe('{"clause 4":{"__proto__":{"amount":"1,000,000"}},"constructor":1,"toString":"x"}');
    const edited = JSON.parse('{"clause 4":{"__proto__":{"amount":"9,000,000"}},"constructor":1,"toString":"x"}');
    expect(canonicalJson(edited)).not.toBe(canonicalJson(data));
  });

  it('notices an edit under a __proto__ key in a stored event', () => {
    const first = { ...plainEvent, streamVersion: 1, data: JSON.parse('{"changes":{"clause 4":{"__proto__":{"amount":"1,000,000"}}}}') };
    const stored = { ...first, hash: chainHash(GENESIS_HASH, first) };
    expect(verifyChain([stored]).valid).toBe(true);
    const edited = { ...stored, data: JSON.parse('{"changes":{"clause 4":{"__proto__":{"amount":"9,000,000"}}}}') };
    expect(verifyChain([edited])).toEqual({ valid: false, events: 1, firstInvalidVersion: 1 });
  });
});

/** canonicalJson as it stood before it wrote the text directly: a sorted copy on null-prototype objects. */
function sortedCopyCanonicalJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = Object.create(null);
      for (const key of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

const anyKey = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom(...SPECIAL_KEYS),
  fc.nat().map(String),
  fc.constantFrom('01', '-1', '1.5', '4294967295', '4294967294', '1e3'),
);
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.array(fc.tuple(anyKey, tie('value')), { maxLength: 5 }).map((entries) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  }),
})).value;

describe('canonicalJson written directly', () => {
  it('gives exactly the text of the sorted copy for any value: special and index-like keys, undefined, -0, NaN', () => {
    fc.assert(
      fc.property(anyValue, (value) => canonicalJson(value) === sortedCopyCanonicalJson(value)),
      { numRuns: 2000 },
    );
  });

  it('gives exactly the text of the sorted copy for values only JSON.stringify knows (dates, functions, holes, boxed strings)', () => {
    const odd: unknown[] = [
      new Date(0),
      [() => 1, Symbol('s'), undefined, , 2], // eslint-disable-line no-sparse-arrays
      { f: () => 1, s: Symbol('s'), toJSON: 'x', n: -0, big: 1e21, tiny: 5e-324 },
      Object.assign(new String('ab'), { c: 1 }),
      { 10: 'a', 9: 'b', b: 1, a: 2, '': 3 },
    ];
    for (const value of odd) expect(canonicalJson(value)).toBe(sortedCopyCanonicalJson(value));
  });

  it('hashes an event exactly as sha256(previous + canonical text of hashedContent), fields left out included', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    fc.assert(
      fc.property(anyValue, fc.option(fc.string({ unit: 'binary' }), { nil: undefined }), fc.boolean(), (data, reason, dropActor) => {
        const e = { ...plainEvent, data, reason, ...(dropActor && { actor: undefined as unknown as string }) };
        return chainHash(GENESIS_HASH, e) === sha(GENESIS_HASH + sortedCopyCanonicalJson(hashedContent(e)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('jsonString', () => {
  it('is JSON.stringify of any string: quotes, backslashes, control characters, lone and paired surrogates, U+2028', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => jsonString(s) === JSON.stringify(s)),
      { numRuns: 3000 },
    );
    for (const s of ['', 'a"b', 'a\\b', '\u0000\u001f\u007f', '\ud800', '\udfff', '😀', '\u2028\u2029', 'ก']) expect(jsonString(s)).toBe(JSON.stringify(s));
  });
});
