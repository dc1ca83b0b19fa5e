import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '@pmt/event-store';
import { SqliteEventStore } from '@pmt/event-store-sqlite';
import { newId, type PendingEvent } from '@pmt/kernel';
import { replyOf } from '@pmt/messaging';
import { auditEventsRoute } from '@pmt/service-kit';
import { sleep, tempDir } from '@pmt/testing';
import { startHarness, type Harness } from './infra/testing/harness';

/** The six services' audit routes, each over its own SQLite store, behind the real gateway and NATS. */
const SERVICES: Record<string, string[]> = {
  partners: ['organisation'],
  proposals: ['proposal'],
  mous: ['mou'],
  funding: ['grant'],
  events: ['activity'],
  notifications: ['notification'],
};

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n') {
      endCell();
      rows.push(row);
      row = [];
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

interface Written {
  service: string;
  streamId: string;
  type: string;
  actor: string;
  reason?: string;
}

describe('GET /api/v1/audit/events', () => {
  let h: Harness;
  let dir: ReturnType<typeof tempDir>;
  const stores = new Map<string, EventStore>();
  /** Per service, how long its answers take (ms), to show the merge does not depend on who answers first. */
  const delays = new Map<string, number>();
  let auditor: string;
  const mouA = newId();
  const mouB = newId();
  const proposalA = newId();
  const grantA = newId();
  let quarterFrom: string;
  let quarterTo: string;
  const log: Written[] = [];

  async function write(w: Written): Promise<void> {
    const event: PendingEvent = {
      id: newId(),
      type: w.type,
      schemaVersion: 1,
      data: {},
      actor: w.actor,
      correlationId: newId(),
      causationId: newId(),
      occurredAt: new Date().toISOString(),
      ...(w.reason !== undefined && { reason: w.reason }),
    };
    await (stores.get(w.service) as EventStore).append({ streamId: w.streamId, expectedVersion: 'any', events: [event] });
    log.push(w);
    await sleep(3); // distinct recordedAt instants
  }

  const get = (query: string, token = auditor) => h.request('GET', `/api/v1/audit/events${query}`, { token });

  async function everyPage(query: string): Promise<{ pages: number; items: Record<string, unknown>[] }> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = query.includes('?') ? '&' : '?';
      const r = await get(cursor === null ? query : `${query}${sep}cursor=${encodeURIComponent(cursor)}`);
      expect(r.status).toBe(200);
      items.push(...r.body.items);
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor !== null && pages < 1000);
    return { pages, items };
  }

  beforeAll(async () => {
    h = await startHarness({ requestTimeoutMs: 3000 });
    dir = tempDir('pmt-audit-');
    auditor = h.token(['auditor'], 'auditor@step.example');
    for (const [service, categories] of Object.entries(SERVICES)) {
      const store = SqliteEventStore.open(join(dir.path, `${service}.sqlite`));
      stores.set(service, store);
      const route = auditEventsRoute(service, store, categories);
      await h.fake.handle(route.subject, async (m) => {
        await sleep(delays.get(service) ?? 0);
        return replyOf(() => route.handle(m));
      });
    }
    await write({ service: 'mous', streamId: `mou-${mouA}`, type: 'MouDrafted', actor: 'ann' });
    await write({ service: 'proposals', streamId: `proposal-${proposalA}`, type: 'ProposalDrafted', actor: 'bob' });
    quarterFrom = new Date().toISOString();
    await sleep(3);
    await write({ service: 'mous', streamId: `mou-${mouA}`, type: 'MouSigned', actor: 'ann', reason: 'signed at the ceremony' });
    await write({ service: 'mous', streamId: `mou-${mouB}`, type: 'MouDrafted', actor: 'bob' });
    await write({
      service: 'proposals',
      streamId: `proposal-${proposalA}`,
      type: 'ProposalSubmitted',
      actor: 'ann',
      reason: '=HYPERLINK("http://evil.example","click")',
    });
    await write({ service: 'funding', streamId: `grant-${grantA}`, type: 'GrantOpened', actor: 'system:funding' });
    // partners' copy of an MOU event: another service's event, never listed under partners
    await write({ service: 'partners', streamId: `inbox-mou-${mouA}`, type: 'MouSigned', actor: 'ann' });
    await write({ service: 'mous', streamId: `mou-${mouB}`, type: 'MouSigned', actor: 'ann', reason: 'ลงนามแล้ว' });
    quarterTo = new Date().toISOString();
    await sleep(3);
    await write({ service: 'proposals', streamId: `proposal-${proposalA}`, type: 'ProposalApproved', actor: 'bob' });
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    for (const store of stores.values()) await store.close();
    dir?.remove();
  });

  const own = () => log.filter((w) => !w.streamId.startsWith('inbox-'));
  const summary = (items: Record<string, unknown>[]) => items.map((i) => `${i.resourceType}-${i.resourceId} ${i.type} ${i.actor}`);
  const expected = (rows: Written[]) => [...rows].reverse().map((w) => `${w.streamId} ${w.type} ${w.actor}`);

  it('answers every own event of every service, newest first, with who, when and why; no mirrors', async () => {
    const r = await get('');
    expect(r.status).toBe(200);
    expect(r.body.nextCursor).toBeNull();
    expect(summary(r.body.items)).toEqual(expected(own()));
    expect(r.body.items[0]).toEqual({
      service: 'proposals',
      resourceType: 'proposal',
      resourceId: proposalA,
      version: 3,
      type: 'ProposalApproved',
      actor: 'bob',
      occurredAt: expect.any(String),
      recordedAt: expect.any(String),
      reason: null,
      correlationId: expect.any(String),
    });
    const recorded = r.body.items.map((i: { recordedAt: string }) => i.recordedAt);
    expect([...recorded].sort().reverse()).toEqual(recorded);
    expect(r.body.items.find((i: { type: string; resourceId: string }) => i.resourceId === mouA && i.type === 'MouSigned').reason).toBe(
      'signed at the ceremony',
    );
  });

  it('answers "what did this person change in that period" in one request', async () => {
    const r = await get(`?actor=ann&from=${quarterFrom}&to=${quarterTo}`);
    expect(r.status).toBe(200);
    expect(summary(r.body.items)).toEqual(expected(own().filter((w) => w.actor === 'ann' && w.type !== 'MouDrafted')));
  });

  it('filters by type (a comma list), resource type and resource id (in any case)', async () => {
    expect(summary((await get('?type=MouSigned,GrantOpened')).body.items)).toEqual(
      expected(own().filter((w) => ['MouSigned', 'GrantOpened'].includes(w.type))),
    );
    expect(summary((await get('?resourceType=proposal')).body.items)).toEqual(expected(own().filter((w) => w.service === 'proposals')));
    expect(summary((await get(`?resourceId=${mouB.toUpperCase()}`)).body.items)).toEqual(expected(own().filter((w) => w.streamId === `mou-${mouB}`)));
    expect(summary((await get(`?resourceType=grant&resourceId=${mouB}`)).body.items)).toEqual([]);
    // only the owner was asked
    h.fake.clear();
    await get('?resourceType=mou');
    expect(h.fake.received.map((m) => m.subject)).toEqual(['mous.audit.events']);
  });

  it('pages with limit=2 through every event exactly once, newest first, whatever order the services answer in', async () => {
    delays.set('mous', 40);
    delays.set('funding', 15);
    try {
      const { pages, items } = await everyPage('?limit=2');
      expect(pages).toBe(Math.ceil(own().length / 2));
      expect(summary(items)).toEqual(expected(own()));
      expect(summary((await everyPage('?limit=1&actor=ann')).items)).toEqual(expected(own().filter((w) => w.actor === 'ann')));
    } finally {
      delays.clear();
    }
  });

  it('keeps its place when new events arrive between pages: later pages never repeat or skip', async () => {
    const first = await get('?limit=3');
    const late = newId();
    await write({ service: 'funding', streamId: `grant-${late}`, type: 'GrantOpened', actor: 'carol' });
    await write({ service: 'events', streamId: `activity-${late}`, type: 'ActivityPlanned', actor: 'carol' });
    const rest: Record<string, unknown>[] = [];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const r = await get(`?limit=3&cursor=${encodeURIComponent(cursor)}`);
      rest.push(...r.body.items);
      cursor = r.body.nextCursor;
    }
    const before = own().filter((w) => w.actor !== 'carol');
    expect(summary([...first.body.items, ...rest])).toEqual(expected(before));
  });

  it('exports the whole result as CSV: BOM, attachment, formulas escaped, Thai intact', async () => {
    // fetch's text() would drop the byte-order mark: read the bytes
    const r = await fetch(`${h.gateway.url}/api/v1/audit/events?format=csv&limit=1`, { headers: { authorization: `Bearer ${h.token(['admin'])}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-events-.*\.csv"$/);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['service', 'resourceType', 'resourceId', 'version', 'type', 'actor', 'occurredAt', 'recordedAt', 'reason', 'correlationId']);
    expect(rows.slice(1).map((c) => `${c[1]}-${c[2]} ${c[4]} ${c[5]}`)).toEqual(expected(own()));
    const reasons = rows.slice(1).map((c) => c[8]);
    expect(reasons).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(reasons.some((c) => c.startsWith('='))).toBe(false);
    expect(reasons).toContain('ลงนามแล้ว');
  });

  it('lets only auditors and admins ask: no token 401, staff and viewer 403', async () => {
    expect((await get('', '')).status).toBe(401);
    for (const roles of [['viewer'], ['staff']]) {
      const r = await get('', h.token(roles));
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await get('', h.token(['admin']))).status).toBe(200);
  });

  it('refuses bad parameters with a 400 naming each field', async () => {
    const paths = async (query: string) => {
      const r = await get(query);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return (r.body.errors as { path: string }[]).map((e) => e.path).sort();
    };
    expect(await paths('?from=2026-07-01&to=next%20week')).toEqual(['from', 'to']);
    expect(await paths('?from=2026-10-01T00:00:00Z&to=2026-07-01T00:00:00Z')).toEqual(['from']);
    expect(await paths('?resourceType=contract')).toEqual(['resourceType']);
    expect(await paths('?resourceId=mou-1')).toEqual(['resourceId']);
    expect(await paths('?type=MouSigned,,DROP%20TABLE')).toEqual(['type[1]', 'type[2]']);
    expect(await paths('?limit=0')).toEqual(['limit']);
    expect(await paths('?limit=501')).toEqual(['limit']);
    expect(await paths('?actor=a&actor=b')).toEqual(['actor']);
    expect(await paths('?colour=blue')).toEqual(['colour']);
    expect(await paths('?format=xlsx')).toEqual(['format']);
    expect(await paths('?cursor=not-a-cursor')).toEqual(['cursor']);
    const other = (await get('?limit=1&actor=ann')).body.nextCursor as string;
    expect(await paths(`?limit=1&actor=bob&cursor=${encodeURIComponent(other)}`)).toEqual(['cursor']);
  });

  it('is in the OpenAPI document with its parameters and problems', async () => {
    const doc = (await h.request('GET', '/api/docs-json')).body;
    const op = doc.paths['/api/v1/audit/events'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'actor',
      'cursor',
      'format',
      'from',
      'limit',
      'resourceId',
      'resourceType',
      'to',
      'type',
    ]);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403', '503']);
  });

  it('answers 503 naming the service when one does not answer, rather than leave its events out', async () => {
    await h.fake.drop('funding.audit.events');
    try {
      const r = await get('');
      expect(r.status).toBe(503);
      expect(r.body.detail).toMatch(/funding/);
      const csv = await get('?format=csv');
      expect(csv.status).toBe(503);
      // the other services alone can still be asked
      expect((await get('?resourceType=mou')).status).toBe(200);
    } finally {
      const route = auditEventsRoute('funding', stores.get('funding') as EventStore, ['grant']);
      await h.fake.handle(route.subject, (m) => replyOf(() => route.handle(m)));
    }
  });

  it('pages events too large for one message: a service sends fewer, the gateway stops there and goes on from it', async () => {
    const store = stores.get('events') as EventStore;
    const activity = `activity-${newId()}`;
    const reason = 'ก'.repeat(2000); // 6,000 bytes each in UTF-8: 500 of them would be 3 MB
    for (let i = 0; i < 300; i++) {
      await store.append({
        streamId: activity,
        expectedVersion: 'any',
        events: [
          {
            id: newId(),
            type: 'ActivityNoted',
            schemaVersion: 1,
            data: {},
            actor: 'dave',
            correlationId: newId(),
            causationId: newId(),
            occurredAt: new Date().toISOString(),
            reason,
          },
        ],
      });
    }
    const first = await get('?actor=dave&limit=500');
    expect(first.status).toBe(200);
    expect(first.body.items.length).toBeGreaterThan(0);
    expect(first.body.items.length).toBeLessThan(300);
    const { items } = await everyPage('?actor=dave&limit=500');
    expect(items).toHaveLength(300);
    expect(items.map((i) => i.version)).toEqual(Array.from({ length: 300 }, (_, i) => 300 - i));
    const csv = await fetch(`${h.gateway.url}/api/v1/audit/events?format=csv&actor=dave`, { headers: { authorization: `Bearer ${auditor}` } });
    const rows = parseCsv(
      Buffer.from(await csv.arrayBuffer())
        .subarray(3)
        .toString('utf8'),
    );
    expect(rows.slice(1).map((c) => Number(c[3]))).toEqual(Array.from({ length: 300 }, (_, i) => 300 - i));
    expect(rows.slice(1).every((c) => c[8] === reason)).toBe(true);
  });
});
