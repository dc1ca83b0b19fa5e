import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProduct, type Product } from '../support/product';

const NAME = 'คุณสมศรี ลบได้';
const EMAIL = 'somsri.erasable@nia.example';
const PHONE = '+66 2 017 5599';

/**
 * PDPA erasure through the running product (real HTTP, NATS, SQLite; docs/personal-data.md): a contact's data
 * reads back while it lives, is sealed in every file on disk, and after erasure is unreadable everywhere while
 * the organisation's history still verifies.
 */
describe('personal data of a contact, through the running product', () => {
  let product: Product;
  let orgId: string;
  let contactId: string;
  let otherId: string;
  let mouId: string;
  const api = (method: string, path: string, body?: unknown, roles?: string[]) =>
    product.api(method, `/api/v1${path}`, { ...(body !== undefined && { body }), ...(roles && { roles }) });
  const admin = ['admin'];
  /** Every byte the partners service keeps on disk: events, read models (and their WAL), seals, keys. */
  const diskBytes = () =>
    Buffer.concat(
      readdirSync(product.dataDir)
        .filter((f) => f.startsWith('partners'))
        .map((f) => readFileSync(join(product.dataDir, f))),
    );
  const onDisk = (text: string) => diskBytes().includes(Buffer.from(text, 'utf8'));

  beforeAll(async () => {
    product = await startProduct({}, { services: ['partners', 'mous'] });
    const created = await api('POST', '/organisations', {
      name: 'สำนักงานนวัตกรรมแห่งชาติ',
      kind: 'government',
      country: 'TH',
      contacts: [
        { name: NAME, email: EMAIL, phone: PHONE, role: 'data subject' },
        { name: 'Partnership desk', email: 'desk@nia.example' },
      ],
    });
    expect(created.status).toBe(201);
    orgId = created.body.id;
    contactId = created.body.contacts[0].id;
    otherId = created.body.contacts[1].id;
    const partner = await api('POST', '/organisations', { name: 'UNDP Thailand', kind: 'international', country: 'TH', contacts: [] });
    const mou = await api('POST', '/mous', {
      title: 'บันทึกความเข้าใจด้านนวัตกรรม',
      parties: [
        { organisationId: orgId, signatoryName: 'Executive Director', signatoryTitle: 'ผู้อำนวยการ' },
        { organisationId: partner.body.id, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
      ],
      cooperationAreas: ['innovation networks'],
      collaborationLevel: 'strategic',
      effectiveFrom: '2026-01-01',
      termMonths: 24,
    });
    expect(mou.status).toBe(201);
    mouId = mou.body.id;
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('reads the contact back in plain, while no file on disk holds the name or the address', async () => {
    const org = await api('GET', `/organisations/${orgId}`, undefined, ['viewer']);
    expect(org.body.contacts[0]).toEqual({ id: contactId, name: NAME, email: EMAIL, phone: PHONE, role: 'data subject' });
    // the scan does find plain text: the organisation's name is not personal and is stored as it is
    expect(onDisk('สำนักงานนวัตกรรมแห่งชาติ')).toBe(true);
    expect(onDisk(NAME)).toBe(false);
    expect(onDisk(EMAIL)).toBe(false);
    expect(onDisk('desk@nia.example')).toBe(false);
  });

  it('gives the person their data back (admin only)', async () => {
    expect((await api('GET', `/organisations/${orgId}/contacts/${contactId}/personal-data`, undefined, ['staff'])).status).toBe(403);
    const res = await api('GET', `/organisations/${orgId}/contacts/${contactId}/personal-data`, undefined, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      contactId,
      personalData: { name: NAME, email: EMAIL, phone: PHONE, role: 'data subject' },
      organisation: { id: orgId, name: 'สำนักงานนวัตกรรมแห่งชาติ' },
      recordedAt: expect.any(String),
      events: [{ version: 1, type: 'OrganisationRegistered' }],
    });
  });

  it('refuses an erasure by staff (403), without a reason (400 naming reason) and of an unknown contact (404)', async () => {
    const path = `/organisations/${orgId}/contacts/${contactId}/erasure`;
    expect((await api('POST', path, { reason: 'asked by the person' }, ['staff'])).status).toBe(403);
    const noReason = await api('POST', path, {}, admin);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    const unknown = await api('POST', `/organisations/${orgId}/contacts/0190a0c4-0000-7000-8000-000000000000/erasure`, { reason: 'x' }, admin);
    expect(unknown.status).toBe(404);
    expect((await api('GET', `/organisations/${orgId}`)).body.contacts[0].name).toBe(NAME);
  });

  it('erases: reads, history, exports and disk hold nothing of the person, and the organisation and its MOU still verify', async () => {
    const erased = await api('POST', `/organisations/${orgId}/contacts/${contactId}/erasure`, { reason: 'PDPA request of 4 Dec' }, admin);
    expect(erased.status).toBe(200);
    expect(erased.body.contacts[0]).toEqual({ id: contactId, erased: true, erasedAt: expect.any(String) });
    // the other contact is untouched
    expect(erased.body.contacts[1]).toMatchObject({ id: otherId, name: 'Partnership desk', email: 'desk@nia.example' });

    const org = await api('GET', `/organisations/${orgId}`, undefined, ['viewer']);
    expect(org.body.contacts[0]).toEqual({ id: contactId, erased: true, erasedAt: erased.body.contacts[0].erasedAt });
    expect(org.text).not.toContain(EMAIL);

    const history = await api('GET', `/organisations/${orgId}/history`, undefined, ['auditor']);
    expect(history.status).toBe(200);
    expect(history.body.items[0].data.contacts[0]).toEqual({ id: contactId, erased: true });
    expect(history.body.items.map((e: { type: string; reason: string | null }) => [e.type, e.reason])).toContainEqual([
      'ContactErased',
      'PDPA request of 4 Dec',
    ]);
    expect(history.text).not.toContain(NAME);

    const verify = await api('GET', `/organisations/${orgId}/history/verify`, undefined, ['auditor']);
    expect(verify.body).toMatchObject({ valid: true, firstInvalidVersion: null });
    const mouVerify = await api('GET', `/mous/${mouId}/history/verify`, undefined, ['auditor']);
    expect(mouVerify.body).toMatchObject({ valid: true, firstInvalidVersion: null });

    for (const format of ['json', 'csv']) {
      const exported = await api('GET', `/organisations/${orgId}/history/export?format=${format}`, undefined, ['auditor']);
      expect(exported.status).toBe(200);
      expect(exported.text).not.toContain(NAME);
      expect(exported.text).not.toContain(EMAIL);
    }
    const audit = await api('GET', `/audit/events?resourceType=organisation`, undefined, ['auditor']);
    expect(audit.status).toBe(200);
    expect(audit.text).toContain('ContactErased');
    expect(audit.text).not.toContain(EMAIL);

    const personal = await api('GET', `/organisations/${orgId}/contacts/${contactId}/personal-data`, undefined, admin);
    expect(personal.status).toBe(404);
    expect(personal.body).toMatchObject({ code: 'ORGANISATION.CONTACT_ERASED' });

    expect(onDisk(NAME)).toBe(false);
    expect(onDisk(EMAIL)).toBe(false);
  });

  it('answers a second erasure with 409', async () => {
    const again = await api('POST', `/organisations/${orgId}/contacts/${contactId}/erasure`, { reason: 'again' }, admin);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ORGANISATION.CONTACT_ALREADY_ERASED' });
  });
});
