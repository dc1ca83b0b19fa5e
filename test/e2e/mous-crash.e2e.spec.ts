import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { connect, type NatsConnection } from 'nats';
import { join } from 'node:path';
import { startProduct, type ApiResponse, type Product } from '../support/product';

const COMMANDS = 200;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

/** The mous service is killed with SIGKILL while 200 creates are in flight, then restarted by the supervisor. */
describe('the mous service killed mid-stream', () => {
  let product: Product;
  let nc: NatsConnection;
  const parties: Array<{ organisationId: string; signatoryName: string; signatoryTitle: string }> = [];
  const results: Array<{ key: string; title: string; response: ApiResponse | null }> = [];

  const create = (i: number) => {
    const key = `crash-${i}`;
    const title = `MOU under fire #${i}`;
    const body = { title, parties, cooperationAreas: ['resilience'], collaborationLevel: 'operational', effectiveFrom: '2030-01-01', termMonths: 12 };
    return { key, title, send: () => product.api('POST', '/api/v1/mous', { body, headers: { 'idempotency-key': key } }).catch(() => null) };
  };

  beforeAll(async () => {
    product = await startProduct({ REQUEST_TIMEOUT_MS: '3000' });
    nc = await connect(product.nats.options);
    for (const name of ['Crash Test University', 'Crash Test Agency']) {
      const org = await product.api('POST', '/api/v1/organisations', { body: { name, kind: 'academic', country: 'TH', sectors: [], contacts: [] } });
      parties.push({ organisationId: org.body.id, signatoryName: 'Signatory', signatoryTitle: 'Director' });
    }

    const inFlight = Array.from({ length: COMMANDS }, (_, i) => {
      const c = create(i);
      return c.send().then((response) => results.push({ key: c.key, title: c.title, response }));
    });
    // kill once some commands have been answered and the rest are still in flight
    await eventually(
      async () => results.length,
      (n) => n >= 20,
      10_000,
    );
    await product.stack.kill('mous', 'SIGKILL');
    await Promise.all(inFlight);
    await eventually(
      () => fetch(`${product.base}/health/ready`).then((r) => r.status),
      (s) => s === 200,
      20_000,
    );
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await product?.stop();
  });

  const succeeded = () => results.filter((r) => r.response && r.response.status >= 200 && r.response.status < 300);
  const failed = () => results.filter((r) => !r.response || r.response.status >= 300);

  const storeEvents = () => {
    const db = new Database(join(product.dataDir, 'mous.sqlite'), { readonly: true });
    try {
      return db
        .prepare(
          `SELECT event_id AS id, stream_id AS streamId, stream_version AS version, type, causation_id AS causationId FROM es_events ORDER BY global_position`,
        )
        .all() as Array<{ id: string; streamId: string; version: number; type: string; causationId: string }>;
    } finally {
      db.close();
    }
  };

  it('really interrupted some commands and answered others', () => {
    expect(results).toHaveLength(COMMANDS);
    expect(succeeded().length).toBeGreaterThan(0);
    expect(failed().length).toBeGreaterThan(0);
  });

  it('kept the events of every answered command exactly once', async () => {
    const events = storeEvents();
    for (const r of succeeded()) {
      const id = r.response!.body.id;
      const ofStream = events.filter((e) => e.streamId === `mou-${id}`);
      expect(ofStream.map((e) => e.type)).toEqual(['MouDrafted']);
      const read = await product.api('GET', `/api/v1/mous/${id}`);
      expect(read.body).toMatchObject({ id, title: r.title, version: 1 });
    }
  });

  it('left no command that failed applied more than once, and a retry with its key gets that one result', async () => {
    const drafted = storeEvents().filter((e) => e.type === 'MouDrafted');
    // every command id (the causation of its first event) appears at most once in the store
    expect(new Set(drafted.map((e) => e.causationId)).size).toBe(drafted.length);
    for (const r of failed()) {
      const retry = await product.api('POST', '/api/v1/mous', {
        body: { title: r.title, parties, cooperationAreas: ['resilience'], collaborationLevel: 'operational', effectiveFrom: '2030-01-01', termMonths: 12 },
        headers: { 'idempotency-key': r.key },
      });
      expect(retry.status).toBe(201);
    }
    const after = storeEvents().filter((e) => e.type === 'MouDrafted');
    expect(after).toHaveLength(COMMANDS);
    const titles = (await product.api('GET', '/api/v1/mous?limit=500')).body.items.map((m: { title: string }) => m.title);
    expect(new Set(titles).size).toBe(COMMANDS);
  });

  it('converges its projection on the store', async () => {
    const events = storeEvents();
    const streams = new Set(events.map((e) => e.streamId));
    const listed = await eventually(
      () => product.api('GET', '/api/v1/mous?limit=500').then((r) => r.body.items as Array<{ id: string; version: number }>),
      (items) => items.length === streams.size,
    );
    expect(listed).toHaveLength(streams.size);
    for (const m of listed) expect(m.version).toBe(events.filter((e) => e.streamId === `mou-${m.id}`).length);
  });

  it('holds each stored event exactly once in JetStream', async () => {
    const stored = storeEvents();
    const jsm = await nc.jetstreamManager();
    const info = await eventually(
      () => jsm.streams.info('EVENTS_MOUS'),
      (i) => i.state.messages >= stored.length,
    );
    expect(info.state.messages).toBe(stored.length);
    const ids: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('EVENTS_MOUS', { seq });
      ids.push(msg.header.get('Nats-Msg-Id'));
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(stored.map((e) => e.id)));
  });
});
