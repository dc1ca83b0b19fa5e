import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import { startHarness, type Harness } from './infra/testing/harness';

/**
 * A lone UTF-16 surrogate is valid JSON (`"\ud800"`) but no store can keep it as given: SQLite keeps U+FFFD, so the
 * event would differ from what was hashed and verify would report tampering that never happened. The gateway
 * refuses it in every string and key of every body, before any route or schema, with a 400 naming the field.
 */
describe('gateway: text that is not well-formed Unicode', () => {
  let h: Harness;
  let staff: string;

  beforeAll(async () => {
    h = await startHarness();
    staff = h.token(['staff']);
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  const expectRefused = (r: { status: number; headers: Headers; body: Record<string, unknown> }, paths: string[]) => {
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    expect(r.body.errors).toEqual(paths.map((path) => ({ path, message: expect.stringContaining('well-formed Unicode') })));
    // nothing reached a service
    expect(h.fake.received).toEqual([]);
  };

  it('names `reason` when it holds a lone surrogate', async () => {
    const r = await h.request('POST', `/api/v1/mous/${newId()}/signatures`, {
      token: staff,
      body: { organisationId: newId(), reason: 'signed at the ceremony \ud800' },
    });
    expectRefused(r, ['reason']);
  });

  it('names a data field, however deep, and a key, __proto__ included', async () => {
    const r = await h.request('POST', `/api/v1/mous/${newId()}/amendments`, {
      token: staff,
      // sent as JSON text, escapes and all, as a client would
      rawBody: '{"summary":"ok","changes":{"clause 4":{"__proto__":{"amount":"1,000,000\\udc00"}},"k\\ud83d":1},"effectiveOn":"2026-01-01"}',
      headers: { 'content-type': 'application/json' },
    });
    expectRefused(r, ['changes.clause 4.__proto__.amount', 'changes.k\ufffd']);
  });

  it('covers bodies that routes parse themselves and nested arrays', async () => {
    const grant = await h.request('POST', '/api/v1/grants', { token: staff, body: { title: 'x', reason: '\udfff' } });
    expectRefused(grant, ['reason']);
    const org = await h.request('POST', '/api/v1/organisations', {
      token: staff,
      body: { name: 'ok', kind: 'private', country: 'TH', sectors: ['a', 'b\ud800'], contacts: [{ name: '\ud800' }] },
    });
    expectRefused(org, ['sectors[1]', 'contacts[0].name']);
  });

  it('still takes Thai text and emoji, whose surrogates come in pairs', async () => {
    const r = await h.request('POST', `/api/v1/mous/${newId()}/signature-request`, { token: staff, body: { reason: 'ตามมติ 🤝' } });
    expect(r.status).not.toBe(400);
    expect(h.fake.received.map((m) => m.subject)).toContain('mous.mou.request-signatures');
  });

  it('refuses a token whose subject, the actor of the events, holds a lone surrogate', async () => {
    const r = await h.request('POST', `/api/v1/mous/${newId()}/signature-request`, { token: h.token(['staff'], 'somsri\ud800'), body: {} });
    expect(r.status).toBe(401);
    expect(h.fake.received).toEqual([]);
  });
});
