import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness } from './infra/testing/harness';

/**
 * What a script or a hostile client meets at the gateway, over real HTTP and NATS: the rate limit, the security
 * headers, the body limit, text that displays in another order than it is stored, bodies nested to crash a walker,
 * and lists of ids meant to turn one request into thousands of questions to partners.
 */
describe('gateway: abuse and hostile input', () => {
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

  const paths = (r: { body: { errors?: Array<{ path: string }> } }) => (r.body.errors ?? []).map((e) => e.path);

  it('sends security headers on every answer: API, errors and the docs, whose scripts are same-origin', async () => {
    for (const [path, token] of [
      ['/api/v1/organisations/not-a-uuid', staff],
      ['/api/v1/organisations', null],
      ['/health/live', null],
      ['/api/docs', null],
      ['/nowhere', null],
    ] as const) {
      const r = await h.request('GET', path, { token });
      const csp = r.headers.get('content-security-policy') ?? '';
      expect({ path, nosniff: r.headers.get('x-content-type-options'), frame: r.headers.get('x-frame-options') }).toEqual({
        path,
        nosniff: 'nosniff',
        frame: 'SAMEORIGIN',
      });
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-powered-by')).toBeNull();
    }
    const docs = await h.request('GET', '/api/docs');
    expect(docs.status).toBe(200);
    // every script the docs page loads is a file of this origin (an inline one would be blocked by the CSP)
    expect(docs.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const init = await h.request('GET', '/api/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
  });

  it('answers a body larger than the limit with 413 problem+json, before any service is asked', async () => {
    const limit = h.gateway.config.bodyLimitBytes;
    expect(limit).toBeLessThanOrEqual(512 * 1024);
    const r = await h.request('POST', '/api/v1/organisations', { token: staff, body: { name: 'x'.repeat(limit), kind: 'private', country: 'TH' } });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.code).toBe('REQUEST.TOO_LARGE');
    expect(h.fake.received).toEqual([]);
  });

  it('refuses control characters and bidirectional overrides in any text field, naming each (400, nothing forwarded)', async () => {
    const r = await h.request('POST', '/api/v1/organisations', {
      token: staff,
      body: {
        name: 'NIA\u202e',
        nameEn: 'ok',
        kind: 'government',
        country: 'TH',
        sectors: ['ok', 'bell\u0007'],
        contacts: [{ name: 'a\u2066b\u2069', email: 'x@example.org' }],
      },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(paths(r)).toEqual(['name', 'sectors[1]', 'contacts[0].name']);
    expect(r.body.errors[0].message).toMatch(/control characters or bidirectional overrides/);
    expect(h.fake.received).toEqual([]);
  });

  it('keeps multi-line notes and Thai text', async () => {
    const r = await h.request('POST', '/api/v1/organisations', {
      token: staff,
      body: {
        name: 'สำนักงานนวัตกรรมแห่งชาติ',
        kind: 'government',
        country: 'TH',
        contacts: [{ name: 'ฝ่ายความร่วมมือ\nPartnership desk', role: 'coordinator', email: 'partnership@nia.example' }],
      },
    });
    expect(r.status).toBe(201);
  });

  it('refuses a body nested deeper than any schema with a 400, not a crash', async () => {
    const depth = 100_000;
    const r = await h.request('POST', '/api/v1/organisations', {
      token: staff,
      rawBody: `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('REQUEST.TOO_DEEP');
    expect((await h.request('GET', '/health/live')).status).toBe(200);
  });
});

describe('gateway: rate limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimitPerMinute: 5 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 429 problem+json with Retry-After once an address or a token has made its requests for the minute', async () => {
    const token = h.token(['viewer'], 'script@example.org');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await h.request('GET', '/api/v1/calendar/feed-tokens', { token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await h.request('GET', '/api/v1/calendar/feed-tokens', { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    // the address is spent too: another token, or none at all, from here is refused as well
    expect((await h.request('GET', '/api/v1/calendar/feed-tokens', { token: h.token(['viewer'], 'other@example.org') })).status).toBe(429);
    expect((await h.request('GET', '/api/v1/organisations')).status).toBe(429);
    // health probes are never limited
    expect((await h.request('GET', '/health/live')).status).toBe(200);
  });
});

describe('gateway: rate limit per token behind a proxy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimitPerMinute: 3, trustProxy: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('counts one token across addresses, and each address on its own', async () => {
    const token = h.token(['viewer'], 'roaming@example.org');
    const from = (n: number, t: string | null = token) =>
      h.request('GET', '/api/v1/calendar/feed-tokens', { token: t, headers: { 'x-forwarded-for': `203.0.113.${n}` } });
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await from(i)).status);
    // four addresses, one token: the token's bucket runs out at the fourth
    expect(statuses).toEqual([200, 200, 200, 429]);
    // a new address with a new token is untouched
    expect((await from(50, h.token(['viewer'], 'someone@example.org'))).status).toBe(200);
  });
});
