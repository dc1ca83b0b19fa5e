import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import { freePort, spawnTs, startNatsServer, tempDir, type TestNatsServer, type TsChild } from '@pmt/testing';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FakeServices, fail, ok } from './infra/testing/fake-services';
import { ACCOUNT_CLAIMS, API_AUDIENCE, CLIENT_ID, CLIENT_SECRET } from './infra/testing/oidc-fixture';

/**
 * A real OpenID provider (oidc-provider) and the gateway run in a child Node process (spawnTs): oidc-provider,
 * openid-client and jose are ES modules, which jest's module system cannot load but Node's require() can. This
 * process drives them over real HTTP like a browser, with a cookie jar per origin, and answers for the services
 * over real NATS.
 */

/** A browser's cookies, kept per origin (enough here: each server sets only its own). */
class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.jars.get(url.origin) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(url: URL, res: Response): void {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    this.jars.set(url.origin, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.split('=');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired) jar.delete(name.trim());
      else jar.set(name.trim(), value.join('=').trim());
    }
  }

  get(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }
}

interface Stop {
  url: URL;
  status: number;
  res: Response;
}

/**
 * Follows redirects like a browser and fills in the provider's dev login and consent forms, until a redirect leads to
 * a URL `stopAt` accepts (not fetched) or a page that is not one of those forms (returned).
 */
async function browse(jar: CookieJar, start: string, stopAt: (url: URL) => boolean = () => false): Promise<Stop> {
  let url = new URL(start);
  let init: RequestInit = { method: 'GET' };
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) } });
    jar.keep(url, res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (stopAt(next)) return { url: next, status: res.status, res };
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const html = res.headers.get('content-type')?.includes('text/html') ? await res.text() : '';
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) return { url, status: res.status, res };
    const form = new URLSearchParams({ prompt, ...(prompt === 'login' && { login: 'somchai', password: 'any' }) });
    url = new URL(action.replace(/&amp;/g, '&'), url);
    init = { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error(`too many redirects from ${start}`);
}

describe('sign-in with a real OpenID Connect provider (code + PKCE) and its access tokens on the API', () => {
  let nats: TestNatsServer;
  let fake: FakeServices;
  let child: TsChild;
  const dir = tempDir('pmt-oidc-');
  let urls: { issuer: string; otherIssuer: string; gateway: string };
  const orgId = newId();

  beforeAll(async () => {
    nats = await startNatsServer();
    fake = await FakeServices.start(nats.url);
    await fake.handle('partners.organisation.get', (m) => {
      const id = (m.params as { id: string }).id;
      return id === orgId ? ok({ id, name: 'NIA', version: 1 }) : fail({ code: 'ORGANISATION.NOT_FOUND', kind: 'not-found', message: 'no such organisation' });
    });
    child = spawnTs(join(__dirname, 'infra', 'testing', 'oidc-stack.child.ts'), [], {
      NATS_URL: nats.url,
      DATA_DIR: dir.path,
      GATEWAY_PORT: String(await freePort()),
    });
    urls = JSON.parse((await child.line(/^READY /, 60_000)).slice('READY '.length));
  }, 90_000);
  afterAll(async () => {
    child?.child.kill('SIGTERM');
    await child?.exited;
    await fake?.stop();
    await nats?.stop();
    dir.remove();
  });

  const api = (path: string, init: { token?: string; cookie?: string; method?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${urls.gateway}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...init.headers, ...(init.token && { authorization: `Bearer ${init.token}` }), ...(init.cookie && { cookie: init.cookie }) },
    });

  /** A token from the provider's token endpoint by client credentials, for a resource (its audience). */
  async function clientCredentialsToken(issuer: string, resource: string): Promise<string> {
    const res = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'api' }).toString(),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token from ${issuer}: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  it('lists the provider’s login URL', async () => {
    expect(await (await api('/api/v1/session/providers')).json()).toEqual({ local: true, oidc: { loginUrl: '/api/v1/session/oidc/login' } });
  });

  it('signs a browser in through the provider and back to returnTo, with the provider’s roles and teams', async () => {
    const jar = new CookieJar();
    const login = await fetch(`${urls.gateway}/api/v1/session/oidc/login?returnTo=${encodeURIComponent('/mous/abc?tab=kpis')}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const toProvider = new URL(login.headers.get('location')!);
    expect(toProvider.origin).toBe(urls.issuer);
    expect(toProvider.searchParams.get('code_challenge_method')).toBe('S256');
    expect(toProvider.searchParams.get('code_challenge')).toBeTruthy();
    jar.keep(new URL(urls.gateway), login);

    const back = await browse(jar, toProvider.href, (u) => u.origin === urls.gateway);
    expect(back.url.pathname).toBe('/api/v1/session/oidc/callback');
    const end = await browse(jar, back.url.href, (u) => u.origin === urls.gateway && !u.pathname.startsWith('/api/'));
    expect(end.status).toBe(302);
    expect(end.url.pathname + end.url.search).toBe('/mous/abc?tab=kpis');
    expect(end.res.headers.get('set-cookie')).toMatch(/pmt_session=[^;]+;.*HttpOnly/i);

    const cookie = jar.header(new URL(urls.gateway));
    const session = await api('/api/v1/session', { cookie });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ user: { sub: 'somchai', email: ACCOUNT_CLAIMS.email, roles: ['staff'], teams: ['IASA'] } });
    expect((await api(`/api/v1/organisations/${orgId}`, { cookie })).status).toBe(200);
    expect(fake.last('partners.organisation.get')!.message.actor).toBe('somchai');

    // the same callback again (a replayed code and state) signs nobody in
    const replay = await fetch(back.url, { redirect: 'manual', headers: { cookie: `pmt_oidc_state=${back.url.searchParams.get('state')}` } });
    expect(replay.status).toBe(401);
  });

  it('refuses a callback whose state this browser did not start (login CSRF)', async () => {
    const login = await fetch(`${urls.gateway}/api/v1/session/oidc/login`, { redirect: 'manual' });
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    const r = await fetch(`${urls.gateway}/api/v1/session/oidc/callback?code=x&state=${state}`, { redirect: 'manual' });
    expect(r.status).toBe(401);
  });

  it('sends the browser only to a path on this site after sign-in', async () => {
    const jar = new CookieJar();
    const login = await fetch(`${urls.gateway}/api/v1/session/oidc/login?returnTo=${encodeURIComponent('//evil.example/x')}`, { redirect: 'manual' });
    jar.keep(new URL(urls.gateway), login);
    const back = await browse(jar, login.headers.get('location')!, (u) => u.origin === urls.gateway);
    const end = await browse(jar, back.url.href, (u) => !u.pathname.startsWith('/api/'));
    expect(end.url.href).toBe(`${urls.gateway}/`);
  });

  it('accepts the provider’s access token from a code + PKCE flow on the API, with its subject as the actor', async () => {
    // an API client of its own: code + PKCE against the provider, then the token endpoint
    const jar = new CookieJar();
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${urls.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: `${urls.gateway}/api/v1/session/oidc/callback`,
      scope: 'openid api',
      state: 'client-state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const back = await browse(jar, authorize.href, (u) => u.origin === urls.gateway);
    const code = back.url.searchParams.get('code')!;
    const res = await fetch(`${urls.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${urls.gateway}/api/v1/session/oidc/callback`,
        code_verifier: verifier,
      }).toString(),
    });
    const { access_token: token } = (await res.json()) as { access_token: string };
    expect(token.split('.')).toHaveLength(3);

    fake.clear();
    const r = await api(`/api/v1/organisations/${orgId}`, { token });
    expect(r.status).toBe(200);
    expect(fake.last('partners.organisation.get')!.message.actor).toBe('somchai');
    // the staff role came from the token's roles claim: a viewer could not get past a write's role check to its body
    const write = await fetch(`${urls.gateway}/api/v1/organisations/${orgId}/rename`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(write.status).toBe(400);
  });

  it('refuses a token of another issuer and one for another audience', async () => {
    const good = await clientCredentialsToken(urls.issuer, API_AUDIENCE);
    expect((await api(`/api/v1/organisations/${orgId}`, { token: good })).status).toBe(200);

    const otherAudience = await clientCredentialsToken(urls.issuer, 'https://other.example/api');
    expect((await api(`/api/v1/organisations/${orgId}`, { token: otherAudience })).status).toBe(401);

    const otherIssuer = await clientCredentialsToken(urls.otherIssuer, API_AUDIENCE);
    expect((await api(`/api/v1/organisations/${orgId}`, { token: otherIssuer })).status).toBe(401);
  });

  it('refuses a token that names the issuer but is signed with another key', async () => {
    const forged = await clientCredentialsToken(urls.otherIssuer, API_AUDIENCE);
    const [header, payload, signature] = forged.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const relabelled = Buffer.from(JSON.stringify({ ...claims, iss: urls.issuer })).toString('base64url');
    expect((await api(`/api/v1/organisations/${orgId}`, { token: `${header}.${relabelled}.${signature}` })).status).toBe(401);
  });
});
