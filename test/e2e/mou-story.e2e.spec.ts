import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startProduct, type Product } from '../support/product';

/**
 * Story 2 of the domain stories, from HTTP through the gateway, NATS and the services to real SQLite
 * files and back: an MOU from draft to termination, then its history as an auditor reads it.
 */
describe('an MOU from draft to termination, through the running product', () => {
  let product: Product;
  let nia: { id: string };
  let undp: { id: string };
  let other: { id: string };
  let mouId: string;
  const today = new Date().toISOString().slice(0, 10);
  let beforeSignatures: string;

  beforeAll(async () => {
    product = await startProduct();
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('records organisations with Thai names and finds them by any part of the name', async () => {
    const created = await product.api('POST', '/api/v1/organisations', {
      body: {
        name: 'สำนักงานนวัตกรรมแห่งชาติ',
        nameEn: 'National Innovation Agency',
        kind: 'government',
        country: 'TH',
        sectors: ['innovation'],
        contacts: [{ name: 'สมชาย ใจดี', email: 'somchai@nia.example' }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ name: 'สำนักงานนวัตกรรมแห่งชาติ', version: 1, status: 'active' });
    nia = created.body;
    undp = (
      await product.api('POST', '/api/v1/organisations', { body: { name: 'UNDP Thailand', kind: 'international', country: 'TH', sectors: [], contacts: [] } })
    ).body;
    other = (
      await product.api('POST', '/api/v1/organisations', {
        body: { name: 'Lampang Ceramics Co.', kind: 'private', country: 'TH', sectors: ['ceramics'], contacts: [] },
      })
    ).body;

    const found = await product.api('GET', `/api/v1/organisations?q=${encodeURIComponent('นวัตกรรม')}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((o: { id: string }) => o.id)).toEqual([nia.id]);
  });

  it('drafts an MOU and revises its terms while unsigned, refusing a stale If-Match', async () => {
    const created = await product.api('POST', '/api/v1/mous', {
      body: {
        title: 'NIA–UNDP MOU on innovation',
        parties: [
          { organisationId: nia.id, signatoryName: 'Executive Director', signatoryTitle: 'ผู้อำนวยการ' },
          { organisationId: undp.id, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
        ],
        cooperationAreas: ['innovation networks', 'public-sector innovation', 'Regional Innovation Centre for CLMV'],
        collaborationLevel: 'strategic',
        effectiveFrom: today,
        termMonths: 24,
        kpis: [{ name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes' }],
        reason: 'agreed at the first negotiation round',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1 });
    mouId = created.body.id;

    const revised = await product.api('POST', `/api/v1/mous/${mouId}/terms`, { body: { termMonths: 36 }, headers: { 'if-match': '"1"' } });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ termMonths: 36, version: 2 });
    expect(revised.headers.get('etag')).toBe('"2"');

    const stale = await product.api('POST', `/api/v1/mous/${mouId}/terms`, { body: { termMonths: 48 }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect((await product.api('GET', `/api/v1/mous/${mouId}`)).body.termMonths).toBe(36);
  });

  it('collects one signature per party, refuses a non-party and a second signature, then becomes active', async () => {
    const early = await product.api('POST', `/api/v1/mous/${mouId}/signatures`, { body: { organisationId: nia.id } });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('draft');

    expect((await product.api('POST', `/api/v1/mous/${mouId}/signature-request`, { body: {} })).body.status).toBe('awaiting-signatures');
    beforeSignatures = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));

    const stranger = await product.api('POST', `/api/v1/mous/${mouId}/signatures`, { body: { organisationId: other.id } });
    expect(stranger.status).toBe(409);

    const first = await product.api('POST', `/api/v1/mous/${mouId}/signatures`, { body: { organisationId: nia.id } });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('awaiting-signatures');
    const twice = await product.api('POST', `/api/v1/mous/${mouId}/signatures`, { body: { organisationId: nia.id } });
    expect(twice.status).toBe(409);

    const last = await product.api('POST', `/api/v1/mous/${mouId}/signatures`, { body: { organisationId: undp.id } });
    expect(last.status).toBe(200);
    expect(last.body.status).toBe('active');

    const changeTerms = await product.api('POST', `/api/v1/mous/${mouId}/terms`, { body: { termMonths: 12 } });
    expect(changeTerms.status).toBe(409);
    expect(changeTerms.body.detail).toContain('active');
  });

  it('tracks KPI progress, amendments and renewal of the active MOU', async () => {
    const mou = (await product.api('GET', `/api/v1/mous/${mouId}`)).body;
    const kpi = await product.api('POST', `/api/v1/mous/${mouId}/kpi-progress`, { body: { kpiId: mou.kpis[0].id, value: 5, reportedOn: today } });
    expect(kpi.status).toBe(200);
    expect(kpi.body.kpis[0]).toMatchObject({ progress: 5, percent: 25 });

    const amended = await product.api('POST', `/api/v1/mous/${mouId}/amendments`, {
      body: { summary: 'add a joint social-impact assessment', changes: { cooperationAreas: 'adds social impact' }, effectiveOn: today },
    });
    expect(amended.status).toBe(200);
    expect(amended.body.amendments).toHaveLength(1);

    const renewed = await product.api('POST', `/api/v1/mous/${mouId}/renewal`, { body: { termMonths: 12 } });
    expect(renewed.status).toBe(200);
    expect(renewed.body.endsOn > mou.endsOn).toBe(true);

    const listed = await product.api('GET', `/api/v1/mous?status=active&organisationId=${undp.id}&collaborationLevel=strategic`);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(mouId);
    const expiring = await product.api('GET', `/api/v1/mous?expiringBefore=2000-01-01`);
    expect(expiring.body.items).toEqual([]);
  });

  it('terminates it with a reason, after which it refuses further change', async () => {
    const ended = await product.api('POST', `/api/v1/mous/${mouId}/termination`, { body: { reason: 'programme closed by both parties', effectiveOn: today } });
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('terminated');
    const again = await product.api('POST', `/api/v1/mous/${mouId}/renewal`, { body: { termMonths: 12 } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('terminated');
    const read = await product.api('GET', `/api/v1/mous/${mouId}`);
    expect(read.body.status).toBe('terminated');
    expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
  });

  it('gives the auditor its history, its state at a version and at an instant, a valid chain and exports', async () => {
    const history = await product.api('GET', `/api/v1/mous/${mouId}/history`, { roles: ['auditor'] });
    expect(history.status).toBe(200);
    const types = history.body.items.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('MouDrafted');
    expect(types).toEqual(
      expect.arrayContaining([
        'MouTermsRevised',
        'MouSignatureRequested',
        'MouSigned',
        'MouFullySigned',
        'MouActivated',
        'KpiProgressReported',
        'MouAmended',
        'MouRenewed',
        'MouTerminated',
      ]),
    );
    expect(history.body.items[0]).toMatchObject({ version: 1, actor: 'officer@step.example', reason: 'agreed at the first negotiation round' });

    const atTwo = await product.api('GET', `/api/v1/mous/${mouId}/history?version=2`, { roles: ['auditor'] });
    expect(atTwo.body.state).toMatchObject({ status: 'draft', termMonths: 36, version: 2 });

    const before = await product.api('GET', `/api/v1/mous/${mouId}/history?asOf=${encodeURIComponent(beforeSignatures)}`, { roles: ['auditor'] });
    expect(before.body.state.status).toBe('awaiting-signatures');
    expect(before.body.state.parties.every((p: { signedAt: string | null }) => p.signedAt === null)).toBe(true);

    expect((await product.api('GET', `/api/v1/mous/${mouId}/history/verify`, { roles: ['auditor'] })).body).toEqual({
      valid: true,
      events: types.length,
      firstInvalidVersion: null,
      sealedVersion: null,
      sealedAt: null,
      cause: null,
    });

    const csv = await product.api('GET', `/api/v1/mous/${mouId}/history/export?format=csv`, { roles: ['auditor'] });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect(csv.text).toContain('ผู้อำนวยการ');
    expect(csv.text.trim().split('\n')).toHaveLength(types.length + 1);
    const json = await product.api('GET', `/api/v1/mous/${mouId}/history/export?format=json`, { roles: ['auditor'] });
    expect(json.body.events).toHaveLength(types.length);
  });

  it('keeps history from viewers and everything from callers without a token', async () => {
    expect((await product.api('GET', `/api/v1/mous/${mouId}/history`, { roles: ['viewer'] })).status).toBe(403);
    expect((await product.api('GET', `/api/v1/mous/${mouId}`, { roles: ['viewer'] })).status).toBe(200);
    expect(
      (
        await product.api('POST', '/api/v1/organisations', {
          roles: ['viewer'],
          body: { name: 'x', kind: 'private', country: 'TH', sectors: [], contacts: [] },
        })
      ).status,
    ).toBe(403);
    const anonymous = await fetch(`${product.base}/api/v1/mous/${mouId}`);
    expect(anonymous.status).toBe(401);
  });

  it('names every bad field and writes nothing for bad input', async () => {
    const bad = await product.api('POST', '/api/v1/mous', {
      body: {
        title: '',
        parties: [{ organisationId: nia.id, signatoryName: 'x', signatoryTitle: 'y' }, { organisationId: 'not-a-uuid' }],
        collaborationLevel: 'friendly',
        effectiveFrom: '2025-13-01',
        termMonths: 1.5,
      },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'parties[1].organisationId', 'collaborationLevel', 'effectiveFrom', 'termMonths']));
    const malformed = await product.api('POST', '/api/v1/organisations', { raw: '{"name": ' });
    expect(malformed.status).toBe(400);
    const all = await product.api('GET', '/api/v1/mous?limit=500');
    expect(all.body.items).toHaveLength(1);
  });

  it('answers an Idempotency-Key retry with the first answer and records nothing new', async () => {
    const body = { name: 'Chiang Mai University Science and Technology Park', kind: 'academic', country: 'TH', sectors: ['science-park'], contacts: [] };
    const first = await product.api('POST', '/api/v1/organisations', { body, headers: { 'idempotency-key': 'step-1' } });
    const retry = await product.api('POST', '/api/v1/organisations', { body, headers: { 'idempotency-key': 'step-1' } });
    expect(retry.body.id).toBe(first.body.id);
    const listed = await product.api('GET', `/api/v1/organisations?q=${encodeURIComponent('Science and Technology Park')}`);
    expect(listed.body.items).toHaveLength(1);
  });

  it('detects a tampered event in the SQLite file and names its version', async () => {
    const db = new Database(join(product.dataDir, 'mous.sqlite'));
    try {
      db.prepare(`UPDATE es_events SET data = json_set(data, '$.reason', 'rewritten') WHERE stream_id = ? AND stream_version = ?`).run(`mou-${mouId}`, 3);
    } finally {
      db.close();
    }
    const verify = await product.api('GET', `/api/v1/mous/${mouId}/history/verify`, { roles: ['auditor'] });
    expect(verify.body).toMatchObject({ valid: false, firstInvalidVersion: 3 });
  });
});
