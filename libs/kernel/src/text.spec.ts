import { describe, expect, it } from '@jest/globals';
import { illFormedTextPaths, isWellFormedText, toWellFormedText } from './text';

describe('well-formed text', () => {
  it('tells a lone surrogate from a pair', () => {
    expect(isWellFormedText('ตกลง 🤝')).toBe(true);
    expect(isWellFormedText('\ud83d\udd25')).toBe(true);
    for (const bad of ['\ud800', 'a\udc00', '\ud83d', '\udd25\ud83d']) expect(isWellFormedText(bad)).toBe(false);
    expect(toWellFormedText('a\ud800b')).toBe('a\ufffdb');
  });

  it('names every bad string and key by its path, own keys such as __proto__ included', () => {
    const value = JSON.parse('{"reason":"\\ud800","changes":{"clause 4":{"__proto__":{"amount":"x\\udc00"}},"k\\ud800":1},"list":["ok",["\\udfff"]]}');
    expect(illFormedTextPaths(value)).toEqual(['reason', 'changes.clause 4.__proto__.amount', 'changes.k\ufffd', 'list[1][0]']);
    expect(illFormedTextPaths({ fine: ['ตกลง', { '🤝': 1 }] })).toEqual([]);
    expect(illFormedTextPaths('\ud800')).toEqual(['']);
    expect(illFormedTextPaths({ a: '\ud800', b: '\ud800', c: '\ud800' }, [], 2)).toEqual(['a', 'b']);
  });
});
