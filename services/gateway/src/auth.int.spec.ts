import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import { startHarness, type Harness } from './infra/testing/harness';

const ORG = { name: 'Acme Co., Ltd.', kind: 'private', country: 'TH' };

describe('gateway auth (real NATS, fake services, real HTTP)', () => {
  let h: Harness;
  const someId = newId();

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 401 problem+json with WWW-Authenticate when the token is missing', async () => {
    const r = await h.request('GET', '/api/v1/organisations');
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="pmt"/);
    expect(r.body).toMatchObject({ status: 401, title: 'Unauthorized', code: 'AUTH.MISSING_TOKEN' });
    expect(typeof r.body.type).toBe('string');
    expect(typeof r.body.detail).toBe('string');
  });

  it.each([
    ['a token signed with another secret', () => h.token(['admin'], 'u', { secret: 'not-the-secret' })],
    ['an expired token', () => h.token(['admin'], 'u', { expiresIn: -10 })],
    ['garbage', () => 'not.a.jwt'],
    [
      'an unsigned token (alg none)',
      () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"u","roles":["admin"]}').toString('base64url')}.`,
    ],
  ])('answers 401 with error="invalid_token" for %s', async (_, make) => {
    const r = await h.request('GET', '/api/v1/organisations', { token: make() });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers 401 for a token without a subject', async () => {
    const r = await h.request('GET', '/api/v1/organisations', { token: h.token(['admin'], '') });
    expect(r.status).toBe(401);
  });

  it('answers 401 when the scheme is not Bearer', async () => {
    const r = await h.request('GET', '/api/v1/organisations', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(r.status).toBe(401);
  });

  const writes: [string, string, unknown][] = [
    ['POST', '/api/v1/organisations', ORG],
    ['POST', `/api/v1/organisations/${someId}/rename`, { name: 'x' }],
    ['POST', `/api/v1/mous/${someId}/signature-request`, {}],
  ];

  it.each(['admin', 'staff'])('lets %s write', async (role) => {
    for (const [method, path, body] of writes) {
      const r = await h.request(method, path, { token: h.token([role]), body });
      expect([200, 201]).toContain(r.status);
    }
  });

  it.each(['auditor', 'viewer'])('forbids %s to write (403 problem+json)', async (role) => {
    for (const [method, path, body] of writes) {
      const r = await h.request(method, path, { token: h.token([role]), body });
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body.code).toBe('AUTH.FORBIDDEN');
    }
  });

  it('forbids a token with no roles claim', async () => {
    const r = await h.request('GET', '/api/v1/organisations', { token: h.token([]) });
    expect(r.status).toBe(403);
  });

  const audits = [
    `/api/v1/mous/${someId}/history`,
    `/api/v1/mous/${someId}/history?version=2`,
    `/api/v1/mous/${someId}/history/verify`,
    `/api/v1/organisations/${someId}/history/export?format=csv`,
    `/api/v1/mous/${someId}/history/diff?from=1&to=2`,
  ];

  beforeAll(async () => {
    const ok = (value: unknown) => () => ({ ok: true as const, value });
    for (const agg of ['partners.organisation', 'mous.mou']) {
      await h.fake.handle(`${agg}.list`, ok({ items: [], nextCursor: null }));
      await h.fake.handle(`${agg}.history`, ok({ items: [], nextCursor: null }));
      await h.fake.handle(`${agg}.diff`, ok({ from: { version: 1, at: null }, to: { version: 2, at: null }, changes: [], truncated: false }));
      await h.fake.handle(`${agg}.state-at`, ok({ id: someId, version: 2, state: {} }));
      await h.fake.handle(`${agg}.verify`, ok({ valid: true, events: 0, firstInvalidVersion: null }));
      await h.fake.handle(`${agg}.export`, ok({ filename: 'h.csv', contentType: 'text/csv', toVersion: 1, chunk: 'a,b\n', nextCursor: null }));
      await h.fake.handle(`${agg}.get`, ok({ id: someId, version: 1 }));
    }
  });

  it.each(['admin', 'staff', 'auditor'])('lets %s read history, verify and export', async (role) => {
    for (const path of audits) expect((await h.request('GET', path, { token: h.token([role]) })).status).toBe(200);
  });

  it('forbids a viewer history, verification and export', async () => {
    for (const path of audits) expect((await h.request('GET', path, { token: h.token(['viewer']) })).status).toBe(403);
  });

  it.each(['admin', 'staff', 'auditor', 'viewer'])('lets %s read resources and lists', async (role) => {
    for (const path of ['/api/v1/organisations', `/api/v1/organisations/${someId}`, '/api/v1/mous', `/api/v1/mous/${someId}`]) {
      expect((await h.request('GET', path, { token: h.token([role]) })).status).toBe(200);
    }
  });

  it('keeps health and docs public', async () => {
    expect((await h.request('GET', '/health/live')).status).toBe(200);
    expect((await h.request('GET', '/health/ready')).status).toBe(200);
    expect((await h.request('GET', '/api/docs-json')).status).toBe(200);
    expect((await h.request('GET', '/api/docs')).status).toBe(200);
  });
});
