import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { EventStore } from '@pmt/event-store';
import { isCodedError, newId, verifyChain, type StoredEvent } from '@pmt/kernel';
import { connectNats, EventRelay, InMemoryCheckpointStore, type MessagingLogger } from '@pmt/messaging';
import { startNatsServer, tempDir, until, type TestNatsServer } from '@pmt/testing';
import type { NatsConnection } from 'nats';
import { INBOX_GAP, mirrorIntoInbox, startInbox, type Inbox } from './inbox';
import { inboxCommandId, inboxStreamId } from './inbox-streams';
import { withoutCategories } from './inbox-unpublished';

/** Loaded lazily, as stores.ts loads it: the production profile never loads SQLite. */
const openSqlite = async (file: string): Promise<EventStore> => (await import('@pmt/event-store-sqlite')).SqliteEventStore.open(file);

const PARTNERS = { service: 'partners' };

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Appends `count` events to one stream of a producer's store and returns them as stored. */
async function produce(store: EventStore, streamId: string, count: number): Promise<StoredEvent[]> {
  const from = (await store.streamVersion(streamId)) + 1;
  for (let i = 0; i < count; i++) {
    await store.append({
      streamId,
      expectedVersion: 'any',
      events: [
        {
          id: newId(),
          type: i === 0 && from === 1 ? 'ThingOpened' : 'ThingChanged',
          schemaVersion: 1,
          data: { n: from + i, text: 'ภาษาไทย' },
          actor: 'officer',
          correlationId: newId(),
          causationId: newId(),
          occurredAt: `2025-01-0${(i % 9) + 1}T03:00:00.000Z`,
          reason: 'because',
        },
      ],
    });
  }
  return store.readStream(streamId, { fromVersion: from });
}

describe('mirroring one event into the inbox', () => {
  let dir: ReturnType<typeof tempDir>;
  let producer: EventStore;
  let consumer: EventStore;

  beforeEach(async () => {
    dir = tempDir('pmt-inbox-');
    producer = await openSqlite(join(dir.path, 'mous.sqlite'));
    consumer = await openSqlite(join(dir.path, 'partners.sqlite'));
  });
  afterEach(async () => {
    await producer.close();
    await consumer.close();
    dir.remove();
  });

  it('copies the event at the same version, with its type, data and metadata, caused by the source event', async () => {
    const [e] = await produce(producer, `thing-${newId()}`, 1);
    expect(await mirrorIntoInbox(consumer, e, PARTNERS)).toBe('appended');
    const [copy] = await consumer.readStream(inboxStreamId(e.streamId));
    expect(copy).toMatchObject({
      streamId: `inbox-${e.streamId}`,
      streamVersion: 1,
      type: e.type,
      data: e.data,
      actor: e.actor,
      correlationId: e.correlationId,
      causationId: e.id,
      occurredAt: e.occurredAt,
      reason: 'because',
    });
    expect(copy.id).not.toBe(e.id);
    expect(await consumer.findCommand(inboxCommandId(PARTNERS, e.id))).toMatchObject({ streamId: copy.streamId, version: 1 });
  });

  it('appends nothing for a redelivery, and waits for a missing earlier event', async () => {
    const streamId = `thing-${newId()}`;
    const [v1, v2, v3] = await produce(producer, streamId, 3);
    await mirrorIntoInbox(consumer, v1, PARTNERS);
    expect(await mirrorIntoInbox(consumer, v1, PARTNERS)).toBe('present');

    const gap = await mirrorIntoInbox(consumer, v3, PARTNERS).catch((e: unknown) => e);
    expect(isCodedError(gap) && gap.code).toBe(INBOX_GAP);
    expect(await consumer.streamVersion(inboxStreamId(streamId))).toBe(1);

    expect(await mirrorIntoInbox(consumer, v2, PARTNERS)).toBe('appended');
    expect(await mirrorIntoInbox(consumer, v3, PARTNERS)).toBe('appended');
    expect(await mirrorIntoInbox(consumer, v2, PARTNERS)).toBe('present');
    const copies = await consumer.readStream(inboxStreamId(streamId));
    expect(copies.map((c) => [c.streamVersion, c.causationId])).toEqual([
      [1, v1.id],
      [2, v2.id],
      [3, v3.id],
    ]);
    expect(verifyChain(copies).valid).toBe(true);
  });
});

describe('the inbox over JetStream', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let dir: ReturnType<typeof tempDir>;
  let producer: EventStore;
  let consumer: EventStore;
  let relay: EventRelay;
  let inbox: Inbox;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connectNats(nats.url, 'inbox-spec', { logger: quiet });
    dir = tempDir('pmt-inbox-js-');
    producer = await openSqlite(join(dir.path, 'mous.sqlite'));
    consumer = await openSqlite(join(dir.path, 'partners.sqlite'));
    // The consumer starts before the producer has ever published: its stream is declared for it.
    inbox = await startInbox({
      service: 'partners',
      nc,
      store: consumer,
      sources: [{ service: 'mous', filterSubject: 'events.mous.thing.>' }],
      logger: quiet,
      nakDelayMs: () => 100,
    });
    relay = new EventRelay({ nc, service: 'mous', store: producer, checkpoints: new InMemoryCheckpointStore(), logger: quiet });
    await relay.start();
  });
  afterAll(async () => {
    await inbox?.stop();
    await relay?.stop();
    await nc?.drain();
    await producer?.close();
    await consumer?.close();
    await nats?.stop();
    dir?.remove();
  });

  const mirrored = async (streamId: string) => consumer.readStream(inboxStreamId(streamId));

  it('mirrors every published event of the source, in stream order', async () => {
    expect(inbox.durables).toEqual(['partners-inbox-mous']);
    const a = `thing-${newId()}`;
    const b = `thing-${newId()}`;
    const sources = [...(await produce(producer, a, 3)), ...(await produce(producer, b, 2)), ...(await produce(producer, a, 1))];
    await until(async () => (await mirrored(a)).length === 4 && (await mirrored(b)).length === 2, { what: 'both streams mirrored' });
    const copies = [...(await mirrored(a)), ...(await mirrored(b))];
    expect(copies.map((c) => c.causationId).sort()).toEqual(sources.map((s) => s.id).sort());
    expect((await mirrored(a)).map((c) => c.data)).toEqual((await producer.readStream(a)).map((s) => s.data));
  });

  it('appends a duplicate once and takes an event that arrives before its predecessor after the predecessor', async () => {
    const js = nc.jetstream();
    const streamId = `thing-${newId()}`;
    // Stored elsewhere, published by hand: out of order, and once more under another message id (outside the broker's duplicate window).
    const scratch = await openSqlite(join(dir.path, `scratch-${newId()}.sqlite`));
    const [v1, v2] = await produce(scratch, streamId, 2);
    await scratch.close();
    const publish = (e: StoredEvent, msgID: string) => js.publish(`events.mous.thing.${e.type}`, new TextEncoder().encode(JSON.stringify(e)), { msgID });
    await publish(v2, v2.id);
    await publish(v1, v1.id);
    await publish(v2, newId());
    await until(async () => (await mirrored(streamId)).length === 2, { what: 'the stream mirrored' });
    // Give the duplicate time to arrive; it must not add anything.
    await new Promise((r) => setTimeout(r, 500));
    expect((await mirrored(streamId)).map((c) => [c.streamVersion, c.causationId])).toEqual([
      [1, v1.id],
      [2, v2.id],
    ]);
  });

  it('keeps the inbox out of the relay: a service publishes only its own events', async () => {
    const store = withoutCategories(consumer, ['inbox']);
    const own = `organisation-${newId()}`;
    await produce(consumer, own, 2);
    const all = await consumer.readAll({ after: 0, limit: 10_000 });
    const visible = await store.readAll({ after: 0, limit: 10_000 });
    expect(all.some((e) => e.streamId.startsWith('inbox-'))).toBe(true);
    expect(visible.map((e) => e.streamId)).toEqual([own, own]);
  });
});
