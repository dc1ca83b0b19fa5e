import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadSealKey, Sealer } from '@pmt/event-sourcing';
import { newId } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import type { EventStore, SealStore } from '@pmt/event-store';
import { SealService } from './seals';

describe('the seal timer', () => {
  let dir: ReturnType<typeof tempDir>;
  let events: EventStore;
  let store: SealStore;
  let service: SealService | undefined;
  const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const sealService = (intervalMs: number) => {
    const key = loadSealKey(join(dir.path, 'k.key.pem'), { generate: true });
    service = new SealService('svc', new Sealer({ service: 'svc', events, seals: store, key }), intervalMs, undefined, quiet);
    return service;
  };
  const open = async () => {
    const streamId = `thing-${newId()}`;
    await events.append({
      streamId,
      expectedVersion: 0,
      events: [
        {
          id: newId(),
          type: 'ThingOpened',
          schemaVersion: 1,
          data: {},
          actor: 'a',
          correlationId: newId(),
          causationId: newId(),
          occurredAt: new Date().toISOString(),
        },
      ],
    });
    return streamId;
  };
  const sealedSoon = async (streamId: string) => {
    const deadline = Date.now() + 5000;
    while (!(await store.lastSealed(streamId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return store.lastSealed(streamId);
  };

  beforeEach(async () => {
    dir = tempDir('pmt-seal-timer-');
    // loaded lazily, as stores.ts loads it
    const { SqliteEventStore, SqliteSealStore } = await import('@pmt/event-store-sqlite');
    events = SqliteEventStore.open(join(dir.path, 'svc.sqlite'));
    store = SqliteSealStore.open(join(dir.path, 'svc-seals.sqlite'));
  });
  afterEach(async () => {
    await service?.stop();
    await events.close();
    await store.close();
    dir.remove();
  });

  it('seals at start, so that a service restarted more often than the interval still seals', async () => {
    const streamId = await open();
    sealService(3_600_000).start();
    expect(await sealedSoon(streamId)).toMatchObject({ version: 1 });
  });

  it('seals a head that moved later within the interval, without being asked, and then stays idle', async () => {
    sealService(100).start();
    const streamId = await open();
    expect(await sealedSoon(streamId)).toMatchObject({ version: 1 });
    expect(await (service as SealService).sealNow()).toMatchObject({ service: 'svc', sealId: null, streams: 0 });
  });
});
