import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { openDatabase, SqliteEventStore, SqliteSealStore } from '@pmt/event-store-sqlite';
import { loadSealKey, Sealer } from '@pmt/event-sourcing';
import { newId } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { SealService } from './seals';

describe('the seal timer', () => {
  let dir: ReturnType<typeof tempDir>;
  let events: SqliteEventStore;
  let store: SqliteSealStore;
  let service: SealService;
  const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

  beforeEach(() => {
    dir = tempDir('pmt-seal-timer-');
    events = new SqliteEventStore(openDatabase(join(dir.path, 'svc.sqlite')), { closeDatabase: true });
    store = SqliteSealStore.open(join(dir.path, 'svc-seals.sqlite'));
    const key = loadSealKey(join(dir.path, 'k.pem'), { generate: true });
    service = new SealService('svc', new Sealer({ service: 'svc', events, seals: store, key }), 50, undefined, quiet);
  });
  afterEach(async () => {
    await service.stop();
    await events.close();
    await store.close();
    dir.remove();
  });

  it('seals a moved head within the interval, without being asked', async () => {
    const streamId = `thing-${newId()}`;
    await events.append({ streamId, expectedVersion: 0, events: [{ id: newId(), type: 'ThingOpened', schemaVersion: 1, data: {}, actor: 'a', correlationId: newId(), causationId: newId(), occurredAt: new Date().toISOString() }] });
    service.start();
    const deadline = Date.now() + 5000;
    while (!(await store.lastSealed(streamId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await store.lastSealed(streamId)).toMatchObject({ version: 1 });
    // and then stays idle: nothing moved, no new seal
    const reply = await service.sealNow();
    expect(reply).toMatchObject({ service: 'svc', sealId: null, streams: 0 });
  });
});
