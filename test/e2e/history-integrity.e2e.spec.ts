import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startProduct, type Product } from '../support/product';

/**
 * Issue 9, defects 1 and 2, as a user would meet them in the running product: an edit under a `__proto__` key
 * of an amendment that verify used not to see, and a lone surrogate that SQLite stored differently from what
 * was hashed, so that verify reported a tampering nobody made.
 */
describe('history integrity through the running product', () => {
  let product: Product;
  let mouId: string;
  const today = new Date().toISOString().slice(0, 10);
  const verify = async () => (await product.api('GET', `/api/v1/mous/${mouId}/history/verify`, { roles: ['auditor'] })).body;
  const mousDb = () => new Database(join(product.dataDir, 'mous.sqlite'));
  const versionOf = async () => (await product.api('GET', `/api/v1/mous/${mouId}`)).body.version as number;

  beforeAll(async () => {
    product = await startProduct();
    const org = async (name: string) =>
      (await product.api('POST', '/api/v1/organisations', { body: { name, kind: 'government', country: 'TH', sectors: [], contacts: [] } })).body.id as string;
    const [most, moi] = [await org('Ministry of Science and Technology'), await org('Ministry of Interior')];
    const created = await product.api('POST', '/api/v1/mous', {
      body: {
        title: 'MOST–MOI MOU',
        parties: [
          { organisationId: most, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวง' },
          { organisationId: moi, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวง' },
        ],
        cooperationAreas: ['science in provinces'],
        collaborationLevel: 'strategic',
        effectiveFrom: today,
        termMonths: 60,
        kpis: [],
      },
    });
    expect(created.status).toBe(201);
    mouId = created.body.id;
    await product.api('POST', `/api/v1/mous/${mouId}/signature-request`, { body: {} });
    for (const organisationId of [most, moi])
      expect((await product.api('POST', `/api/v1/mous/${mouId}/signatures`, { body: { organisationId } })).status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('refuses a lone surrogate in reason or in data with 400 naming the field, and records nothing', async () => {
    const before = await versionOf();
    const reason = await product.api('POST', `/api/v1/mous/${mouId}/amendments`, {
      body: { summary: 'clause 5', changes: 'longer reporting period', effectiveOn: today, reason: 'agreed at the meeting \ud800' },
    });
    expect(reason.status).toBe(400);
    expect(reason.headers.get('content-type')).toContain('application/problem+json');
    expect(reason.body.errors).toEqual([{ path: 'reason', message: expect.stringContaining('well-formed Unicode') }]);

    const data = await product.api('POST', `/api/v1/mous/${mouId}/amendments`, {
      body: { summary: 'clause 5 \udfff', changes: { 'clause 5': 'x' }, effectiveOn: today },
    });
    expect(data.status).toBe(400);
    expect(data.body.errors.map((e: { path: string }) => e.path)).toEqual(['summary']);

    expect(await versionOf()).toBe(before);
    expect(await verify()).toMatchObject({ valid: true, firstInvalidVersion: null });
  });

  it('detects an edit under a __proto__ key of an amendment, in the stored event', async () => {
    const amended = await product.api('POST', `/api/v1/mous/${mouId}/amendments`, {
      raw: JSON.stringify({ summary: 'clause 4 amount', effectiveOn: today }).replace(/}$/, ',"changes":{"clause 4":{"__proto__":{"amount":"1,000,000"}}}}'),
    });
    expect(amended.status).toBe(200);
    expect(await verify()).toMatchObject({ valid: true, firstInvalidVersion: null });

    const db = mousDb();
    try {
      const row = db
        .prepare<[string], { version: number; data: string }>(
          `SELECT stream_version AS version, data FROM es_events WHERE stream_id = ? AND type = 'MouAmended'`,
        )
        .get(`mou-${mouId}`)!;
      // what the amendment recorded, __proto__ key and all
      expect(row.data).toContain('"clause 4":{"__proto__":{"amount":"1,000,000"}}');
      db.prepare('UPDATE es_events SET data = ? WHERE stream_id = ? AND stream_version = ?').run(
        row.data.replace('1,000,000', '9,000,000'),
        `mou-${mouId}`,
        row.version,
      );
      expect(await verify()).toMatchObject({ valid: false, firstInvalidVersion: row.version });
    } finally {
      db.close();
    }
  });
});
