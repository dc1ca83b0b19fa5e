import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { newId } from '@pmt/kernel';
import { until } from '@pmt/testing';
import { SECRET, startHarness, type Harness } from './infra/testing/harness';

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);
const TOKEN_SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'token.js');

/** What `npm run token` prints, with the gateway's secret (and iss / aud when given). */
function scriptToken(env: Record<string, string> = {}, args: string[] = []): string {
  return execFileSync(process.execPath, [TOKEN_SCRIPT, '--sub', 'cli@example.org', '--roles', 'viewer', ...args], {
    env: { PATH: process.env.PATH, AUTH_JWT_SECRET: SECRET, ...env },
    encoding: 'utf8',
  }).trim();
}

describe('bearer token rules (real HTTP)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await until(async () => (await h.request('GET', '/health/ready')).status === 200);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const status = async (token: string) => (await h.request('GET', '/api/v1/session/providers', { token })).status;
  // a read of an organisation nobody registered: 401 when the token is refused, 404 when it got past the guard
  const guarded = async (token: string) => (await h.request('GET', `/api/v1/organisations/${newId()}`, { token })).status;

  it('refuses a token without exp', async () => {
    const r = await h.request('GET', `/api/v1/organisations/${newId()}`, { token: h.token(['admin'], 'u', { claims: { exp: undefined } }) });
    expect(r.status).toBe(401);
    expect(r.body.detail).toMatch(/expir/);
  });

  it('refuses a lifetime over 12 hours, and takes one of 12 hours', async () => {
    expect(await guarded(h.token(['admin'], 'u', { expiresIn: 13 * HOUR }))).toBe(401);
    expect(await guarded(h.token(['admin'], 'u', { claims: { iat: undefined, exp: now() + 13 * HOUR } }))).toBe(401);
    expect(await guarded(h.token(['admin'], 'u', { expiresIn: 12 * HOUR - 5 }))).toBe(404);
  });

  it('honours nbf with a small clock skew', async () => {
    expect(await guarded(h.token(['admin'], 'u', { claims: { nbf: now() + 5 } }))).toBe(404);
    expect(await guarded(h.token(['admin'], 'u', { claims: { nbf: now() + 10 * 60 } }))).toBe(401);
  });

  it('accepts what npm run token prints (8 hours by default), and the script refuses a ttl over 12 hours', async () => {
    const token = scriptToken();
    const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { iat: number; exp: number };
    expect(exp - iat).toBe(8 * HOUR);
    expect(await guarded(token)).toBe(404);
    expect(() => scriptToken({}, ['--ttl', '24h'])).toThrow();
  });

  it('leaves public routes public', async () => {
    expect(await status('garbage.garbage.garbage')).toBe(200);
  });
});

describe('bearer tokens with AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE set (real HTTP)', () => {
  let h: Harness;
  const iss = 'https://pmt.example.org';
  const aud = 'pmt-api';

  beforeAll(async () => {
    h = await startHarness({ jwtIssuer: iss, jwtAudience: aud });
    // the gateway's NATS connection comes up in the background: a read before it has is 503, not the 404 looked for
    await until(async () => (await h.request('GET', '/health/ready')).status === 200);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const guarded = async (claims: Record<string, unknown>) =>
    (await h.request('GET', `/api/v1/organisations/${newId()}`, { token: h.token(['admin'], 'u', { claims }) })).status;

  it('takes a token with the right iss and aud', async () => {
    expect(await guarded({ iss, aud })).toBe(404);
    expect(await guarded({ iss, aud: ['other', aud] })).toBe(404);
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example', aud }],
    ['no issuer', { aud }],
    ['another audience', { iss, aud: 'someone-else' }],
    ['no audience', { iss }],
  ])('refuses a token with %s', async (_, claims) => {
    expect(await guarded(claims)).toBe(401);
  });

  it('accepts what npm run token prints with the same variables', async () => {
    const token = scriptToken({ AUTH_JWT_ISSUER: iss, AUTH_JWT_AUDIENCE: aud });
    expect((await h.request('GET', `/api/v1/organisations/${newId()}`, { token })).status).toBe(404);
  });
});
