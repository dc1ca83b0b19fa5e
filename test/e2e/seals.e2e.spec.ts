import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { chainHash, GENESIS_HASH } from '@pmt/kernel';
import { startProduct, type Product } from '../support/product';

/** Story: an admin seals every service's streams; an insider then rewrites a sealed MOU event and recomputes its chain. */
describe('seals from HTTP to the SQLite file', () => {
  let product: Product;
  let nc: NatsConnection;
  let mouId: string;

  beforeAll(async () => {
    product = await startProduct({ SEAL_INTERVAL: '1h' });
    nc = await connect(product.nats.options);
    const orgs = [];
    for (const name of ['Seal University', 'Seal Agency']) {
      orgs.push((await product.api('POST', '/api/v1/organisations', { body: { name, kind: 'academic', country: 'TH', sectors: [], contacts: [] } })).body);
    }
    const parties = orgs.map((o) => ({ organisationId: o.id, signatoryName: 'Signatory', signatoryTitle: 'Director' }));
    const created = await product.api('POST', '/api/v1/mous', {
      body: { title: 'ความร่วมมือ sealed', parties, cooperationAreas: ['audit'], collaborationLevel: 'operational', effectiveFrom: '2030-01-01', termMonths: 12 },
    });
    mouId = created.body.id;
    await product.api('POST', `/api/v1/mous/${mouId}/terms`, { body: { termMonths: 24 } });
    await product.api('POST', `/api/v1/mous/${mouId}/terms`, { body: { termMonths: 36 } });
  }, 120_000);
  afterAll(async () => {
    await nc?.close();
    await product?.stop();
  });

  it('lets only an admin seal, answers per service, and publishes each seal to JetStream', async () => {
    expect((await product.api('POST', '/api/v1/audit/seals', { roles: ['staff', 'auditor'] })).status).toBe(403);
    const sealed = await product.api('POST', '/api/v1/audit/seals', { roles: ['admin'] });
    expect(sealed.status).toBe(200);
    const services = sealed.body.seals.map((s: { service: string }) => s.service).sort();
    expect(services).toEqual(['events', 'funding', 'mous', 'notifications', 'partners', 'proposals']);
    const mous = sealed.body.seals.find((s: { service: string }) => s.service === 'mous');
    expect(mous).toMatchObject({ sealId: expect.any(String), streams: 1, root: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // nothing moved since: nothing new to seal
    const again = await product.api('POST', '/api/v1/audit/seals', { roles: ['admin'] });
    expect(again.body.seals.find((s: { service: string }) => s.service === 'mous')).toMatchObject({ sealId: null, streams: 0 });

    const jsm = await nc.jetstreamManager();
    const message = await jsm.streams.getMessage('SEALS_MOUS', { last_by_subj: 'seals.mous' });
    expect(message.json<{ sealId: string; root: string }>()).toMatchObject({ sealId: mous.sealId, root: mous.root });

    const verified = await product.api('GET', `/api/v1/mous/${mouId}/history/verify`);
    expect(verified.body).toMatchObject({ valid: true, events: 3, firstInvalidVersion: null, sealedVersion: 3, sealedAt: mous.sealedAt });
    // the embedded profile made the key itself, for its owner's eyes only
    expect(statSync(join(product.dataDir, 'keys', 'mous-seal.key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(product.dataDir, 'keys', 'mous-seal.pub.pem')).isFile()).toBe(true);
    // apart from the events
    expect(statSync(join(product.dataDir, 'mous-seals.sqlite')).isFile()).toBe(true);
  });

  it('checks partners’ mirror of the MOU against the source hashes, and names a copy edited in partners’ store', async () => {
    const streamId = `inbox-mou-${mouId}`;
    const verifyMirror = async () => {
      const reply = await nc.request('partners.audit.verify-stream', JSON.stringify({ actor: 'auditor', correlationId: 'c', params: { streamId } }), {
        timeout: 5000,
      });
      return (reply.json() as { value: Record<string, unknown> }).value;
    };
    const deadline = Date.now() + 15_000;
    while ((await verifyMirror()).events !== 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await verifyMirror()).toMatchObject({ valid: true, events: 3, firstInvalidVersion: null });
    const db = openDatabase(join(product.dataDir, 'partners.sqlite'));
    try {
      db.prepare(`UPDATE es_events SET data = json_set(data, '$.termMonths', 1) WHERE stream_id = ? AND stream_version = 3`).run(streamId);
      const store = new SqliteEventStore(db);
      let previous = GENESIS_HASH;
      for (const e of await store.readStream(streamId)) {
        previous = chainHash(previous, e);
        db.prepare('UPDATE es_events SET hash = ? WHERE event_id = ?').run(previous, e.id);
      }
    } finally {
      db.close();
    }
    expect(await verifyMirror()).toMatchObject({ valid: false, firstInvalidVersion: 3, cause: 'mirror-source' });
  });

  it('names version 2 after an insider rewrites it and recomputes every hash after it', async () => {
    const db = openDatabase(join(product.dataDir, 'mous.sqlite'));
    try {
      const store = new SqliteEventStore(db);
      const streamId = `mou-${mouId}`;
      db.prepare(`UPDATE es_events SET data = json_set(data, '$.termMonths', 240) WHERE stream_id = ? AND stream_version = 2`).run(streamId);
      let previous = GENESIS_HASH;
      for (const e of await store.readStream(streamId)) {
        previous = chainHash(previous, e);
        db.prepare('UPDATE es_events SET hash = ? WHERE event_id = ?').run(previous, e.id);
      }
    } finally {
      db.close();
    }
    const verified = await product.api('GET', `/api/v1/mous/${mouId}/history/verify`);
    expect(verified.body).toMatchObject({ valid: false, events: 3, firstInvalidVersion: 2, sealedVersion: 3 });
  });
});
