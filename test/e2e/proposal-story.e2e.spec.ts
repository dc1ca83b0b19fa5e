import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, newId, officeDate, type StoredEvent } from '@pmt/kernel';
import { connect, type NatsConnection } from 'nats';
import { startProduct, type Product } from '../support/product';

const baht = (amount: number) => ({ amount, currency: 'THB' });

/**
 * Stories 1, 4 and 6 of the domain stories through the running product: the science park's teams write
 * proposals to a funder, the funder asks for a revision, approves one, rejects another, one is withdrawn and
 * one misses its deadline; then an auditor reads the history and the funding service's input is on JetStream.
 */
describe('proposals to funders, through the running product', () => {
  let product: Product;
  let nc: NatsConnection;
  let nia: string;
  let foodValley: string;
  let lampang: string;
  let approvedId: string;
  let rejectedId: string;
  let withdrawnId: string;
  let lateId: string;
  let beforeSubmission: string;
  const today = officeDate(new Date());
  const inAMonth = addDays(today, 30);
  const yesterday = addDays(today, -1);

  const organisation = async (name: string, kind: string) =>
    (await product.api('POST', '/api/v1/organisations', { body: { name, kind, country: 'TH', sectors: [], contacts: [] } })).body.id as string;

  const draft = async (overrides: Record<string, unknown> = {}) => {
    const r = await product.api('POST', '/api/v1/proposals', {
      body: {
        title: 'ระบบความปลอดภัยอาหาร Chiang Mai Food Valley',
        leadTeam: 'IASA',
        funderId: nia,
        partnerIds: [foodValley, lampang],
        requestedAmount: baht(250_000_000),
        submissionDeadline: inAMonth,
        programme: 'Social innovation 2025',
        ...overrides,
      },
    });
    expect(r.status).toBe(201);
    return r.body;
  };

  const post = (id: string, command: string, body: unknown, roles?: string[]) =>
    product.api('POST', `/api/v1/proposals/${id}/${command}`, { body, ...(roles && { roles }) });

  const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

  beforeAll(async () => {
    product = await startProduct();
    nc = await connect(product.nats.options);
    nia = await organisation('สำนักงานนวัตกรรมแห่งชาติ (NIA)', 'government');
    foodValley = await organisation('Chiang Mai Food Valley', 'community');
    lampang = await organisation('Lampang Ceramics Co.', 'private');
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await product?.stop();
  });

  it('refuses a bad draft naming every field, unknown organisations and the funder as partner included', async () => {
    const r = await product.api('POST', '/api/v1/proposals', {
      body: {
        title: 'x',
        leadTeam: 'IASA',
        funderId: nia,
        partnerIds: [nia, newId()],
        requestedAmount: { amount: 1000.5, currency: 'THB' },
        submissionDeadline: '2025-02-30',
        programme: 'p',
      },
    });
    expect(r.status).toBe(400);
    expect(paths(r.body)).toEqual(['partnerIds[0]', 'partnerIds[1]', 'requestedAmount.amount', 'submissionDeadline']);
    expect((await product.api('GET', '/api/v1/proposals')).body.items).toEqual([]);
  });

  it('drafts a proposal, keeps an internal review note and revises the draft', async () => {
    const created = await draft({ description: 'ข้อเสนอจากเวิร์กช็อปเชียงใหม่ 2556', reason: 'demand from the 2013 workshop' });
    expect(created).toMatchObject({
      status: 'draft',
      version: 1,
      funderId: nia,
      partnerIds: [foodValley, lampang],
      requestedAmount: baht(250_000_000),
      awardedAmount: null,
      activityId: null,
      decision: null,
      withdrawal: null,
      late: false,
    });
    approvedId = created.id;

    const noted = await post(approvedId, 'review-notes', { note: 'งบประมาณต้องมีส่วนร่วมลงทุนของพันธมิตร' });
    expect(noted.status).toBe(200);
    expect(noted.body).toMatchObject({ status: 'draft', version: 2 });
    expect(noted.body.reviewNotes).toEqual([{ note: 'งบประมาณต้องมีส่วนร่วมลงทุนของพันธมิตร', by: 'officer@step.example', at: expect.any(String) }]);

    const revised = await post(approvedId, 'draft', { programme: 'Social innovation 2025, northern round' });
    expect(revised.body).toMatchObject({ programme: 'Social innovation 2025, northern round', version: 3 });
    beforeSubmission = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
  });

  it('submits on time, takes a request for revision, and a resubmission in the same currency', async () => {
    const early = await post(approvedId, 'decision', { outcome: 'approved', awardedAmount: baht(1) });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('"draft"');

    const submitted = await post(approvedId, 'submission', {});
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedOn: today, late: false, lateReason: null });

    const returned = await post(approvedId, 'decision', { outcome: 'revision-requested', reasons: ['show the partners’ co-investment'] });
    expect(returned.body).toMatchObject({
      status: 'revision-requested',
      decision: { outcome: 'revision-requested', reasons: ['show the partners’ co-investment'], decidedOn: today },
    });

    const again = await post(approvedId, 'submission', {});
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('resubmission');

    const dollars = await post(approvedId, 'resubmission', { requestedAmount: { amount: 7_000_000, currency: 'USD' } });
    expect(dollars.status).toBe(400);
    expect(paths(dollars.body)).toEqual(['requestedAmount.currency']);

    const resubmitted = await post(approvedId, 'resubmission', { requestedAmount: baht(200_000_000), note: 'partners co-invest 20%' });
    expect(resubmitted.body).toMatchObject({ status: 'submitted', requestedAmount: baht(200_000_000), decision: null });
  });

  it('approves no more than was requested and in its currency, and the approval is final', async () => {
    const dollars = await post(approvedId, 'decision', { outcome: 'approved', awardedAmount: { amount: 100, currency: 'USD' } });
    expect(dollars.status).toBe(400);
    expect(paths(dollars.body)).toEqual(['awardedAmount.currency']);
    const tooMuch = await post(approvedId, 'decision', { outcome: 'approved', awardedAmount: baht(250_000_000) });
    expect(tooMuch.status).toBe(400);
    expect(paths(tooMuch.body)).toEqual(['awardedAmount.amount']);

    const approved = await post(approvedId, 'decision', { outcome: 'approved', awardedAmount: baht(180_000_000), reasons: ['strong partner commitment'] });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', awardedAmount: baht(180_000_000), decision: { outcome: 'approved', decidedOn: today } });

    const withdraw = await post(approvedId, 'withdrawal', { reason: 'changed our mind' });
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.detail).toContain('"approved"');
  });

  it('publishes the approval to JetStream with everything the funding service needs', async () => {
    const jsm = await nc.jetstreamManager();
    const subject = 'events.proposals.proposal.ProposalApproved';
    let message: StoredEvent | undefined;
    for (let i = 0; i < 100 && !message; i++) {
      message = await jsm.streams.getMessage('EVENTS_PROPOSALS', { last_by_subj: subject }).then(
        (m) => m.json<StoredEvent>(),
        () => undefined,
      );
      if (!message) await new Promise((r) => setTimeout(r, 100));
    }
    expect(message).toMatchObject({ type: 'ProposalApproved', streamId: `proposal-${approvedId}` });
    expect(message?.data).toEqual({
      awardedAmount: baht(180_000_000),
      reasons: ['strong partner commitment'],
      proposalId: approvedId,
      title: 'ระบบความปลอดภัยอาหาร Chiang Mai Food Valley',
      leadTeam: 'IASA',
      funderId: nia,
      partnerIds: [foodValley, lampang],
      requestedAmount: baht(200_000_000),
      // the grant opened from it is as confidential as the proposal was when approved
      confidential: false,
      at: expect.any(String),
    });
  });

  it('rejects another proposal only with a reason', async () => {
    rejectedId = (await draft({ title: 'Lampang ceramics energy', leadTeam: 'NMCO', partnerIds: [lampang], requestedAmount: baht(90_000_000) })).id;
    await post(rejectedId, 'submission', {});
    const noReason = await post(rejectedId, 'decision', { outcome: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(paths(noReason.body)).toEqual(['reasons']);
    const rejected = await post(rejectedId, 'decision', { outcome: 'rejected', reasons: ['outside the call’s scope'] });
    expect(rejected.body).toMatchObject({ status: 'rejected', awardedAmount: null, decision: { outcome: 'rejected', reasons: ['outside the call’s scope'] } });
  });

  it('withdraws a third with its reason, after which it refuses submission', async () => {
    withdrawnId = (await draft({ title: 'Rice seed spin-off', leadTeam: 'IMO', partnerIds: [] })).id;
    const withdrawn = await post(withdrawnId, 'withdrawal', { reason: 'the partner left the project' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'the partner left the project', at: expect.any(String) } });
    const submit = await post(withdrawnId, 'submission', {});
    expect(submit.status).toBe(409);
    expect(submit.body.detail).toContain('"withdrawn"');
    const history = await product.api('GET', `/api/v1/proposals/${withdrawnId}/history`);
    expect(history.body.items[1]).toMatchObject({ type: 'ProposalWithdrawn', reason: 'the partner left the project' });
  });

  it('refuses a late submission to staff and accepts it from an admin who says why', async () => {
    lateId = (await draft({ title: 'Nan silverware design centre', leadTeam: 'NMCO', partnerIds: [foodValley], submissionDeadline: yesterday })).id;
    const staff = await post(lateId, 'submission', {});
    expect(staff.status).toBe(409);
    expect(staff.body.detail).toContain(`the submission deadline was ${yesterday}`);
    expect(staff.body.detail).toContain('an admin may submit late with a lateReason');

    const staffWithReason = await post(lateId, 'submission', { lateReason: 'NIA said it is fine' });
    expect(staffWithReason.status).toBe(403);
    const adminWithoutReason = await post(lateId, 'submission', {}, ['admin']);
    expect(adminWithoutReason.status).toBe(409);

    const admin = await post(lateId, 'submission', { lateReason: 'NIA extended the call by email' }, ['admin']);
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ status: 'submitted', late: true, lateReason: 'NIA extended the call by email', submittedOn: today });
  });

  it('lists by status, funder, partner, lead team and deadline', async () => {
    const ids = async (query: string) => (await product.api('GET', `/api/v1/proposals?${query}`)).body.items.map((p: { id: string }) => p.id).sort();
    const sorted = (...list: string[]) => [...list].sort();
    expect(await ids('status=approved')).toEqual([approvedId]);
    expect(await ids('status=submitted')).toEqual([lateId]);
    expect(await ids(`funderId=${nia}`)).toEqual(sorted(approvedId, rejectedId, withdrawnId, lateId));
    expect(await ids(`funderId=${lampang}`)).toEqual([]);
    expect(await ids(`partnerId=${lampang}`)).toEqual(sorted(approvedId, rejectedId));
    expect(await ids(`partnerId=${foodValley}&leadTeam=NMCO`)).toEqual([lateId]);
    expect(await ids('leadTeam=IMO')).toEqual([withdrawnId]);
    expect(await ids(`deadlineBefore=${today}`)).toEqual([lateId]);
    const bad = await product.api('GET', '/api/v1/proposals?status=pending&deadlineBefore=soon');
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(['deadlineBefore', 'status']);
  });

  it('gives the auditor its history, past states, a valid chain and exports', async () => {
    const history = await product.api('GET', `/api/v1/proposals/${approvedId}/history`, { roles: ['auditor'] });
    expect(history.status).toBe(200);
    const types = history.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual([
      'ProposalDrafted',
      'ProposalReviewNoted',
      'ProposalDraftRevised',
      'ProposalSubmitted',
      'ProposalRevisionRequested',
      'ProposalResubmitted',
      'ProposalApproved',
    ]);
    expect(history.body.items[0]).toMatchObject({ version: 1, actor: 'officer@step.example', reason: 'demand from the 2013 workshop' });

    const atOne = await product.api('GET', `/api/v1/proposals/${approvedId}/history?version=1`, { roles: ['auditor'] });
    expect(atOne.body.state).toMatchObject({ status: 'draft', version: 1, reviewNotes: [], programme: 'Social innovation 2025' });

    const before = await product.api('GET', `/api/v1/proposals/${approvedId}/history?asOf=${encodeURIComponent(beforeSubmission)}`, { roles: ['auditor'] });
    expect(before.body.state).toMatchObject({ status: 'draft', version: 3, submittedOn: null });
    expect(before.body.state.reviewNotes).toHaveLength(1);

    const verify = await product.api('GET', `/api/v1/proposals/${approvedId}/history/verify`, { roles: ['auditor'] });
    expect(verify.body).toMatchObject({ valid: true, events: types.length, firstInvalidVersion: null });

    const csv = await product.api('GET', `/api/v1/proposals/${approvedId}/history/export?format=csv`, { roles: ['auditor'] });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect(csv.text).toContain('งบประมาณต้องมีส่วนร่วมลงทุนของพันธมิตร');
    const json = await product.api('GET', `/api/v1/proposals/${approvedId}/history/export?format=json`, { roles: ['auditor'] });
    expect(json.body.events).toHaveLength(types.length);

    expect((await product.api('GET', `/api/v1/proposals/${approvedId}/history`, { roles: ['viewer'] })).status).toBe(403);
    expect((await product.api('GET', `/api/v1/proposals/${approvedId}`, { roles: ['viewer'] })).body.status).toBe('approved');
  });
});
