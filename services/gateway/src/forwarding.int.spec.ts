import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { isUuid, newId } from '@pmt/kernel';
import type { CommandMessage, QueryMessage } from '@pmt/messaging';
import { Writable } from 'node:stream';
import { fail, ok } from './infra/testing/fake-services';
import { commandEcho, startHarness, type Harness } from './infra/testing/harness';

const THAI = 'สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ (สวทช.) ๑๒๓ — ภาษาไทย ✓';

describe('gateway forwarding (commands and queries over NATS, headers, error mapping)', () => {
  let h: Harness;
  let staff: string;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const logDestination = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    h = await startHarness({ requestTimeoutMs: 500, logLevel: 'info', logDestination });
    staff = h.token(['staff'], 'somchai@example.ac.th');
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  const command = (subject: string) => h.fake.last(subject)?.message as unknown as CommandMessage;

  it('creates with 201, the resource with id and version, ETag and Location', async () => {
    const r = await h.request('POST', '/api/v1/organisations', { token: staff, body: { name: 'NSTDA', kind: 'government', country: 'TH' } });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(isUuid(r.body.id)).toBe(true);
    expect(r.body).toMatchObject({ name: 'NSTDA', version: 1 });
    expect(r.headers.get('etag')).toBe('"1"');
    expect(r.headers.get('location')).toBe(`/api/v1/organisations/${r.body.id}`);
    const msg = command('partners.organisation.register');
    expect(msg.id).toBeUndefined();
    expect(msg.expectedVersion).toBeUndefined();
  });

  it('answers commands with 200, the new state and version, and ETag', async () => {
    const id = newId();
    const r = await h.request('POST', `/api/v1/organisations/${id}/contacts`, {
      token: staff,
      body: { name: 'Nok', email: 'nok@example.org', phone: '+66 2 564 7000', role: 'liaison' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, version: 2, name: 'Nok' });
    expect(r.headers.get('etag')).toBe('"2"');
    expect(command('partners.organisation.add-contact')).toMatchObject({ id, data: { name: 'Nok', email: 'nok@example.org' } });
  });

  it('answers a command whose resource was too large for the reply with id, version, ETag and Location', async () => {
    const id = newId();
    await h.fake.handle('mous.mou.renew', () => ok({ id, version: 7, position: 70, resourceOmitted: true }));
    const r = await h.request('POST', `/api/v1/mous/${id}/renewal`, { token: staff, body: { termMonths: 12 } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id, version: 7 });
    expect(r.headers.get('etag')).toBe('"7"');
    expect(r.headers.get('location')).toBe(`/api/v1/mous/${id}`);
    await h.fake.handle('mous.mou.renew', commandEcho('update'));
  });

  it('sends each route to its subject', async () => {
    const id = newId();
    const org = newId();
    const routes: [string, unknown, string][] = [
      [`/api/v1/organisations/${id}/rename`, { name: 'New' }, 'partners.organisation.rename'],
      [`/api/v1/organisations/${id}/archive`, {}, 'partners.organisation.archive'],
      [`/api/v1/mous/${id}/terms`, { termMonths: 24 }, 'mous.mou.revise-terms'],
      [`/api/v1/mous/${id}/signature-request`, {}, 'mous.mou.request-signatures'],
      [`/api/v1/mous/${id}/signatures`, { organisationId: org }, 'mous.mou.sign'],
      [`/api/v1/mous/${id}/amendments`, { summary: 'More', changes: { termMonths: 48 }, effectiveOn: '2026-01-01' }, 'mous.mou.amend'],
      [`/api/v1/mous/${id}/kpi-progress`, { kpiId: 'kpi-1', value: 3, reportedOn: '2025-06-30', note: 'on track' }, 'mous.mou.report-kpi-progress'],
      [`/api/v1/mous/${id}/renewal`, { termMonths: 12 }, 'mous.mou.renew'],
      [`/api/v1/mous/${id}/termination`, { reason: 'Project ended', effectiveOn: '2025-12-31' }, 'mous.mou.terminate'],
    ];
    for (const [path, body, subject] of routes) {
      const r = await h.request('POST', path, { token: staff, body });
      expect(r.status).toBe(200);
      expect(command(subject)).toMatchObject({ id });
    }
    expect(command('mous.mou.sign').data).toEqual({ organisationId: org });
    // The MOU records why it ended, and the events' metadata carries the reason like every command's.
    expect(command('mous.mou.terminate')).toMatchObject({ reason: 'Project ended', data: { reason: 'Project ended', effectiveOn: '2025-12-31' } });
    expect(command('mous.mou.request-signatures').data).toEqual({});
  });

  it('records the token subject as actor, and carries reason beside the data', async () => {
    await h.request('POST', `/api/v1/organisations/${newId()}/rename`, { token: staff, body: { name: 'X', reason: 'Legal name changed in 2025' } });
    const msg = command('partners.organisation.rename');
    expect(msg.actor).toBe('somchai@example.ac.th');
    expect(msg.reason).toBe('Legal name changed in 2025');
    expect(msg.data).toEqual({ name: 'X' });
  });

  it('forwards Thai text byte for byte', async () => {
    const r = await h.request('POST', '/api/v1/organisations', { token: staff, body: { name: THAI, kind: 'government', country: 'TH', reason: THAI } });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe(THAI);
    const received = h.fake.last('partners.organisation.register')!;
    expect((received.message.data as { name: string }).name).toBe(THAI);
    expect(Buffer.from(received.raw).includes(Buffer.from(THAI, 'utf8'))).toBe(true);
    expect(received.message.reason).toBe(THAI);
  });

  it('turns If-Match into expectedVersion, and a stale one into 412', async () => {
    const id = newId();
    await h.fake.handle('partners.organisation.rename', (m) => {
      const msg = m as unknown as CommandMessage;
      if (msg.expectedVersion !== undefined && msg.expectedVersion !== 3) {
        return fail({ code: 'ORGANISATION.STALE', kind: 'precondition', message: `version is 3, not ${msg.expectedVersion}` });
      }
      return ok({ id, version: 4, position: 9, resource: { id, version: 4 } });
    });
    const fresh = await h.request('POST', `/api/v1/organisations/${id}/rename`, { token: staff, body: { name: 'A' }, headers: { 'if-match': '"3"' } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('"4"');
    expect(command('partners.organisation.rename').expectedVersion).toBe(3);

    const stale = await h.request('POST', `/api/v1/organisations/${id}/rename`, { token: staff, body: { name: 'A' }, headers: { 'if-match': '"2"' } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(stale.body).toMatchObject({ status: 412, code: 'ORGANISATION.STALE', detail: 'version is 3, not 2' });

    await h.request('POST', `/api/v1/organisations/${id}/rename`, { token: staff, body: { name: 'A' } });
    expect(command('partners.organisation.rename')).not.toHaveProperty('expectedVersion');
    await h.fake.handle('partners.organisation.rename', commandEcho('update'));
  });

  it('derives the same command id from the same Idempotency-Key, so a retry gets the first answer', async () => {
    const body = { name: 'Acme', kind: 'private', country: 'TH' };
    const headers = { 'idempotency-key': 'create-acme-1' };
    const first = await h.request('POST', '/api/v1/organisations', { token: staff, body, headers });
    const retry = await h.request('POST', '/api/v1/organisations', { token: staff, body, headers });
    const [a, b] = h.fake.all('partners.organisation.register').map((r) => (r.message as unknown as CommandMessage).commandId);
    expect(a).toBe(b);
    expect(isUuid(a)).toBe(true);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);

    await h.request('POST', '/api/v1/organisations', { token: staff, body, headers: { 'idempotency-key': 'create-acme-2' } });
    await h.request('POST', '/api/v1/organisations', { token: h.token(['staff'], 'someone-else'), body, headers });
    await h.request('POST', '/api/v1/organisations', { token: staff, body });
    await h.request('POST', '/api/v1/organisations', { token: staff, body });
    const ids = h.fake.all('partners.organisation.register').map((r) => (r.message as unknown as CommandMessage).commandId);
    expect(new Set(ids).size).toBe(5);
  });

  it('echoes X-Correlation-Id, carries it on the message, and generates one when absent', async () => {
    const given = await h.request('POST', `/api/v1/mous/${newId()}/renewal`, {
      token: staff,
      body: { termMonths: 12 },
      headers: { 'x-correlation-id': 'corr-abc-123' },
    });
    expect(given.headers.get('x-correlation-id')).toBe('corr-abc-123');
    expect(command('mous.mou.renew').correlationId).toBe('corr-abc-123');

    const generated = await h.request('POST', `/api/v1/mous/${newId()}/renewal`, { token: staff, body: { termMonths: 12 } });
    const id = generated.headers.get('x-correlation-id');
    expect(isUuid(id)).toBe(true);
    expect(command('mous.mou.renew').correlationId).toBe(id);

    const problem = await h.request('GET', '/api/v1/nothing-here', { headers: { 'x-correlation-id': 'corr-404' } });
    expect(problem.headers.get('x-correlation-id')).toBe('corr-404');
    expect(problem.body.correlationId).toBe('corr-404');
  });

  it('logs each request as JSON carrying its correlation id', async () => {
    await h.fake.handle('partners.organisation.list', () => ok({ items: [], nextCursor: null }));
    await h.request('GET', `/api/v1/organisations?q=x`, { token: staff, headers: { 'x-correlation-id': 'corr-for-log' } });
    await new Promise((r) => setTimeout(r, 50));
    const line = logLines.find((l) => l.correlationId === 'corr-for-log' && l.msg === 'request completed');
    expect(line).toBeDefined();
    expect(line).toMatchObject({ service: 'gateway', req: { id: 'corr-for-log', method: 'GET' }, res: { statusCode: 200 } });
    expect(JSON.stringify(logLines)).not.toContain(staff);
  });

  it.each([
    ['conflict', 409, 'MOU.NOT_SIGNABLE', 'The MOU is terminated; a terminated MOU cannot be signed'],
    ['not-found', 404, 'MOU.NOT_FOUND', 'no MOU with this id'],
    ['precondition', 412, 'MOU.STALE', 'version is 5'],
    ['unavailable', 503, 'STORE.DOWN', 'the event store is not reachable'],
  ])('maps a service error of kind %s to %d with the message as detail', async (kind, status, code, message) => {
    await h.fake.handle('mous.mou.sign', () => fail({ code, kind: kind as 'conflict', message }));
    const r = await h.request('POST', `/api/v1/mous/${newId()}/signatures`, { token: staff, body: { organisationId: newId() } });
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status, code, detail: message, type: `urn:pmt:problem:${code}` });
    await h.fake.handle('mous.mou.sign', commandEcho('update'));
  });

  it('passes a service validation error through as 400 with its field errors', async () => {
    await h.fake.handle('mous.mou.sign', () =>
      fail({ code: 'MOU.NOT_A_PARTY', kind: 'invalid', message: 'not a party', errors: [{ path: 'organisationId', message: 'is not a party to this MOU' }] }),
    );
    const r = await h.request('POST', `/api/v1/mous/${newId()}/signatures`, { token: staff, body: { organisationId: newId() } });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'organisationId', message: 'is not a party to this MOU' }]);
    await h.fake.handle('mous.mou.sign', commandEcho('update'));
  });

  it('answers 500 for an internal service error without internals', async () => {
    await h.fake.handle('mous.mou.sign', () => fail({ code: 'SQLITE_BUSY', kind: 'internal', message: 'database is locked at /var/lib/pmt/mous.db' }));
    const r = await h.request('POST', `/api/v1/mous/${newId()}/signatures`, { token: staff, body: { organisationId: newId() } });
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.text).not.toContain('/var/lib');
    expect(r.text).not.toContain('SQLITE');
    await h.fake.handle('mous.mou.sign', commandEcho('update'));
  });

  it('answers 503 when no service answers the subject, and when it answers too late', async () => {
    await h.fake.drop('mous.mou.renew');
    const none = await h.request('POST', `/api/v1/mous/${newId()}/renewal`, { token: staff, body: { termMonths: 12 } });
    expect(none.status).toBe(503);
    expect(none.body).toMatchObject({ status: 503, code: 'SERVICE.UNAVAILABLE' });

    await h.fake.handle('mous.mou.renew', () => undefined);
    const silent = await h.request('POST', `/api/v1/mous/${newId()}/renewal`, { token: staff, body: { termMonths: 12 } });
    expect(silent.status).toBe(503);
    expect(silent.body.code).toBe('SERVICE.UNAVAILABLE');
    await h.fake.handle('mous.mou.renew', commandEcho('update'));
  });

  it('reads one resource with its version as ETag', async () => {
    const id = newId();
    await h.fake.handle('mous.mou.get', (m) => ok({ id: (m.params as { id: string }).id, title: THAI, status: 'draft', version: 7 }));
    const r = await h.request('GET', `/api/v1/mous/${id}`, { token: h.token(['viewer'], 'viewer-1') });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"7"');
    expect(r.body).toEqual({ id, title: THAI, status: 'draft', version: 7 });
    const q = h.fake.last('mous.mou.get')!.message as unknown as QueryMessage;
    expect(q).toMatchObject({ actor: 'viewer-1', params: { id } });
    expect(typeof q.correlationId).toBe('string');
  });

  it('forwards list filters with limit defaulting to 50', async () => {
    await h.fake.handle('mous.mou.list', () => ok({ items: [{ id: 'a', version: 1 }], nextCursor: 'next-1' }));
    const orgId = newId();
    const r = await h.request('GET', `/api/v1/mous?status=active&organisationId=${orgId}&expiringBefore=2026-01-01&collaborationLevel=strategic`, {
      token: staff,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ items: [{ id: 'a', version: 1 }], nextCursor: 'next-1' });
    expect(h.fake.last('mous.mou.list')!.message.params).toEqual({
      status: 'active',
      organisationId: orgId,
      expiringBefore: '2026-01-01',
      collaborationLevel: 'strategic',
      limit: 50,
    });

    await h.fake.handle('partners.organisation.list', () => ok({ items: [], nextCursor: null }));
    await h.request('GET', `/api/v1/organisations?kind=academic&country=TH&q=${encodeURIComponent('มหาวิทยาลัย')}&limit=500&cursor=abc`, { token: staff });
    expect(h.fake.last('partners.organisation.list')!.message.params).toEqual({ kind: 'academic', country: 'TH', q: 'มหาวิทยาลัย', limit: 500, cursor: 'abc' });
  });

  it('answers a page of history, or the state at asOf / version when either is given', async () => {
    const id = newId();
    await h.fake.handle('mous.mou.history', () => ok({ items: [{ type: 'MouDrafted', version: 1 }], nextCursor: 'c2' }));
    await h.fake.handle('mous.mou.state-at', (m) => ok({ id, version: 1, state: { status: 'draft' }, asked: m.params }));
    const auditor = h.token(['auditor'], 'auditor-1');

    const history = await h.request('GET', `/api/v1/mous/${id}/history`, { token: auditor });
    expect(history.status).toBe(200);
    expect(history.body).toEqual({ items: [{ type: 'MouDrafted', version: 1 }], nextCursor: 'c2' });
    expect(h.fake.last('mous.mou.history')!.message.params).toEqual({ id, limit: 100 });
    await h.request('GET', `/api/v1/mous/${id}/history?limit=500&cursor=c2`, { token: auditor });
    expect(h.fake.last('mous.mou.history')!.message.params).toEqual({ id, limit: 500, cursor: 'c2' });
    for (const limit of ['0', '501', 'x']) {
      const bad = await h.request('GET', `/api/v1/mous/${id}/history?limit=${limit}`, { token: auditor });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['limit']);
    }

    const asOf = await h.request('GET', `/api/v1/mous/${id}/history?asOf=2025-02-01T00:00:00Z`, { token: auditor });
    expect(asOf.body.asked).toEqual({ id, asOf: '2025-02-01T00:00:00Z' });
    const version = await h.request('GET', `/api/v1/mous/${id}/history?version=3`, { token: auditor });
    expect(version.body.asked).toEqual({ id, version: 3 });
    expect(h.fake.all('mous.mou.history')).toHaveLength(2);
  });

  it('answers a diff between two versions or instants, refusing bad bounds by name', async () => {
    const id = newId();
    await h.fake.handle('mous.mou.diff', (m) => ok({ asked: m.params }));
    const auditor = h.token(['auditor']);
    const r = await h.request('GET', `/api/v1/mous/${id}/history/diff?from=2&to=2025-02-01T00:00:00Z`, { token: auditor });
    expect(r.status).toBe(200);
    expect(r.body.asked).toEqual({ id, from: 2, to: '2025-02-01T00:00:00Z' });
    const bad = await h.request('GET', `/api/v1/mous/${id}/history/diff?from=yesterday`, { token: auditor });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['from', 'to']);
    expect((await h.request('GET', `/api/v1/mous/${id}/history/diff?from=1&to=2`, { token: h.token(['viewer']) })).status).toBe(403);
  });

  it('verifies the hash chain', async () => {
    await h.fake.handle('partners.organisation.verify', () => ok({ valid: false, events: 4, firstInvalidVersion: 3 }));
    const r = await h.request('GET', `/api/v1/organisations/${newId()}/history/verify`, { token: h.token(['auditor']) });
    expect(r.body).toEqual({ valid: false, events: 4, firstInvalidVersion: 3 });
  });

  it('streams an export piece by piece as an attachment, the JSON trailer spread in at the end', async () => {
    const id = newId();
    const pieces = ['{"format":"pmt.history-export/1",\n"events":[\n{"version":1', ',"type":"MouDrafted"}', `,\n{"version":2,"actor":"${THAI}"}`];
    await h.fake.handle('mous.mou.export', (m) => {
      const { cursor } = m.params as { cursor?: string };
      const i = cursor === undefined ? 0 : Number(cursor);
      return ok({
        filename: `mou-${id}-history.json`,
        contentType: 'application/json; charset=utf-8',
        toVersion: 2,
        chunk: pieces[i],
        nextCursor: i + 1 < pieces.length ? String(i + 1) : null,
      });
    });
    await h.fake.handle('mous.mou.export-trailer', (m) => ok({ verification: { valid: true, events: 2, firstInvalidVersion: null }, asked: m.params }));
    const auditor = h.token(['auditor']);
    const json = await h.request('GET', `/api/v1/mous/${id}/history/export`, { token: auditor });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="mou-${id}-history.json"`);
    expect(json.body).toEqual({
      format: 'pmt.history-export/1',
      events: [
        { version: 1, type: 'MouDrafted' },
        { version: 2, actor: THAI },
      ],
      verification: { valid: true, events: 2, firstInvalidVersion: null },
      asked: { id, toVersion: 2 },
    });
    expect(h.fake.all('mous.mou.export').map((r) => r.message.params)).toEqual([
      { id, format: 'json' },
      { id, format: 'json', cursor: '1' },
      { id, format: 'json', cursor: '2' },
    ]);

    h.fake.clear();
    await h.fake.handle('mous.mou.export', () =>
      ok({
        filename: `mou-${id}-history.csv`,
        contentType: 'text/csv; charset=utf-8',
        toVersion: 1,
        chunk: 'version,type\r\n1,MouDrafted\r\n',
        nextCursor: null,
      }),
    );
    const csv = await h.request('GET', `/api/v1/mous/${id}/history/export?format=csv`, { token: auditor });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="mou-${id}-history.csv"`);
    expect(csv.text).toBe('version,type\r\n1,MouDrafted\r\n');
    expect(h.fake.all('mous.mou.export-trailer')).toHaveLength(0);
  });

  it('answers problem+json when the export fails at once, and cuts the connection when it fails midway', async () => {
    const id = newId();
    const auditor = h.token(['auditor']);
    await h.fake.handle('mous.mou.export', () => fail({ code: 'MOU.NOT_FOUND', kind: 'not-found', message: 'no MOU' }));
    expect((await h.request('GET', `/api/v1/mous/${id}/history/export`, { token: auditor })).status).toBe(404);

    await h.fake.handle('mous.mou.export', (m) =>
      (m.params as { cursor?: string }).cursor === undefined
        ? ok({ filename: 'f.json', contentType: 'application/json; charset=utf-8', toVersion: 9, chunk: '{"events":[\n{"version":1}', nextCursor: 'more' })
        : fail({ code: 'HISTORY.STREAM_CHANGED', kind: 'invalid', message: 'gone' }),
    );
    await expect(h.request('GET', `/api/v1/mous/${id}/history/export`, { token: auditor })).rejects.toThrow();
  });
});
