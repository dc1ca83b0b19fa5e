import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { canonicalJson } from '@pmt/kernel';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require(resolve(__dirname, '../../../../scripts/verify-export.js')) as { canonicalJson: (v: unknown) => string };

// Keys the kernel's serializer (before its own-keys fix) cannot hold; both must agree on everything else.
const ordinaryKey = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }).filter((k) => k !== '__proto__'),
  fc.nat({ max: 200 }).map(String),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.string({ unit: 'grapheme' }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(ordinaryKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('the offline verifier’s canonical JSON', () => {
  it('writes exactly what the kernel hashes, for any JSON the store can hold', () => {
    fc.assert(
      fc.property(json, (value) => {
        const stored = JSON.parse(JSON.stringify(value));
        expect(script.canonicalJson(stored)).toBe(canonicalJson(stored));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by UTF-16 code units and keeps every own key, __proto__ included', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"amount":"1,000,000"},"a":{"😀":1,"\uff5e":2},"A":null}');
    expect(script.canonicalJson(parsed)).toBe('{"A":null,"__proto__":{"amount":"1,000,000"},"a":{"😀":1,"～":2},"b":1}');
  });

  it('writes keys that are array indices first, in numeric order, as the kernel always has ("2" before "10")', () => {
    const parsed = JSON.parse('{"b":1,"10":"ten","2":"two","02":"x","4294967295":"not an index","a":{"1":1,"0":0}}');
    expect(script.canonicalJson(parsed)).toBe(canonicalJson(parsed));
    expect(script.canonicalJson(parsed)).toBe('{"2":"two","10":"ten","02":"x","4294967295":"not an index","a":{"0":0,"1":1},"b":1}');
  });
});
