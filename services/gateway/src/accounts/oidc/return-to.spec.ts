import { describe, expect, it } from '@jest/globals';
import { safeReturnTo } from './return-to';

describe('where the OIDC callback may send the browser', () => {
  it.each(['/', '/mous/0199-abc', '/mous?status=active#top', '/ค้นหา'])('keeps the same-origin path %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([undefined, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'mous/1', '/a\nb', ['/x']])(
    'turns %p into /',
    (value) => {
      expect(safeReturnTo(value)).toBe('/');
    },
  );
});
