import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProduct, type Product } from '../support/product';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Story 3: the MOST–MOI MOU signed on 20 April 2009 (2552 BE) is entered years later, its whole life: drafted, sent
 * for signature, signed by both ministries, KPI reports over the years, renewed in 2014 and 2019, terminated in
 * 2023. An admin dates each change with Occurred-At while the mous scheduler ticks every 20 ms (and the mous service
 * is killed and restarted halfway); an auditor then sees the MOU exactly as it stood at the end of every year,
 * nobody was told of any of it, and a grant opened by an approval entered after the fact is dated by the approval.
 */
describe('an MOU entered after the fact, its whole life, seen as it stood on past dates', () => {
  let product: Product;
  let most: { id: string };
  let moi: { id: string };
  let mouId: string;
  const admin = ['admin'];
  const at = (instant: string) => ({ 'occurred-at': instant });
  const api = (method: string, path: string, body?: unknown, occurredAt?: string) =>
    product.api(method, `/api/v1${path}`, { ...(body !== undefined && { body }), roles: admin, ...(occurredAt && { headers: at(occurredAt) }) });

  beforeAll(async () => {
    product = await startProduct({ SCHEDULER_INTERVAL_MS: '20', WORKFLOWS_INTERVAL_MS: '200', NOTIFY_INTERVAL_MS: '100' });
    const org = async (name: string, email: string) =>
      (await api('POST', '/organisations', { name, kind: 'government', country: 'TH', sectors: [], contacts: [{ name: 'Partnership desk', email }] })).body;
    most = await org('กระทรวงวิทยาศาสตร์และเทคโนโลยี', 'desk@most.example');
    moi = await org('กระทรวงมหาดไทย', 'desk@moi.example');
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  const body = () => ({
    title: 'การพัฒนาจังหวัดด้วยวิทยาศาสตร์และเทคโนโลยี',
    parties: [
      { organisationId: most.id, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวงวิทยาศาสตร์และเทคโนโลยี' },
      { organisationId: moi.id, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวงมหาดไทย' },
    ],
    cooperationAreas: ['Provincial Chief Science Officers', 'Regional coordination centres'],
    collaborationLevel: 'strategic',
    effectiveFrom: '2009-04-20',
    termMonths: 60,
    leadTeam: 'NMCO',
    kpis: [
      { name: 'Regional coordination centres set up', target: 4, unit: 'centres', owner: 'NMCO' },
      { name: 'Provinces with a Provincial Chief Science Officer', target: 76, unit: 'provinces', owner: 'NMCO' },
    ],
  });

  it('lets only an admin backdate, never into the future', async () => {
    const staff = await product.api('POST', '/api/v1/mous', { body: body(), roles: ['staff'], headers: at('2009-03-02T02:00:00Z') });
    expect(staff.status).toBe(403);
    const future = await api('POST', '/mous', body(), '2999-01-01T00:00:00Z');
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'Occurred-At' })]);
    const garbled = await api('POST', '/mous', body(), '20 April 2009');
    expect(garbled.status).toBe(400);
    expect(garbled.body.errors).toEqual([expect.objectContaining({ path: 'Occurred-At' })]);

    const created = await api('POST', '/mous', body(), '2009-03-02T02:00:00Z');
    expect(created.status).toBe(201);
    mouId = created.body.id;
    expect(created.body.createdAt).toBe('2009-03-02T02:00:00.000Z');
  });

  it('refuses a change dated before the last one, and changes nothing', async () => {
    expect((await api('POST', `/mous/${mouId}/signature-request`, {}, '2009-04-01T02:00:00Z')).status).toBe(200);
    const earlier = await api('POST', `/mous/${mouId}/signatures`, { organisationId: most.id, signedAt: '2009-04-20T03:00:00Z' }, '2009-03-15T00:00:00Z');
    expect(earlier.status).toBe(409);
    expect((await api('GET', `/mous/${mouId}`)).body).toMatchObject({ version: 2, status: 'awaiting-signatures' });
  });

  it('takes its whole life while the scheduler ticks, across a restart of the mous service, and never expires it meanwhile', async () => {
    for (const party of [most, moi]) {
      const signed = await api('POST', `/mous/${mouId}/signatures`, { organisationId: party.id, signedAt: '2009-04-20T03:00:00Z' }, '2009-04-20T03:00:00Z');
      expect(signed.status).toBe(200);
    }
    // Its first term ended in 2014; dozens of scheduler ticks later it must still be as the office left it.
    await sleep(1_000);
    const signedMou = (await api('GET', `/mous/${mouId}`)).body;
    expect(signedMou).toMatchObject({ status: 'active', version: 6, endsOn: '2014-04-19' });
    const [centres, officers] = (signedMou.kpis as Array<{ id: string }>).map((k) => k.id);

    const report = (kpiId: string, value: number, day: string) =>
      api('POST', `/mous/${mouId}/kpi-progress`, { kpiId, value, reportedOn: day }, `${day}T03:00:00Z`);
    expect((await report(centres, 2, '2009-12-30')).status).toBe(200);
    expect((await report(centres, 4, '2010-09-30')).status).toBe(200);

    await product.stack.kill('mous', 'SIGKILL');
    await eventually(
      () => fetch(`${product.base}/health/ready`).then((r) => r.status),
      (s) => s === 200,
    );
    await sleep(1_000);
    expect((await api('GET', `/mous/${mouId}`)).body).toMatchObject({ status: 'active', version: 8 });

    expect((await report(officers, 52, '2011-09-30')).status).toBe(200);
    expect((await report(officers, 76, '2013-09-30')).status).toBe(200);
    const renewed2014 = await api('POST', `/mous/${mouId}/renewal`, { termMonths: 60 }, '2014-03-20T03:00:00Z');
    expect(renewed2014.status).toBe(200);
    expect(renewed2014.body).toMatchObject({ status: 'active', endsOn: '2019-04-19' });
    expect((await report(officers, 76, '2017-09-29')).status).toBe(200);
    const renewed2019 = await api('POST', `/mous/${mouId}/renewal`, { termMonths: 60 }, '2019-03-20T03:00:00Z');
    expect(renewed2019.status).toBe(200);
    expect(renewed2019.body).toMatchObject({ status: 'active', endsOn: '2024-04-19' });
    expect((await report(officers, 76, '2021-09-30')).status).toBe(200);
    const terminated = await api(
      'POST',
      `/mous/${mouId}/termination`,
      { reason: 'superseded by the ministry reorganisation', effectiveOn: '2023-09-30' },
      '2023-09-29T03:00:00Z',
    );
    expect(terminated.status).toBe(200);

    await sleep(500);
    // 15 events, every one entered by the admin: the scheduler recorded nothing of its own
    expect((await api('GET', `/mous/${mouId}`)).body).toMatchObject({ status: 'terminated', version: 15, terminatedOn: '2023-09-30', endsOn: '2024-04-19' });
  }, 60_000);

  it('shows the MOU as it stood at the end of every year from 2009 to 2025', async () => {
    const asOf = async (instant: string) => (await api('GET', `/mous/${mouId}/history?asOf=${instant}`)).body;
    expect((await asOf('2009-01-01T00:00:00Z')).state).toBeNull();
    expect((await asOf('2009-03-15T00:00:00Z')).state).toMatchObject({ status: 'draft' });
    expect((await asOf('2009-04-10T00:00:00Z')).state).toMatchObject({ status: 'awaiting-signatures' });

    // year: [status, endsOn, renewals, centres reports, officers reports, officers progress]
    const expected: Record<number, [string, string, number, number, number, number | null]> = {
      2009: ['active', '2014-04-19', 0, 1, 0, null],
      2010: ['active', '2014-04-19', 0, 2, 0, null],
      2011: ['active', '2014-04-19', 0, 2, 1, 52],
      2012: ['active', '2014-04-19', 0, 2, 1, 52],
      2013: ['active', '2014-04-19', 0, 2, 2, 76],
      2014: ['active', '2019-04-19', 1, 2, 2, 76],
      2015: ['active', '2019-04-19', 1, 2, 2, 76],
      2016: ['active', '2019-04-19', 1, 2, 2, 76],
      2017: ['active', '2019-04-19', 1, 2, 3, 76],
      2018: ['active', '2019-04-19', 1, 2, 3, 76],
      2019: ['active', '2024-04-19', 2, 2, 3, 76],
      2020: ['active', '2024-04-19', 2, 2, 3, 76],
      2021: ['active', '2024-04-19', 2, 2, 4, 76],
      2022: ['active', '2024-04-19', 2, 2, 4, 76],
      2023: ['terminated', '2024-04-19', 2, 2, 4, 76],
      2024: ['terminated', '2024-04-19', 2, 2, 4, 76],
      2025: ['terminated', '2024-04-19', 2, 2, 4, 76],
    };
    for (const [year, [status, endsOn, renewals, centresReports, officersReports, officersProgress]] of Object.entries(expected)) {
      const state = (await asOf(`${year}-12-31T00:00:00Z`)).state;
      const seen = [state.status, state.endsOn, state.renewals.length, state.kpis[0].reportCount, state.kpis[1].reportCount, state.kpis[1].progress];
      expect({ year, seen }).toEqual({ year, seen: [status, endsOn, renewals, centresReports, officersReports, officersProgress] });
    }
    expect((await asOf('2025-12-31T00:00:00Z')).state).toMatchObject({ activatedOn: '2009-04-20', terminatedOn: '2023-09-30', expiredOn: null });
    const verify = (await api('GET', `/mous/${mouId}/history/verify`)).body;
    expect(verify).toMatchObject({ valid: true, firstInvalidVersion: null });
  });

  it('opens the grant of an approval entered after the fact dated by the approval, and tells nobody of the past, nor plans a kickoff for it', async () => {
    const proposal = async (title: string, occurredAt?: (step: string) => string | undefined) => {
      const created = await api(
        'POST',
        '/proposals',
        {
          title,
          leadTeam: 'IASA',
          funderId: most.id,
          partnerIds: [moi.id],
          requestedAmount: { amount: 500_000_00, currency: 'THB' },
          submissionDeadline: occurredAt ? '2010-01-31' : '2099-12-31',
          programme: 'Provincial S&T',
        },
        occurredAt?.('create'),
      );
      expect(created.status).toBe(201);
      expect((await api('POST', `/proposals/${created.body.id}/submission`, {}, occurredAt?.('submit'))).status).toBe(200);
      const decided = await api(
        'POST',
        `/proposals/${created.body.id}/decision`,
        { outcome: 'approved', awardedAmount: { amount: 400_000_00, currency: 'THB' } },
        occurredAt?.('decide'),
      );
      expect(decided.status).toBe(200);
      return created.body.id as string;
    };
    const grantOf = async (proposalId: string) =>
      (
        await eventually(
          () => api('GET', `/grants?proposalId=${proposalId}`).then((r) => r.body.items as Array<Record<string, unknown>>),
          (items) => items.length > 0,
        )
      )[0];

    const dates: Record<string, string> = { create: '2010-01-10T03:00:00Z', submit: '2010-01-20T03:00:00Z', decide: '2010-03-01T03:00:00Z' };
    const old = await proposal('Regional science centres, 2010', (step) => dates[step]);
    const oldGrant = await grantOf(old);
    expect(oldGrant).toMatchObject({ startsOn: '2010-03-01', createdAt: '2010-03-01T03:00:00.000Z' });
    const grantAsOf = async (instant: string) => (await api('GET', `/grants/${oldGrant.id}/history?asOf=${instant}`)).body;
    expect((await grantAsOf('2010-03-01T02:59:59Z')).state).toBeNull();
    expect((await grantAsOf('2010-03-01T03:00:00Z')).state).toMatchObject({ status: 'open', proposalId: old });

    // Told today: an approval and an MOU coming into force today. Each source is handled in order, so once these
    // are told, the 2010 approval and the 2009 activation were handled before them.
    const current = await proposal('Provincial Chief Science Officers network, today');
    const currentGrant = await grantOf(current);
    const today = new Date().toISOString().slice(0, 10);
    const mou = (await api('POST', '/mous', { ...body(), title: 'In force today', effectiveFrom: today })).body;
    await api('POST', `/mous/${mou.id}/signature-request`, {});
    for (const party of [most, moi]) await api('POST', `/mous/${mou.id}/signatures`, { organisationId: party.id });
    const linked = (items: Array<{ link: { id: string } | null }>, id: string) => items.filter((n) => n.link?.id === id);
    const notices = (topic: string) =>
      api('GET', `/notifications?topic=${topic}&limit=500`).then((r) => r.body.items as Array<{ link: { id: string } | null }>);
    const approvals = await eventually(
      () => notices('proposal.approved'),
      (items) => linked(items, currentGrant.id as string).length > 0,
    );
    const inForce = await eventually(
      () => notices('mou.activated'),
      (items) => linked(items, mou.id).length > 0,
    );
    expect(linked(approvals, currentGrant.id as string).length).toBeGreaterThan(0);
    expect(linked(inForce, mou.id).length).toBeGreaterThan(0);

    expect(linked(approvals, oldGrant.id as string)).toEqual([]);
    expect(linked(inForce, mouId)).toEqual([]);
    const all = (await api('GET', '/notifications?limit=500')).body.items as Array<{ link: { id: string } | null }>;
    expect([...linked(all, mouId), ...linked(all, oldGrant.id as string)]).toEqual([]);

    // a kickoff is planned for the MOU in force today, none for the one activated in 2009
    const kickoffs = (id: string) => api('GET', `/activities?mouId=${id}`).then((r) => r.body.items as unknown[]);
    expect(
      await eventually(
        () => kickoffs(mou.id),
        (items) => items.length > 0,
      ),
    ).toHaveLength(1);
    expect(await kickoffs(mouId)).toEqual([]);
  }, 60_000);
});
