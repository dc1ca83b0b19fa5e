import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import { fail, ok } from './infra/testing/fake-services';
import { startHarness, type Harness } from './infra/testing/harness';

const PARTNERSHIP = 'partners.partnership.get';
const PORTFOLIO = 'partners.portfolio.get';

describe('gateway: partnership and portfolio reads', () => {
  let h: Harness;
  let viewer: string;
  const known = newId();
  const summary = {
    organisationId: known,
    mous: { total: 1 },
    money: { requested: [{ amount: 500_000_00, currency: 'THB' }] },
    updatedAt: '2025-03-01T03:00:00.000Z',
  };

  beforeAll(async () => {
    h = await startHarness();
    viewer = h.token(['viewer']);
    await h.fake.handle(PARTNERSHIP, (m) => {
      const id = (m.params as { id: string }).id;
      return id === known ? ok(summary) : fail({ code: 'ORGANISATION.NOT_FOUND', kind: 'not-found', message: `no organisation with id ${id}` });
    });
    await h.fake.handle(PORTFOLIO, (m) => ok({ ...(m.params as object), groups: [], totals: {} }));
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  it('answers an organisation’s partnership to any reader', async () => {
    for (const role of ['viewer', 'auditor', 'staff', 'admin']) {
      const r = await h.request('GET', `/api/v1/organisations/${known}/partnership`, { token: h.token([role]) });
      expect(r.status).toBe(200);
      expect(r.body).toEqual(summary);
    }
    expect(h.fake.last(PARTNERSHIP)?.message).toMatchObject({ params: { id: known } });
  });

  it('answers 404 for an unknown organisation, 400 for an id that cannot be one, 401 without a token', async () => {
    const missing = await h.request('GET', `/api/v1/organisations/${newId()}/partnership`, { token: viewer });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    const bad = await h.request('GET', '/api/v1/organisations/not-a-uuid/partnership', { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'id', message: 'must be a UUID' }]);

    expect((await h.request('GET', `/api/v1/organisations/${known}/partnership`)).status).toBe(401);
    expect(h.fake.all(PARTNERSHIP)).toHaveLength(1);
  });

  it('forwards a portfolio query with its grouping and period', async () => {
    const r = await h.request('GET', '/api/v1/portfolio?groupBy=partner&from=2025-01-01&to=2025-03-31', { token: viewer });
    expect(r.status).toBe(200);
    expect(h.fake.last(PORTFOLIO)?.message).toMatchObject({ params: { groupBy: 'partner', from: '2025-01-01', to: '2025-03-31' } });

    const open = await h.request('GET', '/api/v1/portfolio?groupBy=team', { token: viewer });
    expect(open.status).toBe(200);
    expect(h.fake.last(PORTFOLIO)?.message.params).toEqual({ groupBy: 'team', limit: 50 });

    const page = await h.request('GET', '/api/v1/portfolio?groupBy=team&limit=500&cursor=abc', { token: viewer });
    expect(page.status).toBe(200);
    expect(h.fake.last(PORTFOLIO)?.message.params).toEqual({ groupBy: 'team', limit: 500, cursor: 'abc' });
  });

  it('refuses a portfolio query without a grouping, with a bad date, or with a period that ends before it starts', async () => {
    const cases: [string, { path: string; message: string }[]][] = [
      ['', [{ path: 'groupBy', message: 'is required' }]],
      ['?groupBy=country', [{ path: 'groupBy', message: 'must be one of funder, partner, team' }]],
      ['?groupBy=funder&from=2025-13-01', [{ path: 'from', message: 'must be a calendar date like 2025-01-07' }]],
      ['?groupBy=funder&from=2025-03-01&to=2025-02-28', [{ path: 'to', message: 'must not be before from' }]],
      ['?groupBy=funder&currency=THB', [{ path: 'currency', message: 'is not a known field' }]],
      ['?groupBy=funder&limit=501', [{ path: 'limit', message: 'must be at most 500' }]],
    ];
    for (const [query, errors] of cases) {
      const r = await h.request('GET', `/api/v1/portfolio${query}`, { token: viewer });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual(errors);
    }
    expect(h.fake.all(PORTFOLIO)).toHaveLength(0);
  });

  it('documents both reads in the OpenAPI document', async () => {
    const doc = (await h.request('GET', '/api/docs-json')).body;
    expect(doc.paths['/api/v1/organisations/{id}/partnership'].get.responses['200']).toBeDefined();
    const portfolio = doc.paths['/api/v1/portfolio'].get;
    expect(portfolio.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([
      ['groupBy', true],
      ['from', false],
      ['to', false],
      ['limit', false],
      ['cursor', false],
    ]);
  });
});
