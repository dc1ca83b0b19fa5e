import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sign } from 'jsonwebtoken';
import type { Role } from '@pmt/http';
import { eventually, freePort, tempDir } from '@pmt/testing';
import type * as GatewayAppModule from '../../services/gateway/src/app';
import type * as ServedRoutesModule from '../../services/gateway/src/infra/http/served-routes';
import type { ServedRoute } from '../../services/gateway/src/infra/http/served-routes';
import { SECRET, startProduct, type Product } from '../support/product';
import { ORG, ORG2, ROUTE_RULES, type Rule } from './route-rules';

const ROLES: readonly Role[] = ['admin', 'staff', 'auditor', 'viewer'];
const LEAD = 'IASA';
const OTHER = 'NMCO';
/** The kinds that may be confidential, by the collection in their path. */
const CONFIDENTIAL_KINDS = ['mous', 'proposals', 'grants', 'activities'] as const;
type Kind = (typeof CONFIDENTIAL_KINDS)[number];
const CONFIDENTIAL_ROUTE = /^\/api\/v1\/(mous|proposals|grants|activities)\/\{id\}(\/|$)/;
/** An id that names nothing anywhere. */
const NOWHERE = randomUUID();
const USER_SCRIPT = join(__dirname, '..', '..', 'scripts', 'user.js');
const PARALLEL = 8;
const run = promisify(execFile);
/** The gateway's answer to a path no route serves. */
const NO_ROUTE = 'ROUTE.NOT_FOUND';

interface Caller {
  name: string;
  roles: Role[];
  teams?: string[];
}
interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
  headers: Headers;
}

const keyOf = (r: ServedRoute) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`;
const methodOf = (key: string) => key.slice(0, key.indexOf(' '));
const pathOf = (key: string) => key.slice(key.indexOf(' ') + 1);
const rolesOf = (rule: Rule): readonly Role[] | undefined => ('roles' in rule ? rule.roles : undefined);
const isRead = (key: string) => methodOf(key) === 'GET';

/** Runs `jobs` a few at a time: the whole table in well under a minute, without flooding a 2-core machine. */
async function inParallel<T>(jobs: Array<() => Promise<T>>, n = PARALLEL): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }),
  );
  return results;
}

/**
 * The routes of the very build the product runs (dist/), read from its Express router and Nest's metadata by the
 * gateway's own `servedRoutes`: started in this process without NATS, with the OpenID Connect sign-in on (its routes
 * exist only then), as the product below is.
 */
async function routesOfTheBuiltGateway(oidcIssuer: string): Promise<ServedRoute[]> {
  const dist = join(__dirname, '..', '..', 'dist', 'services', 'gateway', 'src');
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createGatewayApp } = require(join(dist, 'app.js')) as typeof GatewayAppModule;
  const { servedRoutes } = require(join(dist, 'infra', 'http', 'served-routes.js')) as typeof ServedRoutesModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = tempDir('pmt-routes-');
  const gateway = await createGatewayApp({
    port: 0,
    host: '127.0.0.1',
    natsUrl: `nats://127.0.0.1:${await freePort()}`,
    jwtSecret: SECRET,
    logLevel: 'silent',
    dataDir: dir.path,
    oidc: {
      issuer: oidcIssuer,
      clientId: 'authz-e2e',
      clientSecret: 'authz-e2e',
      audience: 'authz-e2e',
      rolesClaim: 'roles',
      teamsClaim: 'teams',
      scopes: 'openid',
    },
  });
  try {
    return servedRoutes(gateway.app);
  } finally {
    await gateway.close();
    dir.remove();
  }
}

/** What a caller could tell apart in a problem answer: everything but the ids in it and the request's own correlation. */
function problemShape(a: Answer, ...ids: string[]): unknown {
  if (typeof a.body !== 'object' || a.body === null) return { status: a.status, text: a.text };
  let text = JSON.stringify({ ...a.body, instance: undefined, correlationId: undefined });
  for (const id of ids) text = text.split(id).join('<id>');
  return { status: a.status, contentType: a.headers.get('content-type'), body: JSON.parse(text) };
}

/**
 * Issue 12: every route the gateway serves x every role x a team that may not see a confidential record. The routes
 * come from the gateway itself; the rules from route-rules.ts; the requests go to the whole product with real tokens.
 */
let oidcIssuer: string;
let routes: ServedRoute[];
let served: string[];

beforeAll(async () => {
  // no provider answers there: the product's login route answers 503; what matters is that the OIDC routes exist
  oidcIssuer = `http://127.0.0.1:${await freePort()}/`;
  routes = await routesOfTheBuiltGateway(oidcIssuer);
  served = routes.map(keyOf);
}, 60_000);

describe('the route table', () => {
  it('has a rule for every route the gateway serves, and none for a route it does not serve', () => {
    expect(served.length).toBeGreaterThan(90);
    const missing = served.filter((k) => !(k in ROUTE_RULES)).map((k) => `new route without a rule: ${k}`);
    const gone = Object.keys(ROUTE_RULES)
      .filter((k) => !served.includes(k))
      .map((k) => `rule for a route the gateway does not serve: ${k}`);
    expect([...missing, ...gone]).toEqual([]);
  });

  it('agrees with what each route’s own metadata tells the guard (@Roles, @Public, its guards)', () => {
    const disagreements: string[] = [];
    for (const route of routes) {
      const key = keyOf(route);
      const rule = ROUTE_RULES[key];
      if (!rule) continue;
      const a = route.access;
      const say = (what: string) => disagreements.push(`${key}: ${what}`);
      if (!a) {
        // mounted beside Nest's controllers, outside every guard: only the docs and middleware may be
        if (!('public' in rule || 'middleware' in rule || 'notFound' in rule)) say('is not a controller route, so no guard checks what the table says');
        continue;
      }
      if ('middleware' in rule || 'notFound' in rule) say(`is a controller route (${a.controller}.${a.handler}), not ${Object.keys(rule).join()}`);
      const roles = rolesOf(rule);
      if (roles) {
        if (a.public) say('is @Public() but the table gives it roles');
        else if (!a.roles) say(`has no @Roles: any valid token opens it, the table says ${roles.join(', ')}`);
        else if ([...a.roles].sort().join() !== [...roles].sort().join()) say(`@Roles(${a.roles.join(', ')}) but the table says ${roles.join(', ')}`);
      } else if (!('middleware' in rule || 'notFound' in rule)) {
        if (!a.public) say(`needs a token (@Roles(${a.roles?.join(', ') ?? ''})) but the table says ${Object.keys(rule).join()}`);
        if (a.roles) say(`has @Roles(${a.roles.join(', ')}) that @Public() makes moot`);
        if ('feedKey' in rule !== a.guards.includes('FeedKeyGuard'))
          say(`guards [${a.guards.join(', ')}] disagree with the table's ${Object.keys(rule).join()}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('every route x role x team against the whole product', () => {
  let product: Product;
  const ids = {} as Record<Kind | 'organisations' | 'contactId' | 'org2', string>;

  const token = (c: Pick<Caller, 'roles' | 'teams'>, sub = 'authz@step.example') =>
    sign({ sub, roles: c.roles, ...(c.teams && { teams: c.teams }) }, SECRET, { algorithm: 'HS256', expiresIn: '1h' });

  async function call(method: string, url: string, options: { caller?: Caller; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.caller) headers.authorization = `Bearer ${token(options.caller)}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${product.base}${url}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  /** The route's path with the records made below (or `id` for `{id}`), and its query. */
  function urlOf(key: string, id?: string): string {
    const path = pathOf(key).replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'id') {
        if (id) return id;
        const collection = /^\/api\/v1\/([^/]+)\//.exec(pathOf(key))?.[1] as keyof typeof ids | undefined;
        return (collection && ids[collection]) || NOWHERE;
      }
      return name === 'contactId' ? ids.contactId : NOWHERE;
    });
    const rule = ROUTE_RULES[key];
    return path + ((rule && 'query' in rule && rule.query) || '');
  }
  const bodyOf = (key: string): unknown => {
    const rule = ROUTE_RULES[key];
    const body = rule && 'body' in rule ? rule.body : undefined;
    if (methodOf(key) !== 'POST') return undefined;
    return JSON.parse(
      JSON.stringify(body ?? {})
        .split(ORG)
        .join(ids.organisations)
        .split(ORG2)
        .join(ids.org2),
    );
  };

  beforeAll(async () => {
    product = await startProduct({ OIDC_ISSUER: oidcIssuer, OIDC_CLIENT_ID: 'authz-e2e', OIDC_CLIENT_SECRET: 'authz-e2e' });

    const lead: Caller = { name: `staff[${LEAD}]`, roles: ['staff'], teams: [LEAD] };
    const created = async (path: string, body: unknown) => {
      const r = await call('POST', path, { caller: lead, body });
      expect({ path, status: r.status, body: r.status === 201 ? null : r.body }).toEqual({ path, status: 201, body: null });
      return r.body as { id: string; contacts?: Array<{ id: string }> };
    };
    const org = await created('/api/v1/organisations', {
      name: 'สำนักงานนวัตกรรมแห่งชาติ',
      kind: 'government',
      country: 'TH',
      contacts: [{ name: 'Somchai Jaidee', email: 'somchai@nia.example' }],
    });
    ids.organisations = org.id;
    ids.contactId = org.contacts![0].id;
    ids.org2 = (await created('/api/v1/organisations', { name: 'Chiang Mai University', kind: 'academic', country: 'TH' })).id;
    const secret = { confidential: true, leadTeam: LEAD };
    ids.mous = (
      await created('/api/v1/mous', {
        title: 'Smart farming data exchange',
        parties: [
          { organisationId: ids.organisations, signatoryName: 'Somchai Jaidee', signatoryTitle: 'Director' },
          { organisationId: ids.org2, signatoryName: 'Malee Srisuk', signatoryTitle: 'President' },
        ],
        cooperationAreas: ['agritech'],
        collaborationLevel: 'strategic',
        effectiveFrom: '2026-01-01',
        termMonths: 24,
        kpis: [{ id: 'k1', name: 'Farms onboarded', target: 10 }],
        ...secret,
      })
    ).id;
    ids.proposals = (
      await created('/api/v1/proposals', {
        title: 'Food valley cold chain',
        funderId: ids.organisations,
        partnerIds: [ids.org2],
        requestedAmount: { amount: 150_000_000, currency: 'THB' },
        submissionDeadline: '2099-12-31',
        programme: 'Regional innovation 2026',
        ...secret,
      })
    ).id;
    ids.grants = (
      await created('/api/v1/grants', {
        title: 'Cold chain pilot',
        funderId: ids.organisations,
        partnerIds: [ids.org2],
        awardedAmount: { amount: 10_000_000, currency: 'THB' },
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        ...secret,
      })
    ).id;
    ids.activities = (
      await created('/api/v1/activities', { title: 'Cold chain workshop', kind: 'workshop', organisationIds: [ids.organisations], ...secret })
    ).id;
    // reads and lists come from read models: wait until each record is there for someone who may see it
    for (const kind of CONFIDENTIAL_KINDS) {
      await eventually(
        () => call('GET', `/api/v1/${kind}?limit=500`, { caller: lead }),
        (r) => r.status === 200 && (r.body.items as Array<{ id: string }>).some((i) => i.id === ids[kind]),
        { what: `the new record in /api/v1/${kind}` },
      );
    }
  }, 120_000);
  afterAll(async () => {
    await product?.stop();
  });

  it('is what the running product serves: its OpenAPI document lists every controller route and no other', async () => {
    const doc = (await call('GET', '/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const controllerRoutes = routes.filter((r) => r.access).map(keyOf);
    expect(documented.sort()).toEqual(controllerRoutes.sort());
  });

  const teamRoutes = () => served.filter((k) => CONFIDENTIAL_ROUTE.test(pathOf(k)) && k in ROUTE_RULES);
  const kindOf = (key: string) => CONFIDENTIAL_ROUTE.exec(pathOf(key))![1] as Kind;

  it(`answers a confidential record of ${LEAD} as absent (404, as for an unknown id) to other teams on every route with its id`, async () => {
    const outsiders: Caller[] = [
      { name: `staff[${OTHER}]`, roles: ['staff'], teams: [OTHER] },
      { name: `viewer[${OTHER}]`, roles: ['viewer'], teams: [OTHER] },
      { name: 'staff (no teams)', roles: ['staff'] },
    ];
    const keys = teamRoutes();
    expect(keys.length).toBeGreaterThanOrEqual(4 * 9);
    const jobs = keys.flatMap((key) =>
      outsiders.map((caller) => async () => {
        const allowed = rolesOf(ROUTE_RULES[key])!.some((r) => caller.roles.includes(r));
        const unknownId = randomUUID();
        const absent = await call(methodOf(key), urlOf(key, unknownId), { caller, body: bodyOf(key) });
        const hidden = await call(methodOf(key), urlOf(key), { caller, body: bodyOf(key) });
        const id = ids[kindOf(key)];
        if (!allowed) return hidden.status === 403 ? null : `${key} as ${caller.name}: ${hidden.status}, expected 403 (role not allowed)`;
        if (absent.body?.code === NO_ROUTE) return `${key} as ${caller.name}: not served (${NO_ROUTE}), so it hides nothing`;
        if (hidden.status !== 404) return `${key} as ${caller.name}: ${hidden.status}, expected 404 as for an unknown id (which answered ${absent.status})`;
        const [h, a] = [problemShape(hidden, id), problemShape(absent, unknownId)];
        return JSON.stringify(h) === JSON.stringify(a)
          ? null
          : `${key} as ${caller.name}: 404 unlike an unknown id's: ${JSON.stringify(h)} vs ${JSON.stringify(a)}`;
      }),
    );
    const lists = CONFIDENTIAL_KINDS.flatMap((kind) =>
      outsiders.map((caller) => async () => {
        const r = await call('GET', `/api/v1/${kind}?limit=500`, { caller });
        if (r.status !== 200) return `GET /api/v1/${kind} as ${caller.name}: ${r.status}`;
        return (r.body.items as Array<{ id: string }>).some((i) => i.id === ids[kind])
          ? `GET /api/v1/${kind} as ${caller.name}: lists the confidential record`
          : null;
      }),
    );
    const failures = (await inParallel([...jobs, ...lists])).filter((f): f is string => f !== null);
    expect(failures).toEqual([]);
  }, 60_000);

  it(`shows it to ${LEAD}, admins and auditors on every read with its id`, async () => {
    const insiders: Caller[] = [
      { name: `staff[${LEAD}]`, roles: ['staff'], teams: [LEAD] },
      { name: `viewer[${LEAD}]`, roles: ['viewer'], teams: [LEAD] },
      { name: 'admin (no teams)', roles: ['admin'] },
      { name: 'auditor (no teams)', roles: ['auditor'] },
    ];
    const jobs = teamRoutes()
      .filter(isRead)
      .flatMap((key) =>
        insiders
          .filter((caller) => rolesOf(ROUTE_RULES[key])!.some((r) => caller.roles.includes(r)))
          .map((caller) => async () => {
            const r = await call('GET', urlOf(key), { caller });
            return [401, 403, 404].includes(r.status) ? `${key} as ${caller.name}: ${r.status} ${r.text.slice(0, 200)}` : null;
          }),
      );
    expect(jobs.length).toBeGreaterThanOrEqual(4 * 5 * 3);
    const failures = (await inParallel(jobs)).filter((f): f is string => f !== null);
    expect(failures).toEqual([]);
  }, 60_000);

  it('answers every route for every role as its rule says: no token 401, a role not allowed 403, an allowed one gets in', async () => {
    // admins and auditors see every record anyway; staff and viewers are of the lead team, so that the team is not what answers
    const callers: Caller[] = ROLES.map((role) => ({ name: role, roles: [role], ...((role === 'staff' || role === 'viewer') && { teams: [LEAD] }) }));
    const feedKey = await call('POST', '/api/v1/calendar/feed-tokens', { caller: callers[3], body: { label: 'authz' } });
    expect(feedKey.status).toBe(201);
    // not execFileSync: a blocked event loop misses the gateway closing an idle keep-alive socket, and the next fetch fails on it
    await run(process.execPath, [USER_SCRIPT, 'add', 'authz-session@step.example', '--roles', 'viewer', '--teams', LEAD, '--password', 'authz e2e password'], {
      env: { ...process.env, DATA_DIR: product.dataDir },
    });
    const signIn = await call('POST', '/api/v1/session', { body: { email: 'authz-session@step.example', password: 'authz e2e password' } });
    expect(signIn.status).toBe(200);
    const cookie = /pmt_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];

    const jobs: Array<() => Promise<string | null>> = [];
    const expect401 = (key: string, url: string, caller?: Caller) =>
      jobs.push(async () => {
        const r = await call(methodOf(key), url, { caller });
        return r.status === 401 ? null : `${key} as ${caller?.name ?? 'no token'}: ${r.status}, expected 401`;
      });
    for (const key of Object.keys(ROUTE_RULES)) {
      const rule = ROUTE_RULES[key];
      const method = methodOf(key);
      if ('middleware' in rule) {
        // nothing answers a path no route serves, whoever asks
        for (const caller of [undefined, ...callers])
          jobs.push(async () => {
            const r = await call('GET', '/api/v1/no-such-route', { caller });
            return r.body?.code === NO_ROUTE
              ? null
              : `GET /api/v1/no-such-route (${key}) as ${caller?.name ?? 'no token'}: ${r.status}, expected 404 ${NO_ROUTE}`;
          });
        continue;
      }
      if ('notFound' in rule) {
        for (const caller of [undefined, ...callers])
          jobs.push(async () => {
            const r = await call(method, urlOf(key), { caller });
            return r.status === 404 ? null : `${key} as ${caller?.name ?? 'no token'}: ${r.status}, expected 404`;
          });
        continue;
      }
      if ('session' in rule || 'loginState' in rule || 'feedKey' in rule) {
        // a bearer token opens none of these, whatever its role
        for (const caller of [undefined, ...callers]) expect401(key, urlOf(key), caller);
        if ('feedKey' in rule) expect401(key, `${urlOf(key)}?access_token=${token(callers[0])}`);
        continue;
      }
      const roles = rolesOf(rule);
      for (const caller of [undefined, ...callers])
        jobs.push(async () => {
          const r = await call(method, urlOf(key), { caller, body: method === 'POST' ? {} : undefined });
          const who = caller?.name ?? 'no token';
          const allowed = !roles || (caller !== undefined && roles.some((x) => caller.roles.includes(x)));
          if (!allowed) {
            const want = caller ? 403 : 401;
            return r.status === want ? null : `${key} as ${who}: ${r.status}, expected ${want}`;
          }
          // in: whatever the body, the id or the record's state make of it (400, 404, 409, 503 for a provider not there)
          return r.status === 401 || r.status === 403 || r.body?.code === NO_ROUTE
            ? `${key} as ${who}: ${r.status}, expected to get in (${r.text.slice(0, 160)})`
            : null;
        });
    }
    const failures = (await inParallel(jobs)).filter((f): f is string => f !== null);

    // and the credentials those routes do take, they take
    const feed = await call('GET', feedKey.body.url as string);
    if (feed.status !== 200) failures.push(`GET /api/v1/calendar.ics with a feed key: ${feed.status}`);
    const session = await call('GET', '/api/v1/session', { headers: { cookie } });
    if (session.status !== 200) failures.push(`GET /api/v1/session with a session cookie: ${session.status}`);
    const out = await call('DELETE', '/api/v1/session', { headers: { cookie, 'x-csrf-token': session.body?.csrfToken ?? '' } });
    if (out.status !== 204) failures.push(`DELETE /api/v1/session with a session cookie: ${out.status}`);
    expect(failures).toEqual([]);
  }, 90_000);
});
