import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProduct, type Product } from '../support/product';

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

/** Four eyes on money (issue 12), through the built product: above FOUR_EYES_THRESHOLD one person asks and another confirms. */
describe('four eyes on money', () => {
  let product: Product;
  let funderId: string;
  let grantId: string;
  let disbursementId: string;
  const ALICE = 'alice@office.example';
  const BOB = 'bob@office.example';
  const as = (sub: string, method: string, path: string, body?: unknown) =>
    product.api(method, `/api/v1${path}`, {
      headers: { authorization: `Bearer ${product.token(['staff', 'auditor'], sub)}` },
      ...(body === undefined ? {} : { body }),
    });
  const partnership = async () => (await as(ALICE, 'GET', `/organisations/${funderId}/partnership`)).body;

  beforeAll(async () => {
    // 10,000.00 THB in satang
    product = await startProduct({ FOUR_EYES_THRESHOLD: '1000000' });
    funderId = (await as(ALICE, 'POST', '/organisations', { name: 'Funding Agency', kind: 'government', country: 'TH', sectors: ['innovation'], contacts: [] }))
      .body.id;
    const grant = await as(ALICE, 'POST', '/grants', { funderId, awardedAmount: thb(100_000), startsOn: '2025-02-01', endsOn: '2026-01-31' });
    expect(grant.status).toBe(201);
    grantId = grant.body.id;
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('at or below the threshold disburses at once, as before', async () => {
    const r = await as(ALICE, 'POST', `/grants/${grantId}/disbursements`, { amount: thb(10_000), disbursedOn: '2025-02-05' });
    expect(r.status).toBe(200);
    expect(r.body.disbursements.at(-1)).toMatchObject({ status: 'confirmed' });
    expect(r.body.totals.disbursed).toEqual(thb(10_000));
  });

  it('above it answers 202 with the disbursement pending, and no total moves', async () => {
    const r = await as(ALICE, 'POST', `/grants/${grantId}/disbursements`, { amount: thb(40_000), disbursedOn: '2025-02-06', reason: 'second tranche' });
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toBe(`/api/v1/grants/${grantId}`);
    const pending = r.body.disbursements.at(-1);
    expect(pending).toMatchObject({ amount: thb(40_000), status: 'pending-confirmation', requestedBy: ALICE, confirmedBy: null });
    disbursementId = pending.id;
    expect(r.body.totals).toMatchObject({ disbursed: thb(10_000), remaining: thb(90_000) });
    // the partnership view counts only the confirmed 10,000
    const p = await eventually(partnership, (v) => v?.money?.disbursed?.length === 1);
    expect(p.money.disbursed).toEqual([thb(10_000)]);
  });

  it('the requester cannot confirm her own disbursement (403)', async () => {
    const r = await as(ALICE, 'POST', `/grants/${grantId}/disbursements/${disbursementId}/confirmation`, {});
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect((await as(ALICE, 'GET', `/grants/${grantId}`)).body.totals.disbursed).toEqual(thb(10_000));
  });

  it('an unknown disbursement is 404', async () => {
    const r = await as(BOB, 'POST', `/grants/${grantId}/disbursements/0190a0c4-0000-7000-8000-000000000000/confirmation`, {});
    expect(r.status).toBe(404);
  });

  it('another staff member confirms: now it counts, in the grant and in the partnership view', async () => {
    const r = await as(BOB, 'POST', `/grants/${grantId}/disbursements/${disbursementId}/confirmation`, { reason: 'checked against the contract' });
    expect(r.status).toBe(200);
    expect(r.body.disbursements.find((d: { id: string }) => d.id === disbursementId)).toMatchObject({
      status: 'confirmed',
      requestedBy: ALICE,
      confirmedBy: BOB,
    });
    expect(r.body.totals).toMatchObject({ disbursed: thb(50_000), remaining: thb(50_000) });
    const p = await eventually(partnership, (v) => v?.money?.disbursed?.[0]?.amount === thb(50_000).amount);
    expect(p.money.disbursed).toEqual([thb(50_000)]);
  });

  it('confirming twice is 409', async () => {
    const r = await as(BOB, 'POST', `/grants/${grantId}/disbursements/${disbursementId}/confirmation`, {});
    expect(r.status).toBe(409);
  });

  it('history shows who asked and who confirmed, with their reasons', async () => {
    const history = await as(ALICE, 'GET', `/grants/${grantId}/history`);
    const items = history.body.items as Array<{ type: string; actor: string; reason: string | null }>;
    expect(items.find((e) => e.type === 'DisbursementRequested')).toMatchObject({ actor: ALICE, reason: 'second tranche' });
    expect(items.find((e) => e.type === 'DisbursementConfirmed')).toMatchObject({ actor: BOB, reason: 'checked against the contract' });
  });
});
