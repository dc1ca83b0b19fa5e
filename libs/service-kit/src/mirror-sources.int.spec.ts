import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Database, SqliteEventStore, SqliteSealStore } from '@pmt/event-store-sqlite';
import { loadSealKey, StreamSeals } from '@pmt/event-sourcing';
import { chainHash, GENESIS_HASH, newId } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { mirrorIntoInbox } from './inbox-mirror';
import { inboxStreamId } from './inbox-streams';
import { keepMirrorSource } from './workflow-consumer';

/** The mirror of a mous stream in partners' store keeps each source event's hash; verify recomputes it from the copy. */
describe('mirrors checked against their source hashes', () => {
  let dir: ReturnType<typeof tempDir>;
  let producer: SqliteEventStore;
  let consumerDb: Database;
  let consumer: SqliteEventStore;
  let sealStore: SqliteSealStore;
  let seals: StreamSeals;
  const sourceStream = `mou-${newId()}`;
  const mirrorStream = inboxStreamId(sourceStream);

  beforeEach(async () => {
    dir = tempDir('pmt-mirror-');
    // loaded lazily, as stores.ts loads it
    const { openDatabase, SqliteEventStore, SqliteSealStore } = await import('@pmt/event-store-sqlite');
    producer = SqliteEventStore.open(join(dir.path, 'mous.sqlite'));
    consumerDb = openDatabase(join(dir.path, 'partners.sqlite'));
    consumer = new SqliteEventStore(consumerDb);
    sealStore = SqliteSealStore.open(join(dir.path, 'partners-seals.sqlite'));
    const key = loadSealKey(join(dir.path, 'keys', 'partners.pem'), { generate: true });
    seals = new StreamSeals(sealStore, key.publicKey, key.keyId, key.publicKeyPem);
    for (let n = 1; n <= 5; n++) {
      await producer.append({
        streamId: sourceStream,
        expectedVersion: n - 1,
        events: [
          {
            id: newId(),
            type: 'MouAmended',
            schemaVersion: 1,
            data: { n, changes: { clause: `ข้อ ${n}` } },
            actor: 'officer',
            correlationId: newId(),
            causationId: newId(),
            occurredAt: '2025-01-01T00:00:00.000Z',
            ...(n % 2 ? { reason: 'why' } : {}),
          },
        ],
      });
    }
    // as the inbox consumer does for each delivered event: mirror it, then keep its source facts
    for (const e of await producer.readStream(sourceStream)) {
      await mirrorIntoInbox(consumer, e, { service: 'partners', category: 'inbox' });
      await keepMirrorSource({ store: consumer, service: 'partners', category: 'inbox', sources: sealStore }, e);
    }
  });
  afterEach(async () => {
    await producer.close();
    consumerDb.close();
    await sealStore.close();
    dir.remove();
  });

  const verify = async () => seals.verify(mirrorStream, await consumer.readStream(mirrorStream));

  it('verifies an untouched mirror by recomputing the source chain from the copies', async () => {
    expect(await sealStore.mirrorSources(mirrorStream)).toHaveLength(5);
    expect(await verify()).toMatchObject({ valid: true, events: 5, firstInvalidVersion: null });
  });

  it('names a mirrored event edited in the mirror store, even with the mirror’s own chain recomputed', async () => {
    consumerDb.prepare(`UPDATE es_events SET data = json_set(data, '$.changes.clause', 'ข้อ 99') WHERE stream_id = ? AND stream_version = 3`).run(mirrorStream);
    let previous = GENESIS_HASH;
    for (const e of await consumer.readStream(mirrorStream)) {
      previous = chainHash(previous, e);
      consumerDb.prepare('UPDATE es_events SET hash = ? WHERE event_id = ?').run(previous, e.id);
    }
    expect(await verify()).toMatchObject({ valid: false, firstInvalidVersion: 3, cause: 'mirror-source' });
  });

  it('names a copy whose reason was changed in place', async () => {
    consumerDb.prepare(`UPDATE es_events SET reason = 'another reason' WHERE stream_id = ? AND stream_version = 4`).run(mirrorStream);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidVersion: 4 });
  });
});
