import { describe, expect, it } from '@jest/globals';
import { isUuid } from '@pmt/kernel';
import { commandIdFor, requestFingerprint } from './idempotency';

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

describe('the fingerprint of a request with an Idempotency-Key', () => {
  const request = {
    method: 'POST',
    path: '/api/v1/grants/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/disbursements',
    body: { amount: { amount: 100, currency: 'THB' }, disbursedOn: '2025-03-01' },
  };

  it('is the same for the same request, whatever the key order, method case or id case', () => {
    const f = requestFingerprint(request);
    expect(f).toMatch(/^[0-9a-f]{64}$/);
    expect(
      requestFingerprint({
        ...request,
        method: 'post',
        path: request.path.toUpperCase(),
        body: { disbursedOn: '2025-03-01', amount: { currency: 'THB', amount: 100 } },
      }),
    ).toBe(f);
  });

  it('differs when the body, the path, the method or Occurred-At differs', () => {
    const f = requestFingerprint(request);
    for (const change of [
      { body: { ...request.body, amount: { amount: 200, currency: 'THB' } } },
      { path: '/api/v1/grants/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c/disbursements' },
      { method: 'PUT' },
      { occurredAt: '2025-03-01T00:00:00.000Z' },
      { body: undefined },
    ]) {
      expect(requestFingerprint({ ...request, ...change })).not.toBe(f);
    }
  });
});
