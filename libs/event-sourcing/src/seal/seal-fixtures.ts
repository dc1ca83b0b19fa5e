import { join } from 'node:path';
import type { SealStore } from '@pmt/event-store';
import { openDatabase, SqliteEventStore, SqliteSealStore, type Database } from '@pmt/event-store-sqlite';
import { EventStoreSealStore } from './event-store-seal-store';
import { chainHash, GENESIS_HASH, newId, type PendingEvent } from '@pmt/kernel';
import { loadSealKey, type SealKey } from './seal-keys';
import { Sealer } from './sealer';
import { StreamSeals } from './stream-seals';

export type SealStoreKind = 'sqlite' | 'event-store';

/**
 * A service's event file and its seals in a directory, as the services open them (for tests and the bench):
 * `sqlite`, the embedded profile's seal file; `event-store`, the production profile's seal stream (here in an
 * event store of its own file, so that the events' file can be tampered with alone).
 */
export function sealedStores(dir: string, service = 'svc', kind: SealStoreKind = 'sqlite') {
  const db: Database = openDatabase(join(dir, `${service}.sqlite`));
  const events = new SqliteEventStore(db);
  const sealDb: Database = openDatabase(join(dir, `${service}-seals.sqlite`));
  const sealStore: SealStore = kind === 'sqlite' ? new SqliteSealStore(sealDb) : new EventStoreSealStore(new SqliteEventStore(sealDb), `seals-${service}`);
  const key: SealKey = loadSealKey(join(dir, 'keys', `${service}-seal.key.pem`), { generate: true });
  const sealer = new Sealer({ service, events, seals: sealStore, key });
  const seals = new StreamSeals(sealStore, key.publicKey, key.keyId, key.publicKeyPem, key.privateKey);
  return {
    db,
    sealDb,
    events,
    sealStore,
    key,
    sealer,
    seals,
    close() {
      db.close();
      sealDb.close();
    },
  };
}

export const pendingEvent = (n: number, data: unknown = { n }): PendingEvent => ({
  id: newId(),
  type: 'Added',
  schemaVersion: 1,
  data,
  actor: 'tester',
  correlationId: newId(),
  causationId: newId(),
  occurredAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
  reason: `step ${n}`,
});

/** Appends `count` events to a stream, one command each, from the version it is at. */
export async function appendEvents(events: SqliteEventStore, streamId: string, count: number, data?: (n: number) => unknown): Promise<void> {
  const at = await events.streamVersion(streamId);
  for (let n = at + 1; n <= at + count; n++) {
    await events.append({ streamId, expectedVersion: n - 1, events: [pendingEvent(n, data?.(n))] });
  }
}

/** What an insider with write access does after editing an event: recompute every hash of the stream from the edit on. */
export async function rehashStream(db: Database, events: SqliteEventStore, streamId: string): Promise<void> {
  const all = await events.readStream(streamId);
  let previous = GENESIS_HASH;
  const update = db.prepare('UPDATE es_events SET hash = ? WHERE stream_id = ? AND stream_version = ?');
  for (const e of all) {
    const hash = chainHash(previous, e);
    update.run(hash, streamId, e.streamVersion);
    previous = hash;
  }
}
