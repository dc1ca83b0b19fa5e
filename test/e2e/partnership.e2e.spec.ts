import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { addDays, officeDate } from '@pmt/kernel';
import { startProduct, type Product } from '../support/product';

const thb = (satang: number) => ({ amount: satang, currency: 'THB' });
const usd = (cents: number) => ({ amount: cents, currency: 'USD' });

/** Polls until `done` holds or the time runs out, and returns the last value read (the caller asserts on it). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/**
 * Stories 2, 4 and 6 through the running product: a real MOU from the mous service, a proposal approved in the
 * proposals service, the grant that funding opens from the approval, a disbursement and a co-investment, a
 * workshop held (events service); the partners service sees all of it through its inbox, per organisation and
 * in the portfolio.
 */
describe('partnership status and portfolio, through the running product', () => {
  let product: Product;
  const org: Record<'nia' | 'undp' | 'step' | 'investor' | 'idle', string> = { nia: '', undp: '', step: '', investor: '', idle: '' };
  const today = officeDate(new Date());
  let mouId: string;
  let proposalId: string;
  let grantId: string;
  const api = (method: string, path: string, body?: unknown, roles?: string[]) =>
    product.api(method, `/api/v1${path}`, { ...(body !== undefined && { body }), ...(roles && { roles }) });
  const partnership = async (id: string) => (await api('GET', `/organisations/${id}/partnership`, undefined, ['viewer'])).body;

  beforeAll(async () => {
    product = await startProduct();
    const register = async (name: string, kind: string) =>
      (await api('POST', '/organisations', { name, kind, country: 'TH', sectors: [], contacts: [] })).body.id as string;
    org.nia = await register('สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)', 'government');
    org.undp = await register('UNDP Thailand', 'international');
    org.step = await register('Science and Technology Park, Chiang Mai University', 'academic');
    org.investor = await register('Lanna Food Ventures', 'private');
    org.idle = await register('Lampang Ceramics Co.', 'private');
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('shows zeros for an organisation with no partnership work yet, and 404 for an unknown one', async () => {
    const idle = await api('GET', `/organisations/${org.idle}/partnership`, undefined, ['viewer']);
    expect(idle.status).toBe(200);
    expect(idle.body).toMatchObject({
      organisationId: org.idle,
      mous: { total: 0, items: [] },
      proposals: { total: 0 },
      money: { requested: [], awarded: [] },
      kpis: [],
      updatedAt: null,
    });
    expect((await api('GET', '/organisations/0190a0c4-0000-7000-8000-000000000000/partnership')).status).toBe(404);
  });

  it('follows a real MOU from draft to active, with its KPI progress', async () => {
    const created = await api('POST', '/mous', {
      title: 'บันทึกความเข้าใจ NIA–UNDP ด้านนวัตกรรม',
      parties: [
        { organisationId: org.nia, signatoryName: 'Executive Director', signatoryTitle: 'ผู้อำนวยการ' },
        { organisationId: org.undp, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
      ],
      cooperationAreas: ['innovation networks', 'Regional Innovation Centre for CLMV'],
      collaborationLevel: 'strategic',
      effectiveFrom: today,
      termMonths: 24,
      kpis: [{ id: 'prototypes', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes' }],
    });
    expect(created.status).toBe(201);
    mouId = created.body.id;
    const drafted = await eventually(
      () => partnership(org.undp),
      (p) => p.mous.total === 1,
    );
    expect(drafted.mous.byStatus.draft).toBe(1);

    await api('POST', `/mous/${mouId}/signature-request`, {});
    await api('POST', `/mous/${mouId}/signatures`, { organisationId: org.nia });
    const signed = await api('POST', `/mous/${mouId}/signatures`, { organisationId: org.undp });
    expect(signed.body.status).toBe('active');
    expect((await api('POST', `/mous/${mouId}/kpi-progress`, { kpiId: 'prototypes', value: 7, reportedOn: today })).status).toBe(200);

    const nia = await eventually(
      () => partnership(org.nia),
      (p) => p.kpis[0]?.latestValue === 7,
    );
    expect(nia.mous).toEqual({
      total: 1,
      byStatus: { draft: 0, 'awaiting-signatures': 0, signed: 0, active: 1, expired: 0, terminated: 0 },
      items: [{ id: mouId, title: 'บันทึกความเข้าใจ NIA–UNDP ด้านนวัตกรรม', status: 'active', endsOn: created.body.endsOn }],
    });
    expect(nia.kpis).toEqual([
      { mouId, kpiId: 'prototypes', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes', latestValue: 7, latestReportedOn: today, progress: 0.35 },
    ]);
  });

  it('counts a proposal’s request on submission and its award on approval, for the funder and every partner', async () => {
    const drafted = await api('POST', '/proposals', {
      title: 'Chiang Mai Food Valley: food-safety testing',
      leadTeam: 'IASA',
      funderId: org.nia,
      partnerIds: [org.step, org.undp],
      requestedAmount: thb(5_000_000_00),
      submissionDeadline: addDays(today, 30),
      programme: 'Social innovation 2025',
    });
    expect(drafted.status).toBe(201);
    proposalId = drafted.body.id;
    expect((await api('POST', `/proposals/${proposalId}/submission`, {})).status).toBe(200);
    const submitted = await eventually(
      () => partnership(org.step),
      (p) => p.money.requested.length === 1,
    );
    expect(submitted.proposals).toMatchObject({ total: 1, asPartner: 1, byStatus: { submitted: 1 } });
    expect(submitted.money.requested).toEqual([thb(5_000_000_00)]);

    const approved = await api('POST', `/proposals/${proposalId}/decision`, {
      outcome: 'approved',
      awardedAmount: thb(3_500_000_00),
      reasons: ['fits the programme'],
    });
    expect(approved.status).toBe(200);
    const nia = await eventually(
      () => partnership(org.nia),
      (p) => p.money.awarded.length === 1,
    );
    expect(nia.proposals).toMatchObject({ total: 1, asFunder: 1, asPartner: 0, byStatus: { approved: 1, submitted: 0 } });
    expect(nia.money).toMatchObject({ requested: [thb(5_000_000_00)], awarded: [thb(3_500_000_00)] });
  });

  it('adds the grant funding opened from the approval, its disbursement and a co-investment, without counting the award twice', async () => {
    const grants = await eventually(
      () => api('GET', `/grants?proposalId=${proposalId}`),
      (r) => r.body.items?.length === 1,
    );
    grantId = grants.body.items[0].id;
    expect((await api('POST', `/grants/${grantId}/disbursements`, { amount: thb(1_000_000_00), disbursedOn: today })).status).toBe(200);
    expect((await api('POST', `/grants/${grantId}/co-investments`, { organisationId: org.investor, amount: usd(250_000_00), committedOn: today })).status).toBe(
      200,
    );

    const step = await eventually(
      () => partnership(org.step),
      (p) => p.money.disbursed.length === 1 && p.money.coInvested.length === 1,
    );
    expect(step.grants).toEqual({ total: 1, asFunder: 0, asPartner: 1, closedOut: 0 });
    expect(step.money).toEqual({
      requested: [thb(5_000_000_00)],
      awarded: [thb(3_500_000_00)],
      disbursed: [thb(1_000_000_00)],
      coInvested: [usd(250_000_00)],
      coInvestedByOrganisation: [],
    });
    expect((await partnership(org.investor)).money.coInvestedByOrganisation).toEqual([usd(250_000_00)]);
  });

  it('counts an activity held, with the people it reached, for every organisation that took part', async () => {
    const yesterday = new Date(Date.now() - 86_400_000);
    const created = await api('POST', '/activities', {
      title: 'Workshop: needs of eight northern provinces',
      kind: 'workshop',
      organisationIds: [org.nia, org.step],
      startsAt: yesterday.toISOString(),
      endsAt: new Date(yesterday.getTime() + 3 * 3_600_000).toISOString(),
      location: 'Chiang Mai',
    });
    expect(created.status).toBe(201);
    const completed = await api('POST', `/activities/${created.body.id}/completion`, {
      attendance: 130,
      outcomes: [{ title: 'Food safety (Chiang Mai Food Valley)' }],
    });
    expect(completed.status).toBe(200);
    const step = await eventually(
      () => partnership(org.step),
      (p) => p.activities.held === 1,
    );
    expect(step.activities).toEqual({ held: 1, peopleReached: 130 });
    expect((await partnership(org.nia)).activities).toEqual({ held: 1, peopleReached: 130 });
    expect((await partnership(org.undp)).activities).toEqual({ held: 0, peopleReached: 0 });
  });

  it('adds up the portfolio per partner and per funder, each proposal once in the totals', async () => {
    const totals = {
      requested: [thb(5_000_000_00)],
      awarded: [thb(3_500_000_00)],
      disbursed: [thb(1_000_000_00)],
      coInvested: [usd(250_000_00)],
      proposals: 1,
      grants: 1,
    };
    const byPartner = await api('GET', `/portfolio?groupBy=partner&from=${addDays(today, -1)}&to=${addDays(today, 1)}`, undefined, ['viewer']);
    expect(byPartner.status).toBe(200);
    expect(byPartner.body.groups).toEqual([org.step, org.undp].sort().map((key) => ({ key, ...totals })));
    expect(byPartner.body.totals).toEqual(totals);
    expect((await api('GET', '/portfolio?groupBy=funder')).body.groups).toEqual([{ key: org.nia, ...totals }]);
    expect((await api('GET', '/portfolio?groupBy=team')).body.groups).toEqual([{ key: 'IASA', ...totals }]);
    expect((await api('GET', `/portfolio?groupBy=team&to=${addDays(today, -1)}`)).body.groups).toEqual([]);

    const reversed = await api('GET', `/portfolio?groupBy=funder&from=${today}&to=${addDays(today, -1)}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([{ path: 'to', message: 'must not be before from' }]);
  });

  it('rebuilds the partnership view from the partners log with `rebuild`, to the same answers', async () => {
    const before = await Promise.all(Object.values(org).map(partnership));
    await product.stack.kill('partners', 'SIGTERM', false);
    const rebuild = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'services', 'partners', 'src', 'rebuild.js'), 'partnership'], {
      env: { ...process.env, ...product.stack.env },
      encoding: 'utf8',
    });
    expect(rebuild.status).toBe(0);
    expect(rebuild.stdout).toMatch(/^partners\/partnership: \d+ events/);
    product.stack.start('partners');
    const after = await eventually(
      () => Promise.all(Object.values(org).map((id) => partnership(id).catch(() => null))),
      (all) => all.every((p) => p?.organisationId),
    );
    expect(after).toEqual(before);
  });
});
