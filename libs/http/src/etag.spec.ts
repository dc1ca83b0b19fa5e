import { describe, expect, it } from '@jest/globals';
import { formatEtag, parseIfMatch } from './etag';

describe('ETag and If-Match', () => {
  it('formats a version as a strong tag', () => {
    expect(formatEtag(7)).toBe('"7"');
  });

  it('reads a strong tag back as the expected version', () => {
    expect(parseIfMatch('"7"')).toBe(7);
    expect(parseIfMatch(' "12" ')).toBe(12);
    expect(parseIfMatch('"0"')).toBe(0);
  });

  it('treats absent and * as no expectation', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it.each(['7', 'W/"7"', '"7", "8"', '"x"', '""', '"-1"', '"01"', '"99999999999999999"'])('refuses %s as malformed', (value) => {
    expect(() => parseIfMatch(value)).toThrow(expect.objectContaining({ kind: 'invalid', code: 'REQUEST.BAD_IF_MATCH' }) as unknown as Error);
  });
});
