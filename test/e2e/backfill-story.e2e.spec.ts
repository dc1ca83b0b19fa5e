import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProduct, type Product } from '../support/product';

/**
 * Story 3: the MOST–MOI MOU signed on 20 April 2009 is entered years later. An admin dates each change with
 * Occurred-At; the scheduler dates the expiry at the end of the term; an auditor then sees the MOU exactly as it
 * stood on any date, while recordedAt still says when the office typed it in.
 */
describe('an MOU entered after the fact, seen as it stood on past dates', () => {
  let product: Product;
  let most: { id: string };
  let moi: { id: string };
  let mouId: string;
  const admin = ['admin'];
  const at = (instant: string) => ({ 'occurred-at': instant });

  beforeAll(async () => {
    product = await startProduct({ SCHEDULER_INTERVAL_MS: '300' });
    const org = async (name: string) =>
      (await product.api('POST', '/api/v1/organisations', { body: { name, kind: 'government', country: 'TH', sectors: [], contacts: [] } })).body;
    most = await org('กระทรวงวิทยาศาสตร์และเทคโนโลยี');
    moi = await org('กระทรวงมหาดไทย');
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('lets only an admin backdate, never into the future', async () => {
    const body = {
      title: 'การพัฒนาจังหวัดด้วยวิทยาศาสตร์และเทคโนโลยี',
      parties: [
        { organisationId: most.id, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวงวิทยาศาสตร์และเทคโนโลยี' },
        { organisationId: moi.id, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวงมหาดไทย' },
      ],
      cooperationAreas: ['Provincial Chief Science Officers', 'Regional coordination centres'],
      collaborationLevel: 'strategic',
      effectiveFrom: '2009-04-20',
      termMonths: 60,
      kpis: [],
    };
    const staff = await product.api('POST', '/api/v1/mous', { body, roles: ['staff'], headers: at('2009-03-02T02:00:00Z') });
    expect(staff.status).toBe(403);
    const future = await product.api('POST', '/api/v1/mous', { body, roles: admin, headers: at('2999-01-01T00:00:00Z') });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'Occurred-At' })]);
    const garbled = await product.api('POST', '/api/v1/mous', { body, roles: admin, headers: at('20 April 2009') });
    expect(garbled.status).toBe(400);
    expect(garbled.body.errors).toEqual([expect.objectContaining({ path: 'Occurred-At' })]);

    const created = await product.api('POST', '/api/v1/mous', { body, roles: admin, headers: at('2009-03-02T02:00:00Z') });
    expect(created.status).toBe(201);
    mouId = created.body.id;
    expect(created.body.createdAt).toBe('2009-03-02T02:00:00.000Z');
  });

  it('refuses a change dated before the last one, and changes nothing', async () => {
    const requested = await product.api('POST', `/api/v1/mous/${mouId}/signature-request`, { body: {}, roles: admin, headers: at('2009-04-01T02:00:00Z') });
    expect(requested.status).toBe(200);
    const earlier = await product.api('POST', `/api/v1/mous/${mouId}/signatures`, {
      body: { organisationId: most.id, signedAt: '2009-04-20T03:00:00Z' },
      roles: admin,
      headers: at('2009-03-15T00:00:00Z'),
    });
    expect(earlier.status).toBe(409);
    expect((await product.api('GET', `/api/v1/mous/${mouId}`)).body).toMatchObject({ version: 2, status: 'awaiting-signatures' });
  });

  it('activates on the signing date and expires at the end of the term, dated then', async () => {
    for (const party of [most, moi]) {
      const signed = await product.api('POST', `/api/v1/mous/${mouId}/signatures`, {
        body: { organisationId: party.id, signedAt: '2009-04-20T03:00:00Z' },
        roles: admin,
        headers: at('2009-04-20T03:00:00Z'),
      });
      expect(signed.status).toBe(200);
    }
    let mou = (await product.api('GET', `/api/v1/mous/${mouId}`)).body;
    for (let i = 0; i < 50 && mou.status !== 'expired'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      mou = (await product.api('GET', `/api/v1/mous/${mouId}`)).body;
    }
    expect(mou).toMatchObject({ status: 'expired', endsOn: '2014-04-19', expiredOn: '2014-04-20' });

    const history = (await product.api('GET', `/api/v1/mous/${mouId}/history`)).body.items as Array<{ type: string; occurredAt: string; recordedAt: string }>;
    const expiry = history.find((e) => e.type === 'MouExpired');
    // 2014-04-20 00:00 in Bangkok
    expect(expiry?.occurredAt).toBe('2014-04-19T17:00:00.000Z');
    expect(expiry && expiry.recordedAt > '2026-01-01').toBe(true);
  });

  it('shows the MOU as it stood on any date', async () => {
    const asOf = async (instant: string) => (await product.api('GET', `/api/v1/mous/${mouId}/history?asOf=${instant}`)).body;
    expect((await asOf('2009-01-01T00:00:00Z')).state).toBeNull();
    expect((await asOf('2009-03-15T00:00:00Z')).state).toMatchObject({ status: 'draft' });
    expect((await asOf('2009-04-10T00:00:00Z')).state).toMatchObject({ status: 'awaiting-signatures' });
    expect((await asOf('2012-06-01T00:00:00Z')).state).toMatchObject({ status: 'active', activatedOn: '2009-04-20' });
    expect((await asOf('2015-01-01T00:00:00Z')).state).toMatchObject({ status: 'expired' });
    const verify = (await product.api('GET', `/api/v1/mous/${mouId}/history/verify`)).body;
    expect(verify).toMatchObject({ valid: true, firstInvalidVersion: null });
  });
});
