import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@pmt/kernel';
import { AccountStore } from './accounts/store/account-store';
import { startHarness, type Harness, type HttpResult } from './infra/testing/harness';

const ORG = { name: 'Acme Co., Ltd.', kind: 'private', country: 'TH' };
const PASSWORD = 'correct horse battery staple';

/** The pmt_session=... pair of a Set-Cookie header, as a browser would send it back. */
function cookieOf(r: HttpResult): string {
  const set = r.headers.get('set-cookie') ?? '';
  const pair = /pmt_session=[^;]*/.exec(set);
  if (!pair) throw new Error(`no pmt_session cookie in ${JSON.stringify(set)}`);
  return pair[0];
}

describe('local sign-in and cookie sessions (real HTTP, real NATS, real SQLite accounts)', () => {
  let h: Harness;
  let accounts: AccountStore;
  const clock = new ManualClock('2026-12-04T10:00:00Z');

  beforeAll(async () => {
    h = await startHarness({ clock });
    // a second handle on DATA_DIR/accounts.sqlite, as `npm run user` would open it beside the running gateway
    accounts = AccountStore.open(h.gateway.config.dataDir);
    await accounts.add({ email: 'Somchai@Example.ac.th', password: PASSWORD, roles: ['staff'], teams: ['IASA'], name: 'Somchai' });
    await accounts.add({ email: 'viewer@example.ac.th', password: PASSWORD, roles: ['viewer'], teams: ['NMCO'] });
  });
  afterAll(async () => {
    accounts?.close();
    await h?.stop();
  });

  const signIn = (email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
    h.request('POST', '/api/v1/session', { body: { email, password }, headers });

  it('lists the local provider only when OIDC is not configured', async () => {
    const r = await h.request('GET', '/api/v1/session/providers');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ local: true, oidc: false });
  });

  it('signs in (email in any case) and sets an HttpOnly, SameSite=Lax, Path=/ cookie that is not Secure over plain HTTP', async () => {
    const r = await signIn('SOMCHAI@example.AC.th');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      user: { sub: 'somchai@example.ac.th', email: 'somchai@example.ac.th', name: 'Somchai', roles: ['staff'], teams: ['IASA'] },
    });
    expect(typeof r.body.csrfToken).toBe('string');
    expect(new Date(r.body.expiresAt).toISOString()).toBe('2026-12-04T10:30:00.000Z');
    const set = r.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toMatch(/Secure/i);
  });

  it('ignores X-Forwarded-Proto when TRUST_PROXY is not set', async () => {
    const r = await signIn('somchai@example.ac.th', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(r.headers.get('set-cookie')).not.toMatch(/Secure/i);
  });

  it('answers 400 naming the missing fields', async () => {
    const r = await h.request('POST', '/api/v1/session', { body: {} });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password']);
  });

  it('answers the same 401 for a wrong password, an unknown email and a disabled account, with no cookie', async () => {
    await accounts.add({ email: 'gone@example.ac.th', password: PASSWORD, roles: ['staff'], teams: [] });
    accounts.disable('gone@example.ac.th');
    const answers = [await signIn('somchai@example.ac.th', 'wrong password'), await signIn('nobody@example.ac.th'), await signIn('gone@example.ac.th')];
    for (const r of answers) {
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    const shape = (r: HttpResult) => ({ code: r.body.code, detail: r.body.detail, title: r.body.title });
    expect(shape(answers[1])).toEqual(shape(answers[0]));
    expect(shape(answers[2])).toEqual(shape(answers[0]));
  });

  it('reads with the cookie; a write without X-CSRF-Token is 403, with it the actor is the account email', async () => {
    const s = await signIn('somchai@example.ac.th');
    const cookie = cookieOf(s);

    const read = await h.request('GET', '/api/v1/session', { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(read.body.user.email).toBe('somchai@example.ac.th');

    h.fake.clear();
    const noCsrf = await h.request('POST', '/api/v1/organisations', { body: ORG, headers: { cookie } });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const wrongCsrf = await h.request('POST', '/api/v1/organisations', { body: ORG, headers: { cookie, 'x-csrf-token': 'guess' } });
    expect(wrongCsrf.status).toBe(403);
    expect(h.fake.all('partners.organisation.register')).toHaveLength(0);

    const ok = await h.request('POST', '/api/v1/organisations', { body: ORG, headers: { cookie, 'x-csrf-token': s.body.csrfToken } });
    expect(ok.status).toBe(201);
    expect(h.fake.last('partners.organisation.register')!.message.actor).toBe('somchai@example.ac.th');
  });

  it('keeps the roles of the account: a viewer signed in may read but not write', async () => {
    const s = await signIn('viewer@example.ac.th');
    const headers = { cookie: cookieOf(s), 'x-csrf-token': s.body.csrfToken };
    expect((await h.request('POST', '/api/v1/organisations', { body: ORG, headers })).status).toBe(403);
    expect((await h.request('GET', '/api/v1/session', { headers })).body.user.roles).toEqual(['viewer']);
  });

  it('still takes bearer tokens, with no CSRF header', async () => {
    const r = await h.request('POST', '/api/v1/organisations', { token: h.token(['staff'], 'api-client'), body: ORG });
    expect(r.status).toBe(201);
  });

  it('signs out: 204, the cookie is cleared, and the old cookie is 401 afterwards', async () => {
    const s = await signIn('somchai@example.ac.th');
    const cookie = cookieOf(s);
    expect((await h.request('DELETE', '/api/v1/session', { headers: { cookie } })).status).toBe(403);

    const out = await h.request('DELETE', '/api/v1/session', { headers: { cookie, 'x-csrf-token': s.body.csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/pmt_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await h.request('GET', '/api/v1/session', { headers: { cookie } })).status).toBe(401);
    expect((await h.request('GET', '/api/v1/organisations', { headers: { cookie } })).status).toBe(401);
  });

  it('stops a disabled account’s live sessions', async () => {
    await accounts.add({ email: 'leaver@example.ac.th', password: PASSWORD, roles: ['staff'], teams: ['IMO'] });
    const cookie = cookieOf(await signIn('leaver@example.ac.th'));
    expect((await h.request('GET', '/api/v1/session', { headers: { cookie } })).status).toBe(200);
    accounts.disable('leaver@example.ac.th');
    expect((await h.request('GET', '/api/v1/session', { headers: { cookie } })).status).toBe(401);
    expect((await h.request('GET', '/api/v1/organisations', { headers: { cookie } })).status).toBe(401);
  });

  it('expires after SESSION_TTL_MINUTES without use, and each request slides the expiry forward', async () => {
    clock.set('2026-12-04T11:00:00Z');
    const cookie = cookieOf(await signIn('somchai@example.ac.th'));
    const minutes = (n: number) => clock.advance(n * 60_000);

    minutes(20);
    const renewed = await h.request('GET', '/api/v1/session', { headers: { cookie } });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expiresAt).toBe('2026-12-04T11:50:00.000Z');
    minutes(20); // 40 minutes after sign-in: alive only because the last request renewed it
    expect((await h.request('GET', '/api/v1/organisations', { headers: { cookie } })).status).not.toBe(401);
    minutes(31);
    expect((await h.request('GET', '/api/v1/session', { headers: { cookie } })).status).toBe(401);
    expect((await h.request('GET', '/api/v1/organisations', { headers: { cookie } })).status).toBe(401);
  });

  it('answers 401 to a made-up cookie', async () => {
    expect((await h.request('GET', '/api/v1/organisations', { headers: { cookie: 'pmt_session=forged' } })).status).toBe(401);
  });
});

describe('the session cookie behind a TLS proxy', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ trustProxy: true });
    const accounts = AccountStore.open(h.gateway.config.dataDir);
    await accounts.add({ email: 'a@example.ac.th', password: PASSWORD, roles: ['admin'], teams: [] });
    accounts.close();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is Secure when TRUST_PROXY is set and X-Forwarded-Proto says https', async () => {
    const r = await h.request('POST', '/api/v1/session', { body: { email: 'a@example.ac.th', password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });
});
