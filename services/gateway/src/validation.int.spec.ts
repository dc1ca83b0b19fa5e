import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import { startHarness, type Harness } from './infra/testing/harness';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

describe('gateway validation (every bad field, problem+json, never a 5xx for bad input)', () => {
  let h: Harness;
  let staff: string;
  const orgA = newId();
  const orgB = newId();

  const goodMou = () => ({
    title: 'บันทึกข้อตกลงความร่วมมือ',
    parties: [
      { organisationId: orgA, signatoryName: 'ดร. สมชาย ใจดี', signatoryTitle: 'อธิการบดี' },
      { organisationId: orgB, signatoryName: 'Jane Doe', signatoryTitle: 'CEO' },
    ],
    cooperationAreas: ['research'],
    collaborationLevel: 'strategic',
    effectiveFrom: '2025-01-07',
    termMonths: 36,
    kpis: [{ id: 'kpi-1', name: 'Joint papers', target: 5, unit: 'papers', dueOn: '2026-12-31' }],
    leadTeam: 'MOU team',
  });

  beforeAll(async () => {
    h = await startHarness();
    staff = h.token(['staff']);
    h.organisations.set(orgA, { id: orgA, status: 'active', version: 1 });
    h.organisations.set(orgB, { id: orgB, status: 'active', version: 1 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const expectProblem400 = (r: { status: number; headers: Headers; body: Record<string, unknown> }) => {
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400, detail: expect.any(String) });
  };

  it('accepts a good MOU and forwards it', async () => {
    const r = await h.request('POST', '/api/v1/mous', { token: staff, body: goodMou() });
    expect(r.status).toBe(201);
    expect(h.fake.last('mous.mou.create')?.message.data).toEqual(goodMou());
  });

  it('names every bad field of an MOU in one 400, in the documented path form', async () => {
    h.fake.clear();
    const body = {
      ...goodMou(),
      title: '',
      parties: [
        { organisationId: orgA, signatoryName: 'A', signatoryTitle: 'B', extra: true },
        { organisationId: 'not-a-uuid', signatoryName: 'A' },
        { organisationId: orgA, signatoryName: 'C', signatoryTitle: 'D' },
      ],
      collaborationLevel: 'friendly',
      effectiveFrom: '2025-02-30',
      termMonths: 12.5,
      kpis: [{ title: 'x', target: 'five', dueOn: '2026-1-1' }],
      colour: 'blue',
      reason: 'x'.repeat(2001),
    };
    const r = await h.request('POST', '/api/v1/mous', { token: staff, body });
    expectProblem400(r);
    expect(paths(r.body)).toEqual(
      [
        'title',
        'parties[0].extra',
        'parties[1].organisationId',
        'parties[1].signatoryTitle',
        'parties[2].organisationId',
        'collaborationLevel',
        'effectiveFrom',
        'termMonths',
        'kpis[0].title',
        'kpis[0].name',
        'kpis[0].target',
        'kpis[0].dueOn',
        'colour',
        'reason',
      ].sort(),
    );
    expect(r.body.errors.find((e: { path: string }) => e.path === 'parties[1].signatoryTitle').message).toBe('is required');
    expect(r.body.errors.find((e: { path: string }) => e.path === 'colour').message).toMatch(/not a known field/);
    expect(h.fake.all('mous.mou.create')).toHaveLength(0);
  });

  // Unknown and archived parties are the mous service's to name now (it asks partners itself, for every NATS
  // caller): services/mous/src/mou/transport/mou.routes.int.spec.ts and test/e2e/mou-story.e2e.spec.ts.

  it('needs two or more parties', async () => {
    const body = { ...goodMou(), parties: [goodMou().parties[0]] };
    const r = await h.request('POST', '/api/v1/mous', { token: staff, body });
    expectProblem400(r);
    expect(paths(r.body)).toEqual(['parties']);
  });

  it('names every missing field of an empty organisation', async () => {
    const r = await h.request('POST', '/api/v1/organisations', { token: staff, body: {} });
    expectProblem400(r);
    expect(paths(r.body)).toEqual(['country', 'kind', 'name']);
    expect(r.body.errors.every((e: { message: string }) => e.message === 'is required')).toBe(true);
  });

  it('checks nested contacts and the country code', async () => {
    const r = await h.request('POST', '/api/v1/organisations', {
      token: staff,
      body: {
        name: '   ',
        kind: 'private',
        country: 'Thailand',
        contacts: [
          { name: 'A', email: 'a@example.org' },
          { name: 'B', email: 'nope' },
        ],
      },
    });
    expectProblem400(r);
    expect(paths(r.body)).toEqual(['contacts[1].email', 'country', 'name']);
  });

  it('refuses fractional or stringly numbers where whole numbers are due', async () => {
    for (const termMonths of [1.5, '12', 1e300]) {
      const r = await h.request('POST', '/api/v1/mous', { token: staff, body: { ...goodMou(), termMonths } });
      expectProblem400(r);
      expect(paths(r.body)).toEqual(['termMonths']);
    }
  });

  it('takes amendment changes as text or a non-empty object', async () => {
    const id = newId();
    for (const changes of ['Clause 4 now covers data sharing', { clause4: 'data sharing' }]) {
      const r = await h.request('POST', `/api/v1/mous/${id}/amendments`, { token: staff, body: { summary: 's', changes, effectiveOn: '2026-01-01' } });
      expect(r.status).toBe(200);
    }
    for (const changes of ['  ', {}, 5, null]) {
      const r = await h.request('POST', `/api/v1/mous/${id}/amendments`, { token: staff, body: { summary: 's', changes, effectiveOn: '2026-01-01' } });
      expectProblem400(r);
      expect(paths(r.body)).toEqual(['changes']);
    }
  });

  it('takes instants only with Z or an offset and dates only as YYYY-MM-DD', async () => {
    const id = newId();
    const bad = await h.request('POST', `/api/v1/mous/${id}/signatures`, { token: staff, body: { organisationId: orgA, signedAt: '2025-01-07T07:00:00' } });
    expectProblem400(bad);
    expect(paths(bad.body)).toEqual(['signedAt']);
    for (const signedAt of ['2025-01-07T07:00:00Z', '2025-01-07T14:00:00+07:00']) {
      const ok = await h.request('POST', `/api/v1/mous/${id}/signatures`, { token: staff, body: { organisationId: orgA, signedAt } });
      expect(ok.status).toBe(200);
    }
    const date = await h.request('POST', `/api/v1/mous/${id}/amendments`, {
      token: staff,
      body: { summary: 's', changes: { termMonths: 48 }, effectiveOn: '07/01/2025' },
    });
    expectProblem400(date);
    expect(paths(date.body)).toEqual(['effectiveOn']);
  });

  it('refuses a terms revision that names no term, or tries to change parties', async () => {
    const id = newId();
    const empty = await h.request('POST', `/api/v1/mous/${id}/terms`, { token: staff, body: { reason: 'nothing' } });
    expectProblem400(empty);
    expect(paths(empty.body)).toEqual(['']);
    const parties = await h.request('POST', `/api/v1/mous/${id}/terms`, { token: staff, body: { parties: [] } });
    expectProblem400(parties);
    // `parties` is not a term, and with it gone nothing is left to revise: the body itself ('') is the second error.
    expect(paths(parties.body)).toEqual(['', 'parties']);
  });

  it('needs a reason to terminate', async () => {
    const r = await h.request('POST', `/api/v1/mous/${newId()}/termination`, { token: staff, body: { effectiveOn: '2025-06-01' } });
    expectProblem400(r);
    expect(paths(r.body)).toEqual(['reason']);
  });

  it('refuses unknown fields on empty-bodied commands', async () => {
    const r = await h.request('POST', `/api/v1/mous/${newId()}/signature-request`, { token: staff, body: { force: true } });
    expectProblem400(r);
    expect(paths(r.body)).toEqual(['force']);
  });

  it('answers 400 when a path id is not a UUID', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/organisations/123'],
      ['POST', '/api/v1/mous/abc/signature-request'],
      ['GET', '/api/v1/mous/abc/history/verify'],
    ]) {
      const r = await h.request(method, path, { token: staff, body: method === 'POST' ? {} : undefined });
      expectProblem400(r);
      expect(paths(r.body)).toEqual(['id']);
    }
  });

  it('validates query parameters and names each bad one', async () => {
    const r = await h.request('GET', '/api/v1/mous?limit=501&status=pending&organisationId=x&expiringBefore=2025-13-01&collaborationLevel=z&sort=asc', {
      token: staff,
    });
    expectProblem400(r);
    expect(paths(r.body)).toEqual(['collaborationLevel', 'expiringBefore', 'limit', 'organisationId', 'sort', 'status']);
    for (const q of ['limit=0', 'limit=abc', 'limit=1.5', 'kind=startup', 'country=th']) {
      expectProblem400(await h.request('GET', `/api/v1/organisations?${q}`, { token: staff }));
    }
    expectProblem400(await h.request('GET', `/api/v1/mous/${newId()}/history?asOf=yesterday`, { token: staff }));
    expectProblem400(await h.request('GET', `/api/v1/mous/${newId()}/history?version=-1`, { token: staff }));
    expectProblem400(await h.request('GET', `/api/v1/mous/${newId()}/history/export?format=xml`, { token: staff }));
    expectProblem400(await h.request('GET', `/api/v1/mous/${newId()}/history?limit=501`, { token: staff }));
    expectProblem400(await h.request('GET', `/api/v1/mous/${newId()}/history/diff?from=1`, { token: staff }));
  });

  it('answers 400 problem+json for malformed JSON', async () => {
    const r = await h.request('POST', '/api/v1/organisations', {
      token: staff,
      rawBody: '{"name": "A", "kind": ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem400(r);
    expect(r.body.code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('answers 400 for a JSON body that is not an object', async () => {
    const r = await h.request('POST', '/api/v1/organisations', { token: staff, body: [1, 2] });
    expectProblem400(r);
  });

  it('answers 413 problem+json for a body over 1 MiB', async () => {
    const r = await h.request('POST', '/api/v1/organisations', {
      token: staff,
      rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), kind: 'private', country: 'TH' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 413, title: 'Content Too Large' });
  });

  it('answers 415 problem+json for a body that is not JSON', async () => {
    const r = await h.request('POST', '/api/v1/organisations', {
      token: staff,
      rawBody: 'name=A',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(415);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers 404 problem+json for unknown routes and methods, never an HTML page', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/api/v1/proposals-that-do-not-exist'],
      ['DELETE', `/api/v1/organisations/${newId()}`],
      ['GET', '/api/v2/organisations'],
    ]) {
      const r = await h.request(method, path, { token: staff });
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.text).not.toMatch(/<html/i);
      expect(r.body).toMatchObject({ status: 404, title: 'Not Found' });
    }
  });

  it('answers 400 for a malformed If-Match or Idempotency-Key', async () => {
    const id = newId();
    for (const ifMatch of ['3', 'W/"3"', '"three"', '"1", "2"']) {
      const r = await h.request('POST', `/api/v1/organisations/${id}/rename`, { token: staff, body: { name: 'x' }, headers: { 'if-match': ifMatch } });
      expectProblem400(r);
      expect(paths(r.body)).toEqual(['If-Match']);
    }
    const r = await h.request('POST', `/api/v1/organisations/${id}/rename`, {
      token: staff,
      body: { name: 'x' },
      headers: { 'idempotency-key': 'x'.repeat(300) },
    });
    expectProblem400(r);
  });
});
