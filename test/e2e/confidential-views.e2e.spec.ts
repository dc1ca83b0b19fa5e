import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { addDays, officeDate } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { SECRET, startProduct, type Product } from '../support/product';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const thb = (satang: number) => ({ amount: satang, currency: 'THB' });

/** Polls until `done` holds or the time runs out, and returns the last value read (the caller asserts on it). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

/** Who asks: a token with the `teams` claim, as the identity provider gives it. */
interface Person {
  sub: string;
  roles: string[];
  teams: string[];
}
const iasaStaff: Person = { sub: 'kanya@step.example', roles: ['staff'], teams: ['IASA'] };
const nmcoStaff: Person = { sub: 'somsak@step.example', roles: ['staff'], teams: ['NMCO'] };
const admin: Person = { sub: 'director@step.example', roles: ['admin'], teams: [] };

/**
 * Issue 12 through the running product: an organisation with one open and one confidential MOU (lead team IASA),
 * and one open and one confidential proposal it funds. The partnership view, the portfolio and the notifications
 * count and show the confidential ones only to IASA staff and admins; NMCO staff see the open ones alone.
 */
describe('confidential records in the partnership view, the portfolio and the notifications', () => {
  let product: Product;
  const dir = tempDir('pmt-e2e-confidential-views-');
  const today = officeDate(new Date());
  const org = { nia: '', undp: '' };
  const mou = { open: '', secret: '' };
  const proposal = { open: '', secret: '' };

  const api = async (who: Person, method: string, path: string, body?: unknown) => {
    const token = sign({ sub: who.sub, roles: who.roles, teams: who.teams }, SECRET, { algorithm: 'HS256', expiresIn: '1h' });
    return product.api(method, `/api/v1${path}`, { ...(body !== undefined && { body }), headers: { authorization: `Bearer ${token}` } });
  };
  const created = async (who: Person, path: string, body: unknown) => {
    const r = await api(who, 'POST', path, body);
    if (r.status !== 201) throw new Error(`POST ${path} answered ${r.status}: ${r.text}`);
    return r.body.id as string;
  };
  const partnership = async (who: Person, id: string) => (await api(who, 'GET', `/organisations/${id}/partnership`)).body as Doc;
  const portfolio = async (who: Person) => (await api(who, 'GET', '/portfolio?groupBy=funder')).body as Doc;

  beforeAll(async () => {
    const config = join(dir.path, 'workflows.json');
    // the lead team's inbox hears of an MOU coming into force
    writeFileSync(config, JSON.stringify({ teams: { IASA: { inApp: ['iasa-desk'] }, NMCO: { inApp: ['nmco-desk'] } } }));
    product = await startProduct({ WORKFLOWS_CONFIG: config, WORKFLOWS_INTERVAL_MS: '500' });
    const register = (name: string, kind: string) => created(admin, '/organisations', { name, kind, country: 'TH', sectors: [], contacts: [] });
    org.nia = await register('สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)', 'government');
    org.undp = await register('UNDP Thailand', 'international');

    const mouTerms = (title: string) => ({
      title,
      parties: [
        { organisationId: org.nia, signatoryName: 'Executive Director', signatoryTitle: 'ผู้อำนวยการ' },
        { organisationId: org.undp, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
      ],
      cooperationAreas: ['innovation networks'],
      collaborationLevel: 'strategic',
      effectiveFrom: today,
      termMonths: 24,
      leadTeam: 'IASA',
      kpis: [{ id: 'prototypes', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes' }],
    });
    mou.open = await created(iasaStaff, '/mous', mouTerms('บันทึกความเข้าใจ NIA–UNDP (เปิดเผย)'));
    mou.secret = await created(iasaStaff, '/mous', { ...mouTerms('บันทึกความเข้าใจลับ NIA–UNDP'), confidential: true });

    const proposalTerms = (title: string, amount: number) => ({
      title,
      leadTeam: 'IASA',
      funderId: org.nia,
      partnerIds: [org.undp],
      requestedAmount: thb(amount),
      submissionDeadline: addDays(today, 30),
      programme: 'Social innovation 2025',
    });
    proposal.open = await created(iasaStaff, '/proposals', proposalTerms('Open proposal', 1_000_00));
    proposal.secret = await created(iasaStaff, '/proposals', { ...proposalTerms('Confidential proposal', 9_000_00), confidential: true });
    for (const id of [proposal.open, proposal.secret]) expect((await api(iasaStaff, 'POST', `/proposals/${id}/submission`, {})).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
    dir.remove();
  });

  it('counts both MOUs and both proposals for IASA staff and an admin', async () => {
    await eventually(
      () => partnership(admin, org.nia),
      (p) => p.mous.total === 2 && p.money.requested.length === 1 && p.money.requested[0].amount === 10_000_00,
    );
    for (const who of [iasaStaff, admin]) {
      const p = await partnership(who, org.nia);
      expect(p.mous.total).toBe(2);
      expect(p.mous.items.map((i: Doc) => i.id).sort()).toEqual([mou.open, mou.secret].sort());
      expect(p.kpis.map((k: Doc) => k.mouId).sort()).toEqual([mou.open, mou.secret].sort());
      expect(p.proposals).toMatchObject({ total: 2, asFunder: 2 });
      expect(p.money.requested).toEqual([thb(10_000_00)]);
    }
  });

  it('counts only the open MOU and proposal for NMCO staff, in every figure', async () => {
    const p = await partnership(nmcoStaff, org.nia);
    expect(p.mous.total).toBe(1);
    expect(p.mous.byStatus.draft).toBe(1);
    expect(p.mous.items.map((i: Doc) => i.id)).toEqual([mou.open]);
    expect(p.kpis.map((k: Doc) => k.mouId)).toEqual([mou.open]);
    expect(p.proposals).toMatchObject({ total: 1, asFunder: 1 });
    expect(p.money.requested).toEqual([thb(1_000_00)]);
    // the partner organisation's view too
    expect((await partnership(nmcoStaff, org.undp)).mous.items.map((i: Doc) => i.id)).toEqual([mou.open]);
  });

  it('adds up the portfolio of what each viewer may see', async () => {
    const nmco = await portfolio(nmcoStaff);
    expect(nmco.totals).toMatchObject({ requested: [thb(1_000_00)], proposals: 1 });
    expect(nmco.groups).toEqual([expect.objectContaining({ key: org.nia, requested: [thb(1_000_00)], proposals: 1 })]);
    for (const who of [iasaStaff, admin]) {
      const all = await portfolio(who);
      expect(all.totals).toMatchObject({ requested: [thb(10_000_00)], proposals: 2 });
      expect(all.groups).toEqual([expect.objectContaining({ key: org.nia, requested: [thb(10_000_00)], proposals: 2 })]);
    }
  });

  it('keeps the notice of the confidential MOU coming into force out of NMCO staff’s list', async () => {
    for (const id of [mou.open, mou.secret]) {
      expect((await api(iasaStaff, 'POST', `/mous/${id}/signature-request`, {})).status).toBe(200);
      expect((await api(iasaStaff, 'POST', `/mous/${id}/signatures`, { organisationId: org.nia })).status).toBe(200);
      expect((await api(iasaStaff, 'POST', `/mous/${id}/signatures`, { organisationId: org.undp })).body.status).toBe('active');
    }
    const notices = async (who: Person) =>
      ((await api(who, 'GET', '/notifications?topic=mou.activated&channel=in-app&limit=100')).body.items as Doc[]).filter((n) => n.link?.resource === 'mous');
    const seen = await eventually(
      () => notices(admin),
      (items) => items.filter((n) => n.link.id === mou.secret).length > 0 && items.filter((n) => n.link.id === mou.open).length > 0,
    );
    const secretNotice = seen.find((n) => n.link.id === mou.secret) as Doc;
    expect(secretNotice).toMatchObject({ confidential: true, leadTeam: 'IASA', recipient: 'iasa-desk' });

    const nmco = await notices(nmcoStaff);
    expect(nmco.map((n) => n.link.id)).toContain(mou.open);
    expect(nmco.map((n) => n.link.id)).not.toContain(mou.secret);
    expect((await api(nmcoStaff, 'GET', `/notifications/${secretNotice.id}`)).status).toBe(404);
    expect((await api(nmcoStaff, 'POST', `/notifications/${secretNotice.id}/acknowledge`, {})).status).toBe(404);

    expect((await notices(iasaStaff)).map((n) => n.link.id)).toContain(mou.secret);
    expect((await api(iasaStaff, 'POST', `/notifications/${secretNotice.id}/acknowledge`, {})).status).toBe(200);
  });
});
