import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import { startProduct, type ApiResponse, type Product } from '../support/product';

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
 * Issue 9, defects 5 and 6, through the real gateway and services: one grant per proposal whatever the case of
 * its id or the path that opens it, only for an approved proposal; and an Idempotency-Key that is bound to the
 * request it first came with.
 */
describe('ids and idempotency keys', () => {
  let product: Product;
  let funder: string;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    product.api(method, `/api/v1${path}`, { ...(body !== undefined && { body }), ...(headers && { headers }) });
  const grantsOf = async (proposalId: string) => (await api('GET', `/grants?proposalId=${proposalId}`)).body.items as Array<{ id: string }>;
  const directGrant = (proposalId: string) => ({ proposalId, funderId: funder, awardedAmount: thb(1_000), startsOn: '2025-01-01', endsOn: '2025-12-31' });

  /** A proposal taken as far as `to`: draft, submitted, approved or rejected. */
  async function proposal(to: 'draft' | 'approved' | 'rejected'): Promise<string> {
    const created = await api('POST', '/proposals', {
      title: `Kiln retrofit ${newId()}`,
      leadTeam: 'NMCO',
      funderId: funder,
      partnerIds: [],
      requestedAmount: thb(2_000_000),
      submissionDeadline: '2099-12-31',
      programme: 'Regional innovation 2025',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    if (to === 'draft') return id;
    expect((await api('POST', `/proposals/${id}/submission`, {})).status).toBe(200);
    const decision =
      to === 'approved' ? { outcome: 'approved', awardedAmount: thb(1_800_000), reasons: ['fits'] } : { outcome: 'rejected', reasons: ['out of scope'] };
    expect((await api('POST', `/proposals/${id}/decision`, decision)).status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    product = await startProduct();
    const org = await api('POST', '/organisations', { name: 'สำนักงานนวัตกรรมแห่งชาติ', kind: 'government', country: 'TH', sectors: ['innovation'], contacts: [] });
    funder = org.body.id as string;
  }, 60_000);
  afterAll(async () => {
    await product?.stop();
  });

  describe('a grant for a proposal (defect 5)', () => {
    it('finds the one grant of an approved proposal whatever the case of its id, and opens no second one', async () => {
      const proposalId = await proposal('approved');
      const [opened] = await eventually(
        () => grantsOf(proposalId),
        (items) => items.length > 0,
      );
      expect(opened).toBeDefined();

      const upper = await api('POST', '/grants', directGrant(proposalId.toUpperCase()));
      expect(upper.status).toBe(409);
      expect(upper.body).toMatchObject({ code: 'GRANT.ALREADY_EXISTS', detail: expect.stringContaining(`proposal ${proposalId} already exists`) });
      expect(upper.body.detail).toContain('already funded');

      expect((await api('GET', `/grants/${opened.id.toUpperCase()}`)).body).toMatchObject({ id: opened.id, proposalId });
      expect(await grantsOf(proposalId.toUpperCase())).toHaveLength(1);
      expect(await grantsOf(proposalId)).toHaveLength(1);
    });

    it('opens one grant when the approval and direct openings in either case race each other', async () => {
      const proposalId = await proposal('approved');
      const answers = await Promise.all(
        [proposalId, proposalId.toUpperCase(), proposalId, proposalId.toUpperCase()].map((id) => api('POST', '/grants', directGrant(id))),
      );
      expect(answers.filter((a) => a.status === 201).length).toBeLessThanOrEqual(1);
      for (const a of answers.filter((r) => r.status !== 201)) expect(a.status).toBe(409);
      await eventually(
        () => grantsOf(proposalId),
        (items) => items.length > 0,
      );
      // the approval's consumer has had its turn too
      await new Promise((r) => setTimeout(r, 1500));
      const grants = new Set([...(await grantsOf(proposalId)), ...(await grantsOf(proposalId.toUpperCase()))].map((g) => g.id));
      expect(grants.size).toBe(1);
    });

    it('refuses a proposal nobody made (400 naming proposalId), a draft and a rejected one (409 saying its state)', async () => {
      const unknown = await api('POST', '/grants', directGrant(newId()));
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([{ path: 'proposalId', message: 'no proposal has this id' }]);

      for (const [state, id] of [
        ['draft', await proposal('draft')],
        ['rejected', await proposal('rejected')],
      ] as const) {
        const r: ApiResponse = await api('POST', '/grants', directGrant(id));
        expect(r.status).toBe(409);
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(r.body).toMatchObject({ code: 'GRANT.PROPOSAL_NOT_APPROVED', detail: expect.stringContaining(`proposal ${id} is ${state}`) });
        expect(await grantsOf(id)).toHaveLength(0);
      }
    });

    it('stores ids of the body in lower case whatever case they came in', async () => {
      const r = await api('POST', '/grants', { funderId: funder.toUpperCase(), awardedAmount: thb(1_000), startsOn: '2025-01-01', endsOn: '2025-12-31' });
      expect(r.status).toBe(201);
      expect(r.body.funderId).toBe(funder);
    });
  });

  describe('an Idempotency-Key reused (defect 6)', () => {
    it('answers the same request with the first answer, and another request under that key with 422, recording nothing', async () => {
      const opened = await api('POST', '/grants', { funderId: funder, awardedAmount: thb(1_000_000), startsOn: '2025-01-01', endsOn: '2025-12-31' });
      expect(opened.status).toBe(201);
      const grantId = opened.body.id as string;
      const key = { 'idempotency-key': `disburse-${newId()}` };

      const first = await api('POST', `/grants/${grantId}/disbursements`, { amount: thb(100_000), disbursedOn: '2025-02-05' }, key);
      expect(first.status).toBe(200);
      const retry = await api('POST', `/grants/${grantId}/disbursements`, { disbursedOn: '2025-02-05', amount: { currency: 'THB', amount: 10_000_000 } }, key);
      expect(retry.status).toBe(200);
      expect(retry.body.version).toBe(first.body.version);

      const other = await api('POST', `/grants/${grantId}/disbursements`, { amount: thb(250_000), disbursedOn: '2025-02-05' }, key);
      expect(other.status).toBe(422);
      expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(other.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY.KEY_REUSED', errors: [{ path: 'Idempotency-Key', message: expect.any(String) }] });

      const grant = await api('GET', `/grants/${grantId}`);
      expect(grant.body.version).toBe(first.body.version);
      expect(grant.body.disbursements).toHaveLength(1);
      expect(grant.body.totals.disbursed).toEqual(thb(100_000));
    });
  });
});
