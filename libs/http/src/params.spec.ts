import { describe, expect, it } from '@jest/globals';
import { UuidParamPipe } from './params';

describe('UuidParamPipe', () => {
  const pipe = new UuidParamPipe();
  const meta = { type: 'param' as const, data: 'id' };

  it('answers a UUID path parameter in lower case, whatever case it came in', () => {
    expect(pipe.transform('0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B', meta)).toBe('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
  });

  it('refuses anything else as a 400 naming the parameter', () => {
    expect(() => pipe.transform('P-1', meta)).toThrow(
      expect.objectContaining({ kind: 'invalid', errors: [{ path: 'id', message: 'must be a UUID' }] }) as unknown as Error,
    );
  });
});
