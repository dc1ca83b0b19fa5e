import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { EventStore } from '@pmt/event-store';
import { newId, verifyChain, type StoredEvent } from '@pmt/kernel';
import { connectNats, EventRelay, InMemoryCheckpointStore, type MessagingLogger } from '@pmt/messaging';
import { startNatsServer, tempDir } from '@pmt/testing';
import { mirrorIntoInbox, startInbox, type Inbox } from './inbox';
import { inboxCommandId, inboxEventId, inboxStreamId, type MirrorScope } from './inbox-streams';

/**
 * Two services' inboxes on ONE store (the production profile shares a KurrentDB): each must mirror every source
 * event for itself. With ids derived from the source event alone, the second inbox found the first one's command
 * record, skipped its append, and then waited on a gap forever.
 */
const stores: Array<[string, (dir: string) => Promise<EventStore>]> = [
  ['SQLite', async (dir) => (await import('@pmt/event-store-sqlite')).SqliteEventStore.open(join(dir, 'shared.sqlite'))],
  [
    'KurrentDB adapter (in-memory stand-in)',
    async () => {
      const { InMemoryKurrentDb, KurrentDbEventStore } = await import('@pmt/event-store-kurrentdb');
      return new KurrentDbEventStore(new InMemoryKurrentDb().asClient());
    },
  ],
  // A real KurrentDB when one is given (the production profile); the in-memory stand-in above runs always.
  ...(process.env.KURRENTDB_URL
    ? [
        ['KurrentDB', async () => (await import('@pmt/event-store-kurrentdb')).KurrentDbEventStore.connect(process.env.KURRENTDB_URL as string)] as [
          string,
          (dir: string) => Promise<EventStore>,
        ],
      ]
    : []),
];

const partners: MirrorScope = { service: 'partners', category: 'partners-inbox' };
const events: MirrorScope = { service: 'events', category: 'events-inbox' };

async function produce(store: EventStore, streamId: string, count: number): Promise<StoredEvent[]> {
  for (let i = 0; i < count; i++) {
    await store.append({
      streamId,
      expectedVersion: i,
      events: [
        {
          id: newId(),
          type: 'ThingChanged',
          schemaVersion: 1,
          data: { n: i + 1 },
          actor: 'officer',
          correlationId: newId(),
          causationId: newId(),
          occurredAt: '2025-01-01T03:00:00.000Z',
        },
      ],
    });
  }
  return store.readStream(streamId);
}

describe.each(stores)('two services mirroring the same events into one %s store', (_, open) => {
  let dir: ReturnType<typeof tempDir>;
  let source: EventStore;
  let shared: EventStore;

  beforeEach(async () => {
    dir = tempDir('pmt-inbox-shared-');
    source = await (await import('@pmt/event-store-sqlite')).SqliteEventStore.open(join(dir.path, 'mous.sqlite'));
    shared = await open(dir.path);
  });
  afterEach(async () => {
    await source.close();
    await shared.close();
    dir.remove();
  });

  it('completes both mirrors, with no gap and no stall, however their deliveries interleave', async () => {
    const streamId = `thing-${newId()}`;
    const sent = await produce(source, streamId, 3);
    for (const e of sent) {
      expect(await mirrorIntoInbox(shared, e, partners)).toBe('appended');
      expect(await mirrorIntoInbox(shared, e, events)).toBe('appended');
    }
    // Redeliveries to either inbox append nothing.
    for (const e of sent) {
      expect(await mirrorIntoInbox(shared, e, events)).toBe('present');
      expect(await mirrorIntoInbox(shared, e, partners)).toBe('present');
    }
    for (const scope of [partners, events]) {
      const copies = await shared.readStream(inboxStreamId(streamId, scope.category));
      expect(copies.map((c) => [c.streamVersion, c.causationId])).toEqual(sent.map((e) => [e.streamVersion, e.id]));
      expect(verifyChain(copies).valid).toBe(true);
    }
  });
});

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('two services’ inboxes over JetStream, on one SQLite store', () => {
  it('both mirror every published event of the source, and neither stalls', async () => {
    const nats = await startNatsServer();
    const nc = await connectNats(nats.url, 'inbox-shared-spec', { logger: quiet });
    const dir = tempDir('pmt-inbox-shared-js-');
    const source = await (await import('@pmt/event-store-sqlite')).SqliteEventStore.open(join(dir.path, 'mous.sqlite'));
    const shared = await (await import('@pmt/event-store-sqlite')).SqliteEventStore.open(join(dir.path, 'shared.sqlite'));
    const relay = new EventRelay({ nc, service: 'mous', store: source, checkpoints: new InMemoryCheckpointStore(), logger: quiet });
    const inboxes: Inbox[] = [];
    try {
      for (const scope of [partners, events]) {
        const sources = [{ service: 'mous', filterSubject: 'events.mous.thing.>' }];
        inboxes.push(await startInbox({ service: scope.service, category: scope.category, nc, store: shared, sources, logger: quiet, nakDelayMs: () => 100 }));
      }
      await relay.start();
      const streamId = `thing-${newId()}`;
      const sent = await produce(source, streamId, 5);
      const copies = (scope: MirrorScope) => shared.readStream(inboxStreamId(streamId, scope.category));
      const deadline = Date.now() + 10_000;
      while ((await copies(partners)).length < 5 || (await copies(events)).length < 5) {
        if (Date.now() > deadline) throw new Error(`stalled: partners ${(await copies(partners)).length}, events ${(await copies(events)).length} of 5`);
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const scope of [partners, events]) expect((await copies(scope)).map((c) => c.causationId)).toEqual(sent.map((e) => e.id));
    } finally {
      for (const inbox of inboxes) await inbox.stop();
      await relay.stop();
      await nc.drain();
      await source.close();
      await shared.close();
      await nats.stop();
      dir.remove();
    }
  });
});

describe('derived mirror ids', () => {
  it('are the same on a redelivery and differ between services and between purposes', () => {
    const id = newId();
    expect(inboxCommandId(partners, id)).toBe(inboxCommandId({ ...partners }, id));
    expect(inboxCommandId(partners, id)).not.toBe(inboxCommandId(events, id));
    expect(inboxEventId(partners, id)).not.toBe(inboxEventId(events, id));
    expect(inboxEventId(partners, id)).not.toBe(inboxCommandId(partners, id));
    expect(inboxCommandId({ service: 'partners' }, id)).toBe(inboxCommandId({ service: 'partners', category: 'inbox' }, id));
  });
});
