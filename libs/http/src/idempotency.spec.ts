import { describe, expect, it } from '@jest/globals';
import { isUuid } from '@pmt/kernel';
import { commandIdFor } from './idempotency';

describe('Idempotency-Key → command id', () => {
  const base = { actor: 'u1', method: 'POST', path: '/api/v1/mous', key: 'k-1' };

  it('is a deterministic UUID of actor, method, path and key', () => {
    const id = commandIdFor(base);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect(commandIdFor({ ...base })).toBe(id);
    expect(commandIdFor({ ...base, method: 'post' })).toBe(id);
  });

  it('differs when any part differs', () => {
    const id = commandIdFor(base);
    for (const change of [{ actor: 'u2' }, { path: '/api/v1/organisations' }, { key: 'k-2' }, { method: 'PUT' }]) {
      expect(commandIdFor({ ...base, ...change })).not.toBe(id);
    }
  });

  it('is a fresh id per request without a key', () => {
    const a = commandIdFor({ ...base, key: undefined });
    const b = commandIdFor({ ...base, key: undefined });
    expect(isUuid(a) && isUuid(b)).toBe(true);
    expect(a).not.toBe(b);
  });

  it.each(['', 'x'.repeat(256), 'has space', 'ไทย'])('refuses the key %j', (key) => {
    expect(() => commandIdFor({ ...base, key })).toThrow(expect.objectContaining({ kind: 'invalid' }) as unknown as Error);
  });
});
