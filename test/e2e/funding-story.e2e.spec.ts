import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProduct, type ApiResponse, type Product } from '../support/product';

/** Baht as minor units (satang). */
const thb = (baht: number) => ({ amount: baht * 100, currency: 'THB' });

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
 * Story 6 (funding that leverages investment) through the real stack: an innovation agency funds a food-safety
 * project led by IASA; money is scheduled, paid, spent and matched by co-investors; the grant is closed out.
 */
describe('funding: a grant from award to close-out', () => {
  let product: Product;
  const org: Record<'nia' | 'step' | 'investor' | 'foreign', string> = { nia: '', step: '', investor: '', foreign: '' };
  let grantId: string;
  let grant: ApiResponse;
  const api = (method: string, path: string, body?: unknown) => product.api(method, `/api/v1${path}`, body === undefined ? {} : { body });

  beforeAll(async () => {
    product = await startProduct();
    const register = async (name: string, kind: string, country = 'TH') =>
      (await api('POST', '/organisations', { name, kind, country, sectors: ['innovation'], contacts: [] })).body.id as string;
    org.nia = await register('สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)', 'government');
    org.step = await register('Science and Technology Park, Chiang Mai University', 'academic');
    org.investor = await register('Lanna Food Ventures', 'private');
    org.foreign = await register('Mekong Impact Fund', 'international', 'SG');
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('opens a grant directly: 201, open, every total in the grant’s currency', async () => {
    const r = await api('POST', '/grants', {
      title: 'Chiang Mai Food Valley: food-safety testing for SMEs',
      funderId: org.nia,
      partnerIds: [org.step],
      leadTeam: 'IASA',
      awardedAmount: thb(5_000_000),
      startsOn: '2025-02-01',
      endsOn: '2026-01-31',
      reason: 'awarded at the board meeting of 20 January',
    });
    expect(r.status).toBe(201);
    grantId = r.body.id;
    expect(r.headers.get('location')).toBe(`/api/v1/grants/${grantId}`);
    expect(r.body).toMatchObject({
      id: grantId,
      version: 1,
      status: 'open',
      proposalId: null,
      funderId: org.nia,
      partnerIds: [org.step],
      awardedAmount: thb(5_000_000),
      tranches: [],
      totals: { scheduled: thb(0), disbursed: thb(0), spent: thb(0), remaining: thb(5_000_000), unspent: thb(0), coInvested: [] },
      closeOut: null,
    });
  });

  it('refuses to open a grant with a fractional amount, a period that ends before it starts and an unknown funder', async () => {
    const r = await api('POST', '/grants', {
      funderId: '0190a0c4-0000-7000-8000-000000000000',
      awardedAmount: { amount: 10.5, currency: 'THB' },
      startsOn: '2025-02-01',
      endsOn: '2025-01-01',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['awardedAmount.amount', 'endsOn', 'funderId']);
  });

  it('schedules tranches within the award, and refuses one that would exceed it, saying how much remains unscheduled', async () => {
    const r = await api('POST', `/grants/${grantId}/tranches`, {
      tranches: [
        { dueOn: '2025-02-01', amount: thb(2_000_000) },
        { dueOn: '2025-08-01', amount: thb(2_500_000) },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.tranches).toHaveLength(2);
    expect(r.body.totals.scheduled).toEqual(thb(4_500_000));

    const over = await api('POST', `/grants/${grantId}/tranches`, { tranches: [{ dueOn: '2025-12-01', amount: thb(600_000) }] });
    expect(over.status).toBe(409);
    expect(over.body.detail).toContain('500,000.00 THB remains unscheduled');
  });

  it('disburses within limits and refuses an over-disbursement, saying how much remains', async () => {
    grant = await api('GET', `/grants/${grantId}`);
    const [first, second] = grant.body.tranches as Array<{ id: string }>;
    const paid = await api('POST', `/grants/${grantId}/disbursements`, { amount: thb(2_000_000), disbursedOn: '2025-02-05', trancheId: first.id });
    expect(paid.status).toBe(200);
    const again = await api('POST', `/grants/${grantId}/disbursements`, { amount: thb(1_500_000), disbursedOn: '2025-08-05', trancheId: second.id });
    expect(again.status).toBe(200);
    expect(again.body.totals).toMatchObject({ disbursed: thb(3_500_000), remaining: thb(1_500_000) });
    expect(again.body.tranches.map((t: { disbursed: unknown }) => t.disbursed)).toEqual([thb(2_000_000), thb(1_500_000)]);

    const over = await api('POST', `/grants/${grantId}/disbursements`, { amount: thb(2_000_000), disbursedOn: '2025-09-01' });
    expect(over.status).toBe(409);
    expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(over.body).toMatchObject({ code: 'GRANT.OVER_DISBURSED', detail: expect.stringContaining('1,500,000.00 THB remains') });
    expect((await api('GET', `/grants/${grantId}`)).body.version).toBe(again.body.version);
  });

  it('refuses money in another currency and a tranche that is not the grant’s, naming the field', async () => {
    const usd = await api('POST', `/grants/${grantId}/disbursements`, { amount: { amount: 100, currency: 'USD' }, disbursedOn: '2025-09-01' });
    expect(usd.status).toBe(400);
    expect(usd.body.errors).toEqual([{ path: 'amount.currency', message: "must be THB, the grant's currency" }]);
    const tranche = await api('POST', `/grants/${grantId}/disbursements`, {
      amount: thb(1),
      disbursedOn: '2025-09-01',
      trancheId: '0190a0c4-0000-7000-8000-000000000000',
    });
    expect(tranche.status).toBe(400);
    expect(tranche.body.errors[0].path).toBe('trancheId');
  });

  it('records expenditures out of disbursed money and refuses more than remains unspent', async () => {
    grant = await api('GET', `/grants/${grantId}`);
    const [d1] = grant.body.disbursements as Array<{ id: string }>;
    const spent = await api('POST', `/grants/${grantId}/expenditures`, {
      amount: thb(1_200_000),
      spentOn: '2025-03-01',
      category: 'laboratory equipment',
      disbursementId: d1.id,
    });
    expect(spent.status).toBe(200);
    expect(spent.body.disbursements[0].spent).toEqual(thb(1_200_000));

    const overOfIt = await api('POST', `/grants/${grantId}/expenditures`, {
      amount: thb(1_000_000),
      spentOn: '2025-03-02',
      category: 'training',
      disbursementId: d1.id,
    });
    expect(overOfIt.status).toBe(409);
    expect(overOfIt.body.detail).toContain('800,000.00 THB of it remains');

    const overall = await api('POST', `/grants/${grantId}/expenditures`, { amount: thb(2_400_000), spentOn: '2025-09-02', category: 'personnel' });
    expect(overall.status).toBe(409);
    expect(overall.body.detail).toContain('2,300,000.00 THB remains');

    const rest = await api('POST', `/grants/${grantId}/expenditures`, { amount: thb(1_300_000), spentOn: '2025-09-02', category: 'personnel' });
    expect(rest.body.totals).toMatchObject({ spent: thb(2_500_000), unspent: thb(1_000_000) });
  });

  it('adds co-investments from registered organisations per currency', async () => {
    await api('POST', `/grants/${grantId}/co-investments`, { organisationId: org.investor, amount: thb(12_000_000), committedOn: '2025-03-10' });
    await api('POST', `/grants/${grantId}/co-investments`, { organisationId: org.foreign, amount: { amount: 25_000_000, currency: 'USD' } });
    const r = await api('POST', `/grants/${grantId}/co-investments`, { organisationId: org.investor, amount: thb(3_000_000), reason: 'second round' });
    expect(r.status).toBe(200);
    expect(r.body.totals.coInvested).toEqual([thb(15_000_000), { amount: 25_000_000, currency: 'USD' }]);
    expect(r.body.coInvestments).toHaveLength(3);

    const unknown = await api('POST', `/grants/${grantId}/co-investments`, { organisationId: '0190a0c4-0000-7000-8000-000000000000', amount: thb(1) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ path: 'organisationId', message: expect.stringMatching(/no organisation/) });
  });

  it('lists grants by funder, partner and status', async () => {
    const byFunder = await api('GET', `/grants?funderId=${org.nia}`);
    expect(byFunder.body.items.map((g: { id: string }) => g.id)).toEqual([grantId]);
    expect((await api('GET', `/grants?partnerId=${org.step}&status=open`)).body.items).toHaveLength(1);
    expect((await api('GET', '/grants?status=closed')).body.items).toHaveLength(0);
  });

  it('refuses close-out while money is unaccounted for, naming the amounts; allows it with a reason', async () => {
    const refused = await api('POST', `/grants/${grantId}/close-out`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      'Grant is "open": 1,500,000.00 THB of the awarded 5,000,000.00 THB is not disbursed and 1,000,000.00 THB disbursed is not spent; give a reason to close it out anyway',
    );

    const reason = 'โครงการสิ้นสุดก่อนกำหนด: the funder cancelled the rest of the second tranche';
    const closed = await api('POST', `/grants/${grantId}/close-out`, { reason });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeOut: { reason, undisbursed: thb(1_500_000), unspent: thb(1_000_000) } });

    const after = await api('POST', `/grants/${grantId}/disbursements`, { amount: thb(1), disbursedOn: '2025-09-01' });
    expect(after.status).toBe(409);
    expect(after.body.detail).toMatch(/^Grant is "closed"/);
    expect((await api('GET', '/grants?status=closed')).body.items.map((g: { id: string }) => g.id)).toEqual([grantId]);
  });

  it('shows auditors every event with who, why and the data, the state at any version, a valid chain and an export', async () => {
    const history = await api('GET', `/grants/${grantId}/history`);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'GrantOpened',
      'TranchesScheduled',
      'FundsDisbursed',
      'FundsDisbursed',
      'ExpenditureRecorded',
      'ExpenditureRecorded',
      'CoInvestmentCommitted',
      'CoInvestmentCommitted',
      'CoInvestmentCommitted',
      'GrantClosedOut',
    ]);
    expect(history.body.items[0]).toMatchObject({ version: 1, actor: 'officer@step.example', reason: 'awarded at the board meeting of 20 January' });
    expect(history.body.items[9].data).toMatchObject({ undisbursed: thb(1_500_000), unspent: thb(1_000_000) });

    const v4 = await api('GET', `/grants/${grantId}/history?version=4`);
    expect(v4.body).toMatchObject({ version: 4, state: { status: 'open', totals: { disbursed: thb(3_500_000), spent: thb(0) } } });

    expect((await api('GET', `/grants/${grantId}/history/verify`)).body).toMatchObject({ valid: true, events: 10, firstInvalidVersion: null });
    const csv = await api('GET', `/grants/${grantId}/history/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text).toContain('GrantClosedOut');
    const json = await api('GET', `/grants/${grantId}/history/export?format=json`);
    expect(json.body).toMatchObject({
      format: 'pmt.history-export/1',
      resourceType: 'grant',
      resourceId: grantId,
      stream: `grant-${grantId}`,
      verification: { valid: true },
    });
    expect(json.body.events).toHaveLength(10);
  });

  it('opens the grant of an approved proposal by itself, once, and lets nobody open a second one for it', async () => {
    const proposal = await api('POST', '/proposals', {
      title: 'Lampang ceramics: kiln energy retrofit',
      leadTeam: 'NMCO',
      funderId: org.nia,
      partnerIds: [org.step],
      requestedAmount: thb(2_000_000),
      submissionDeadline: '2099-12-31',
      programme: 'Regional innovation 2025',
    });
    expect(proposal.status).toBe(201);
    const proposalId = proposal.body.id as string;
    expect((await api('POST', `/proposals/${proposalId}/submission`, {})).status).toBe(200);

    const decided = await api('POST', `/proposals/${proposalId}/decision`, {
      outcome: 'approved',
      awardedAmount: thb(1_800_000),
      reasons: ['strong regional partners'],
    });
    expect(decided.status).toBe(200);
    const answeredAt = Date.now();
    const listed = await eventually(
      () => api('GET', `/grants?proposalId=${proposalId}`).then((r) => r.body.items as Array<Record<string, unknown>>),
      (items) => items.length > 0,
    );
    const elapsedMs = Date.now() - answeredAt;
    process.stdout.write(`grant of an approved proposal listed ${elapsedMs} ms after the approval answered\n`);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      status: 'open',
      proposalId,
      title: 'Lampang ceramics: kiln energy retrofit',
      funderId: org.nia,
      partnerIds: [org.step],
      leadTeam: 'NMCO',
      awardedAmount: thb(1_800_000),
    });

    const history = await api('GET', `/grants/${listed[0].id}/history`);
    expect(history.body.items[0]).toMatchObject({ type: 'GrantOpened', actor: 'system:funding' });

    const second = await api('POST', '/grants', { proposalId, funderId: org.nia, awardedAmount: thb(1), startsOn: '2025-01-01', endsOn: '2025-12-31' });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(`a grant for proposal ${proposalId} already exists`);
    expect((await api('GET', `/grants?proposalId=${proposalId}`)).body.items).toHaveLength(1);
  });
});
