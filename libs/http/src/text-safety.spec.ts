import { describe, expect, it } from '@jest/globals';
import { hasUnsafeText, MAX_BODY_DEPTH, nestsDeeperThan, unsafeTextPaths } from './text-safety';

describe('text safety of request bodies', () => {
  it('refuses control characters and bidirectional overrides, and keeps tab, new lines and every script', () => {
    for (const bad of ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', 'c1\u0085', 'x\u202ey', '\u2066isolate\u2069', '\u202a\u202b\u202c\u202d']) {
      expect({ bad, unsafe: hasUnsafeText(bad) }).toEqual({ bad, unsafe: true });
    }
    for (const good of ['บันทึกความเข้าใจ', 'line one\nline two\r\n\tindented', 'العربية', '😀', 'Zero\u200bwidth', '']) {
      expect({ good, unsafe: hasUnsafeText(good) }).toEqual({ good, unsafe: false });
    }
  });

  it('names each field and key that holds one', () => {
    const body = { title: 'ok', parties: [{ role: 'signatory\u202e' }], notes: { 'clause\u00014': 'x', fine: 'y' } };
    expect(unsafeTextPaths(body)).toEqual(['parties[0].role', 'notes.clause\ufffd4']);
    expect(unsafeTextPaths('top\u0000')).toEqual(['']);
  });

  it('finds a body that nests deeper than any schema without recursing', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(nestsDeeperThan(deep, MAX_BODY_DEPTH)).toBe(true);
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_BODY_DEPTH; i++) ok = { a: ok };
    expect(nestsDeeperThan(ok, MAX_BODY_DEPTH)).toBe(false);
    expect(nestsDeeperThan({ a: ok }, MAX_BODY_DEPTH)).toBe(true);
  });
});
