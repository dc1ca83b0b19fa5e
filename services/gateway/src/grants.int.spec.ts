import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { commandEcho, startHarness, type Harness, type HttpResult } from './infra/testing/harness';
import { fail, ok } from './infra/testing/fake-services';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();
const messageAt = (body: { errors?: { path: string; message: string }[] }, path: string) => body.errors?.find((e) => e.path === path)?.message;

/** The grants API at the gateway: what it refuses itself (400), and what it forwards to funding and back. */
describe('grants at the gateway', () => {
  let h: Harness;
  let staff: string;
  const funder = newId();
  const partner = newId();
  const archived = newId();
  const investor = newId();
  const grantId = newId();

  const goodGrant = () => ({
    proposalId: newId(),
    title: 'ระบบตรวจสอบความปลอดภัยอาหาร Chiang Mai Food Valley',
    funderId: funder,
    partnerIds: [partner],
    leadTeam: 'IASA',
    awardedAmount: { amount: 500_000_000, currency: 'THB' },
    startsOn: '2025-02-01',
    endsOn: '2026-01-31',
  });

  const expect400 = (r: HttpResult) => {
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  };
  const post = (path: string, body: unknown, token = staff) => h.request('POST', `/api/v1/grants${path}`, { token, body });

  beforeAll(async () => {
    h = await startHarness();
    staff = h.token(['staff'], 'officer@step.example');
    for (const id of [funder, partner, investor]) h.organisations.set(id, { id, status: 'active', version: 1 });
    h.organisations.set(archived, { id: archived, status: 'archived', version: 2 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  describe('POST /grants', () => {
    it('opens a grant: 201 with the resource, ETag and Location, the body forwarded as given', async () => {
      const r = await post('', { ...goodGrant(), reason: 'awarded at the March board' });
      expect(r.status).toBe(201);
      expect(r.headers.get('etag')).toBe('"1"');
      expect(r.headers.get('location')).toBe(`/api/v1/grants/${r.body.id}`);
      const sent = h.fake.last('funding.grant.open')!.message as unknown as CommandMessage;
      const { reason: _reason, ...data } = { ...goodGrant(), reason: '' };
      expect(Object.keys(sent.data).sort()).toEqual(Object.keys(data).sort());
      expect(sent).toMatchObject({ actor: 'officer@step.example', reason: 'awarded at the March board' });
      expect(sent.data.title).toBe(goodGrant().title);
    });

    it('takes the currency as THB when left out', async () => {
      const r = await post('', { ...goodGrant(), awardedAmount: { amount: 100 } });
      expect(r.status).toBe(201);
      expect(h.fake.last('funding.grant.open')!.message.data).toMatchObject({ awardedAmount: { amount: 100, currency: 'THB' } });
    });

    it('names every bad field in one 400, the funding service’s rule and organisation errors joined, and forwards no command', async () => {
      // the partner and period rules and the organisation check are the funding service's (its route spec shows them);
      // it answers them on funding.grant.validate, played here
      await h.fake.handle('funding.grant.validate', () =>
        ok({
          errors: [
            { path: 'funderId', message: 'no organisation has this id' },
            { path: 'partnerIds[0]', message: 'this organisation is archived' },
            { path: 'partnerIds[2]', message: 'is already a partner (partnerIds[1])' },
          ],
        }),
      );
      const unknown = newId();
      const body = {
        ...goodGrant(),
        proposalId: 'P-1',
        funderId: unknown,
        partnerIds: [archived, partner, partner],
        awardedAmount: { amount: 12.5, currency: 'baht' },
        startsOn: '2025-02-30',
        colour: 'blue',
      };
      const r = await post('', body);
      await h.fake.drop('funding.grant.validate');
      expect400(r);
      expect(paths(r.body)).toEqual(
        ['proposalId', 'funderId', 'partnerIds[0]', 'partnerIds[2]', 'awardedAmount.amount', 'awardedAmount.currency', 'startsOn', 'colour'].sort(),
      );
      expect(messageAt(r.body, 'funderId')).toMatch(/no organisation/);
      expect(messageAt(r.body, 'partnerIds[0]')).toMatch(/archived/);
      expect(messageAt(r.body, 'partnerIds[2]')).toBe('is already a partner (partnerIds[1])');
      expect((h.fake.last('funding.grant.validate')?.message as { params: unknown }).params).toEqual({ command: 'open', data: body });
      expect(h.fake.all('funding.grant.open')).toHaveLength(0);
    });

    it.each([
      ['zero', 0, 'must be greater than zero'],
      ['negative', -5, 'must be greater than zero'],
      ['fractional', 0.5, 'must be an integer number of minor units (satang)'],
      ['text', '100', 'must be an integer number of minor units (satang)'],
    ])('refuses a %s awarded amount, naming awardedAmount.amount', async (_what, amount, message) => {
      const r = await post('', { ...goodGrant(), awardedAmount: { amount, currency: 'THB' } });
      expect400(r);
      expect(r.body.errors).toEqual([{ path: 'awardedAmount.amount', message }]);
    });

    it('shows the service’s 400 for a well-formed body it refuses (a period ending before it starts) as it answers it', async () => {
      const errors = [{ path: 'endsOn', message: 'must be on or after startsOn (2025-02-01)' }];
      await h.fake.handle('funding.grant.open', () =>
        fail({ code: 'REQUEST.INVALID', kind: 'invalid', message: 'The request body has invalid fields', errors }),
      );
      const r = await post('', { ...goodGrant(), endsOn: '2025-01-31' });
      await h.fake.handle('funding.grant.open', commandEcho('create'));
      expect400(r);
      expect(r.body.errors).toEqual(errors);
    });

    it('names the missing fields of an empty body', async () => {
      const r = await post('', {});
      expect400(r);
      expect(paths(r.body)).toEqual(['awardedAmount', 'endsOn', 'funderId', 'startsOn']);
    });

    it('is for staff and admins: a viewer gets 403', async () => {
      const r = await post('', goodGrant(), h.token(['viewer']));
      expect(r.status).toBe(403);
    });
  });

  describe('commands on a grant', () => {
    it('forwards each to its subject with the grant id', async () => {
      const calls: Array<[string, string, unknown]> = [
        ['/tranches', 'funding.grant.schedule-tranches', { tranches: [{ dueOn: '2025-03-01', amount: { amount: 100, currency: 'THB' } }] }],
        ['/disbursements', 'funding.grant.disburse', { amount: { amount: 100, currency: 'THB' }, disbursedOn: '2025-03-01', trancheId: newId() }],
        [
          '/expenditures',
          'funding.grant.record-expenditure',
          { amount: { amount: 50, currency: 'THB' }, spentOn: '2025-03-02', category: 'equipment', disbursementId: newId() },
        ],
        ['/co-investments', 'funding.grant.commit-co-investment', { organisationId: investor, amount: { amount: 9_000_00, currency: 'USD' } }],
        ['/close-out', 'funding.grant.close-out', {}],
      ];
      for (const [path, subject, body] of calls) {
        const r = await post(`/${grantId}${path}`, body);
        expect(r.status).toBe(200);
        expect(h.fake.last(subject)!.message).toMatchObject({ id: grantId, data: body });
      }
    });

    it('keeps the close-out reason in the command as well as in its metadata', async () => {
      const reason = 'ทุนงวดที่สองถูกยกเลิกโดยผู้ให้ทุน';
      await post(`/${grantId}/close-out`, { reason });
      expect(h.fake.last('funding.grant.close-out')!.message).toMatchObject({ reason, data: { reason } });
    });

    it('refuses an empty schedule and bad tranches, naming each field', async () => {
      expect(paths((await post(`/${grantId}/tranches`, { tranches: [] })).body)).toEqual(['tranches']);
      const r = await post(`/${grantId}/tranches`, {
        tranches: [
          { dueOn: '2025-13-01', amount: { amount: 1, currency: 'THB' } },
          { dueOn: '2025-03-01', amount: { amount: -1, currency: 'THB' } },
          { dueOn: '2025-03-01', amount: { amount: 1, currency: 'thb' } },
        ],
      });
      expect400(r);
      expect(paths(r.body)).toEqual(['tranches[0].dueOn', 'tranches[1].amount.amount', 'tranches[2].amount.currency']);
      expect(h.fake.all('funding.grant.schedule-tranches')).toHaveLength(0);
    });

    it('refuses a disbursement with a fractional amount, no date and a tranche id that is not one', async () => {
      const r = await post(`/${grantId}/disbursements`, { amount: { amount: 1.25, currency: 'THB' }, trancheId: 'first' });
      expect400(r);
      expect(paths(r.body)).toEqual(['amount.amount', 'disbursedOn', 'trancheId']);
    });

    it('refuses an expenditure without a category', async () => {
      const r = await post(`/${grantId}/expenditures`, { amount: { amount: 100, currency: 'THB' }, spentOn: '2025-03-02', category: '  ' });
      expect400(r);
      expect(r.body.errors).toEqual([{ path: 'category', message: 'must not be blank' }]);
    });

    it('joins the service’s word on the co-investor (archived) to the schema’s errors', async () => {
      await h.fake.handle('funding.grant.validate', () => ok({ errors: [{ path: 'organisationId', message: 'this organisation is archived' }] }));
      const r = await post(`/${grantId}/co-investments`, { organisationId: archived, amount: { amount: 0, currency: 'USD' } });
      await h.fake.drop('funding.grant.validate');
      expect400(r);
      expect(paths(r.body)).toEqual(['amount.amount', 'organisationId']);
      expect(messageAt(r.body, 'organisationId')).toMatch(/archived/);
      expect((h.fake.last('funding.grant.validate')?.message as { params: { command: string } }).params.command).toBe('commitCoInvestment');
      expect(h.fake.all('funding.grant.commit-co-investment')).toHaveLength(0);
    });

    it('passes the service’s refusals through: 409 with the detail saying what remains, 400 naming the currency', async () => {
      await h.fake.handle('funding.grant.disburse', () =>
        fail({
          code: 'GRANT.OVER_DISBURSED',
          kind: 'conflict',
          message: 'Grant is "open": disbursing 2,000,000.00 THB would exceed the awarded 5,000,000.00 THB; 1,500,000.00 THB remains',
          details: { remaining: { amount: 150_000_000, currency: 'THB' } },
        }),
      );
      const over = await post(`/${grantId}/disbursements`, { amount: { amount: 200_000_000, currency: 'THB' }, disbursedOn: '2025-03-01' });
      expect(over.status).toBe(409);
      expect(over.body).toMatchObject({ status: 409, code: 'GRANT.OVER_DISBURSED', detail: expect.stringContaining('1,500,000.00 THB remains') });

      await h.fake.handle('funding.grant.disburse', () =>
        fail({
          code: 'GRANT.INVALID_DISBURSEMENT',
          kind: 'invalid',
          message: 'amount.currency',
          errors: [{ path: 'amount.currency', message: "must be THB, the grant's currency" }],
        }),
      );
      const usd = await post(`/${grantId}/disbursements`, { amount: { amount: 100, currency: 'USD' }, disbursedOn: '2025-03-01' });
      expect400(usd);
      expect(usd.body.errors).toEqual([{ path: 'amount.currency', message: "must be THB, the grant's currency" }]);
      await h.fake.handle('funding.grant.disburse', commandEcho('update'));
    });
  });

  describe('reads', () => {
    it('forwards the list filters, and refuses an unknown status', async () => {
      await h.fake.handle('funding.grant.list', () => ok({ items: [], nextCursor: null }));
      const proposalId = newId();
      const r = await h.request('GET', `/api/v1/grants?status=closed&funderId=${funder}&proposalId=${proposalId}&partnerId=${partner}&leadTeam=IASA`, {
        token: h.token(['viewer']),
      });
      expect(r.status).toBe(200);
      expect(h.fake.last('funding.grant.list')!.message.params).toEqual({
        status: 'closed',
        funderId: funder,
        proposalId,
        partnerId: partner,
        leadTeam: 'IASA',
        limit: 50,
      });
      const bad = await h.request('GET', '/api/v1/grants?status=spent', { token: staff });
      expect400(bad);
      expect(paths(bad.body)).toEqual(['status']);
    });

    it('answers one grant with its version as ETag, and its history, past state, verification and export to auditors', async () => {
      await h.fake.handle('funding.grant.get', (m) => ok({ id: (m.params as { id: string }).id, status: 'open', version: 4 }));
      await h.fake.handle('funding.grant.history', () => ok({ items: [], nextCursor: null }));
      await h.fake.handle('funding.grant.state-at', (m) => ok({ asked: m.params }));
      await h.fake.handle('funding.grant.verify', () => ok({ valid: true, events: 4, firstInvalidVersion: null }));
      await h.fake.handle('funding.grant.export', () =>
        ok({ filename: `grant-${grantId}-history.csv`, contentType: 'text/csv', toVersion: 1, chunk: 'version,type\n1,GrantOpened\n', nextCursor: null }),
      );
      const auditor = h.token(['auditor']);

      const one = await h.request('GET', `/api/v1/grants/${grantId}`, { token: h.token(['viewer']) });
      expect(one.headers.get('etag')).toBe('"4"');
      expect((await h.request('GET', `/api/v1/grants/${grantId}/history`, { token: auditor })).body).toEqual({ items: [], nextCursor: null });
      expect((await h.request('GET', `/api/v1/grants/${grantId}/history?version=2`, { token: auditor })).body.asked).toEqual({ id: grantId, version: 2 });
      expect((await h.request('GET', `/api/v1/grants/${grantId}/history/verify`, { token: auditor })).body).toMatchObject({ valid: true });
      const csv = await h.request('GET', `/api/v1/grants/${grantId}/history/export?format=csv`, { token: auditor });
      expect(csv.headers.get('content-disposition')).toContain(`grant-${grantId}-history.csv`);
      expect(csv.text).toContain('GrantOpened');
      expect((await h.request('GET', `/api/v1/grants/${grantId}/history`, { token: h.token(['viewer']) })).status).toBe(403);
    });
  });

  describe('four eyes on money', () => {
    const disbursementId = newId();
    const grantWith = (status: string) => ({ id: grantId, version: 3, resource: { id: grantId, disbursements: [{ id: disbursementId, status }] } });

    it('answers 202 with Location when the new disbursement waits for confirmation, 200 when it counted at once', async () => {
      await h.fake.handle('funding.grant.disburse', () => ok(grantWith('pending-confirmation')));
      const held = await post(`/${grantId}/disbursements`, { amount: { amount: 5_000_000_00, currency: 'THB' }, disbursedOn: '2025-02-05' });
      expect(held.status).toBe(202);
      expect(held.headers.get('location')).toBe(`/api/v1/grants/${grantId}`);
      expect(held.body.disbursements[0].status).toBe('pending-confirmation');
      await h.fake.handle('funding.grant.disburse', () => ok(grantWith('confirmed')));
      expect((await post(`/${grantId}/disbursements`, { amount: { amount: 100, currency: 'THB' }, disbursedOn: '2025-02-05' })).status).toBe(200);
    });

    it('forwards the confirmation with the disbursement id and the confirming actor; a refusal of the requester is a 403 problem', async () => {
      await h.fake.handle('funding.grant.confirm-disbursement', () => ok(grantWith('confirmed')));
      const r = await post(`/${grantId}/disbursements/${disbursementId}/confirmation`, { reason: 'checked' });
      expect(r.status).toBe(200);
      const sent = h.fake.last('funding.grant.confirm-disbursement')!.message as unknown as CommandMessage;
      expect(sent).toMatchObject({ id: grantId, actor: 'officer@step.example', reason: 'checked', data: { disbursementId } });
      await h.fake.handle('funding.grant.confirm-disbursement', () =>
        fail({ code: 'GRANT.FOUR_EYES', kind: 'forbidden', message: 'another staff member must confirm it' }),
      );
      const refused = await post(`/${grantId}/disbursements/${disbursementId}/confirmation`, {});
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('refuses an unknown body field and a malformed disbursement id with 400 before anything is sent', async () => {
      expect400(await post(`/${grantId}/disbursements/${disbursementId}/confirmation`, { amount: 1 }));
      expect400(await post(`/${grantId}/disbursements/not-an-id/confirmation`, {}));
      expect(h.fake.last('funding.grant.confirm-disbursement')).toBeUndefined();
    });
  });
});
