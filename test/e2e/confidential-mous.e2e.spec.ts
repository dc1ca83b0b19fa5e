import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { SECRET, startProduct, type ApiResponse, type Product } from '../support/product';

/**
 * Issue 12, for MOUs, through the running product (gateway, NATS, the mous and partners services, SQLite): a
 * confidential MOU led by IASA is, to anyone outside IASA who is not an admin or an auditor, exactly as absent as
 * an id that was never used: on every read, in lists, on every history route and on commands.
 */
// a budget, not an assertion: on a machine shared with other builds one request may wait long for a core
jest.setTimeout(120_000);

/** The stack gives the gateway 30 s to come up; on a loaded machine a first start may miss that, so try again. */
async function startProductPatiently(attempts = 3): Promise<Product> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startProduct({}, { services: ['partners', 'mous'] });
    } catch (e) {
      if (attempt >= attempts) throw e;
    }
  }
}

describe('a confidential MOU, through the running product', () => {
  let product: Product;
  let parties: { organisationId: string; signatoryName: string; signatoryTitle: string }[];
  let secretId: string;
  let openId: string;
  const unknownId = randomUUID();
  const today = new Date().toISOString().slice(0, 10);

  /** A bearer token as the office's identity provider would issue it: roles and teams, names compared exactly. */
  const bearer = (sub: string, roles: string[], teams: string[]) => `Bearer ${sign({ sub, roles, teams }, SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`;
  const iasa = bearer('somchai@iasa.example', ['staff'], ['IASA']);
  const nmco = bearer('malee@nmco.example', ['staff'], ['NMCO']);
  const lowerCase = bearer('nok@iasa.example', ['staff'], ['iasa']);
  const noTeam = bearer('temp@step.example', ['staff'], []);
  const reader = bearer('guest@step.example', ['viewer'], []);
  const admin = bearer('director@step.example', ['admin'], []);
  const auditor = bearer('audit@oag.example', ['auditor'], []);

  const as = (authorization: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    product.api(method, path, { headers: { authorization, ...headers }, ...(body !== undefined && { body }) });
  const mou = (extra: Record<string, unknown>) => ({
    title: 'ความร่วมมือด้านความมั่นคงไซเบอร์',
    parties,
    cooperationAreas: ['cyber security'],
    collaborationLevel: 'strategic',
    effectiveFrom: today,
    termMonths: 12,
    ...extra,
  });
  /** What a client can tell apart in a problem: everything but the id it asked about and the request's own ids. */
  const answer = (r: ApiResponse, id: string) => ({
    status: r.status,
    type: r.body?.type,
    title: r.body?.title,
    code: r.body?.code,
    detail: typeof r.body?.detail === 'string' ? r.body.detail.split(id).join('<id>') : r.body?.detail,
    errors: r.body?.errors,
  });
  const ids = (r: ApiResponse): string[] => (r.body.items as { id: string }[]).map((m) => m.id);

  /** Every read and one command of an MOU, as the same request for `id`. */
  const requests: { what: string; method: string; path: string; body?: unknown }[] = [
    { what: 'get', method: 'GET', path: '' },
    { what: 'history', method: 'GET', path: '/history' },
    { what: 'state at a version', method: 'GET', path: '/history?version=1' },
    { what: 'verify', method: 'GET', path: '/history/verify' },
    { what: 'export (json)', method: 'GET', path: '/history/export?format=json' },
    { what: 'export (csv)', method: 'GET', path: '/history/export?format=csv' },
    { what: 'diff', method: 'GET', path: '/history/diff?from=1&to=1' },
    { what: 'revise terms', method: 'POST', path: '/terms', body: { title: 'renamed by someone outside the team' } },
    { what: 'request signatures', method: 'POST', path: '/signature-request', body: {} },
    { what: 'open it', method: 'POST', path: '/confidentiality', body: { confidential: false } },
  ];

  beforeAll(async () => {
    // only what MOUs need: the gateway, partners (parties are checked there) and mous
    product = await startProductPatiently();
    // live is not ready: wait until both services answer through the gateway
    for (const path of ['/api/v1/organisations', '/api/v1/mous']) {
      while ((await as(auditor, 'GET', path)).status === 503) await new Promise((r) => setTimeout(r, 200));
    }
    const organisation = async (name: string) => {
      const r = await as(admin, 'POST', '/api/v1/organisations', { name, kind: 'government', country: 'TH', sectors: [], contacts: [] });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const [ncsa, mdes] = [await organisation('สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ'), await organisation('Ministry of Digital Economy')];
    parties = [ncsa, mdes].map((organisationId) => ({ organisationId, signatoryName: 'Secretary-General', signatoryTitle: 'เลขาธิการ' }));
  }, 300_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('staff may draft a confidential MOU only for a team of their own, and only with a lead team', async () => {
    const forOthers = await as(nmco, 'POST', '/api/v1/mous', mou({ confidential: true, leadTeam: 'IASA' }));
    expect(forOthers.status).toBe(400);
    expect(forOthers.body.errors).toEqual([{ path: 'leadTeam', message: 'must be one of your teams to keep it confidential' }]);
    const leaderless = await as(iasa, 'POST', '/api/v1/mous', mou({ confidential: true }));
    expect(leaderless.status).toBe(400);
    expect(leaderless.body.errors).toEqual([{ path: 'leadTeam', message: 'a confidential MOU needs a lead team' }]);
    const listed = await as(admin, 'GET', `/api/v1/mous?organisationId=${parties[0].organisationId}`);
    expect(listed.body.items).toEqual([]);
  });

  it('IASA drafts one confidential MOU led by IASA and one open MOU', async () => {
    const secret = await as(iasa, 'POST', '/api/v1/mous', mou({ confidential: true, leadTeam: 'IASA' }));
    expect(secret.status).toBe(201);
    expect(secret.body).toMatchObject({ confidential: true, leadTeam: 'IASA', status: 'draft', version: 1 });
    secretId = secret.body.id;
    const open = await as(iasa, 'POST', '/api/v1/mous', mou({ title: 'open MOU' }));
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ confidential: false, leadTeam: null });
    openId = open.body.id;
  });

  describe.each([
    ['NMCO staff', nmco],
    ['staff of "iasa" (team names are exact)', lowerCase],
    ['staff without a team', noTeam],
  ])('to %s', (_who, outsider) => {
    it.each(requests)('$what answers exactly as for an MOU that does not exist', async ({ method, path, body }) => {
      const hidden = await as(outsider, method, `/api/v1/mous/${secretId}${path}`, body);
      const unknown = await as(outsider, method, `/api/v1/mous/${unknownId}${path}`, body);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('MOU.NOT_FOUND');
      expect(answer(hidden, secretId)).toEqual(answer(unknown, unknownId));
    });

    it('a command with the current If-Match also answers as for an unknown id', async () => {
      const hidden = await as(outsider, 'POST', `/api/v1/mous/${secretId}/terms`, { termMonths: 24 }, { 'if-match': '"1"' });
      const unknown = await as(outsider, 'POST', `/api/v1/mous/${unknownId}/terms`, { termMonths: 24 }, { 'if-match': '"1"' });
      expect(answer(hidden, secretId)).toEqual(answer(unknown, unknownId));
    });

    it('lists leave it out, whatever the filter, and keep the open MOU', async () => {
      for (const query of [`organisationId=${parties[0].organisationId}`, 'leadTeam=IASA', 'status=draft', '']) {
        const listed = await as(outsider, 'GET', `/api/v1/mous?${query}`);
        expect(listed.status).toBe(200);
        expect(ids(listed)).not.toContain(secretId);
      }
      expect(ids(await as(outsider, 'GET', `/api/v1/mous?organisationId=${parties[0].organisationId}`))).toEqual([openId]);
    });
  });

  it('to a viewer without a team: reading it and listing it answer as if it did not exist', async () => {
    const hidden = await as(reader, 'GET', `/api/v1/mous/${secretId}`);
    expect(answer(hidden, secretId)).toEqual(answer(await as(reader, 'GET', `/api/v1/mous/${unknownId}`), unknownId));
    expect(hidden.status).toBe(404);
    expect(ids(await as(reader, 'GET', `/api/v1/mous?organisationId=${parties[0].organisationId}`))).toEqual([openId]);
  });

  it('nothing the outsiders sent changed it', async () => {
    const seen = await as(iasa, 'GET', `/api/v1/mous/${secretId}`);
    expect(seen.body).toMatchObject({ version: 1, title: 'ความร่วมมือด้านความมั่นคงไซเบอร์', status: 'draft', confidential: true });
  });

  it.each([
    ['IASA staff', iasa],
    ['an admin', admin],
    ['an auditor', auditor],
  ])('%s reads it, lists it and reads its whole history', async (_who, insider) => {
    const read = await as(insider, 'GET', `/api/v1/mous/${secretId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: secretId, confidential: true });
    expect(ids(await as(insider, 'GET', `/api/v1/mous?organisationId=${parties[0].organisationId}`)).sort()).toEqual([openId, secretId].sort());
    expect(ids(await as(insider, 'GET', '/api/v1/mous?leadTeam=IASA'))).toContain(secretId);
    for (const { method, path } of requests.filter((r) => r.method === 'GET').slice(1)) {
      const r = await as(insider, method, `/api/v1/mous/${secretId}${path}`);
      expect([path, r.status]).toEqual([path, 200]);
    }
    expect((await as(insider, 'GET', `/api/v1/mous/${secretId}/history/verify`)).body).toMatchObject({ valid: true });
  });

  it('IASA staff and an admin work on it; revising it may not leave it without a lead team', async () => {
    const revised = await as(iasa, 'POST', `/api/v1/mous/${secretId}/terms`, { termMonths: 24 });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ termMonths: 24, confidential: true, version: 2 });
    const leaderless = await as(iasa, 'POST', `/api/v1/mous/${secretId}/terms`, { leadTeam: null });
    expect(leaderless.status).toBe(400);
    expect(leaderless.body.errors).toEqual([{ path: 'leadTeam', message: 'a confidential MOU needs a lead team' }]);
    const requested = await as(admin, 'POST', `/api/v1/mous/${secretId}/signature-request`, {});
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ status: 'awaiting-signatures', version: 3 });
  });

  it('making an MOU confidential needs a lead team (409), and for staff to be in it (403)', async () => {
    const leaderless = await as(admin, 'POST', `/api/v1/mous/${openId}/confidentiality`, { confidential: true });
    expect(leaderless.status).toBe(409);
    expect(leaderless.body.code).toBe('MOU.NO_LEAD_TEAM');
    const led = await as(iasa, 'POST', `/api/v1/mous/${openId}/terms`, { leadTeam: 'IASA' });
    expect(led.status).toBe(200);
    const byOthers = await as(nmco, 'POST', `/api/v1/mous/${openId}/confidentiality`, { confidential: true });
    expect(byOthers.status).toBe(403);
    expect(byOthers.body.code).toBe('MOU.NOT_LEAD_TEAM');
    expect((await as(nmco, 'GET', `/api/v1/mous/${openId}`)).body).toMatchObject({ confidential: false });
  });

  it('once IASA opens it again, everyone sees it; its history records both changes', async () => {
    const opened = await as(iasa, 'POST', `/api/v1/mous/${secretId}/confidentiality`, { confidential: false, reason: 'signed text is public' });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ confidential: false, version: 4 });
    for (const outsider of [nmco, noTeam, reader]) {
      const read = await as(outsider, 'GET', `/api/v1/mous/${secretId}`);
      expect(read.status).toBe(200);
      expect(ids(await as(outsider, 'GET', `/api/v1/mous?organisationId=${parties[0].organisationId}`))).toContain(secretId);
    }
    const history = await as(nmco, 'GET', `/api/v1/mous/${secretId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'MouDrafted',
      'MouTermsRevised',
      'MouSignatureRequested',
      'MouConfidentialityChanged',
    ]);
    expect(history.body.items[0].data).toMatchObject({ confidential: true });
    expect(history.body.items[3]).toMatchObject({ data: { confidential: false }, reason: 'signed text is public' });
  });

  it('an admin outside IASA may make it confidential again: then NMCO loses it once more', async () => {
    const closed = await as(admin, 'POST', `/api/v1/mous/${secretId}/confidentiality`, { confidential: true });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ confidential: true, version: 5 });
    expect((await as(nmco, 'GET', `/api/v1/mous/${secretId}`)).status).toBe(404);
    expect((await as(iasa, 'GET', `/api/v1/mous/${secretId}`)).status).toBe(200);
  });
});
