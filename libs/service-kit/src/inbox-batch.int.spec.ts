import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { SqliteEventStore } from '@pmt/event-store-sqlite';
import { isCodedError, newId, verifyChain, type StoredEvent } from '@pmt/kernel';
import { connectNats, EventRelay, eventStreamName, InMemoryCheckpointStore, type MessagingLogger } from '@pmt/messaging';
import { startNatsServer, tempDir, until, type TestNatsServer } from '@pmt/testing';
import type { NatsConnection } from 'nats';
import { INBOX_GAP, INBOX_UNUSABLE, mirrorManyIntoInbox, startInbox } from './inbox';
import { inboxDurableName, inboxStreamId } from './inbox-streams';

const openSqlite = async (file: string): Promise<SqliteEventStore> => (await import('@pmt/event-store-sqlite')).SqliteEventStore.open(file);
const PARTNERS = { service: 'partners' };
const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function produce(store: SqliteEventStore, streamId: string, count: number): Promise<StoredEvent[]> {
  const from = (await store.streamVersion(streamId)) + 1;
  for (let i = 0; i < count; i++) {
    await store.append({
      streamId,
      expectedVersion: 'any',
      events: [
        {
          id: newId(),
          type: 'ThingChanged',
          schemaVersion: 1,
          data: { n: from + i },
          actor: 'officer',
          correlationId: newId(),
          causationId: newId(),
          occurredAt: '2025-01-01T03:00:00.000Z',
        },
      ],
    });
  }
  return store.readStream(streamId, { fromVersion: from });
}

describe('mirroring a batch of events into the inbox', () => {
  let dir: ReturnType<typeof tempDir>;
  let producer: SqliteEventStore;
  let consumer: SqliteEventStore;

  beforeEach(async () => {
    dir = tempDir('pmt-inbox-batch-');
    producer = await openSqlite(join(dir.path, 'mous.sqlite'));
    consumer = await openSqlite(join(dir.path, 'partners.sqlite'));
  });
  afterEach(async () => {
    await producer.close();
    await consumer.close();
    dir.remove();
  });

  it('answers each event as one by one would (appended, present, gap, unusable) and writes the runs together', async () => {
    const a = `thing-${newId()}`;
    const b = `thing-${newId()}`;
    const as = await produce(producer, a, 8);
    const bs = await produce(producer, b, 3);
    const unusable = { ...bs[0], streamVersion: 0 } as StoredEvent;
    // a's 1-5 and b's 1-3 shuffled, a's 2 delivered twice, a's 8 without 6 and 7, and one broken message
    const batch = [as[3], bs[2], as[0], as[1], bs[0], as[4], as[1], as[7], bs[1], as[2], unusable];
    const before = consumer.appendBatches;
    const outcomes = await mirrorManyIntoInbox(consumer, batch, PARTNERS);

    const answer = (o: PromiseSettledResult<string>) => (o.status === 'fulfilled' ? o.value : isCodedError(o.reason) ? o.reason.code : String(o.reason));
    expect(outcomes.map(answer)).toEqual([
      'appended',
      'appended',
      'appended',
      'appended',
      'appended',
      'appended',
      'present',
      INBOX_GAP,
      'appended',
      'appended',
      INBOX_UNUSABLE,
    ]);
    const copiesA = await consumer.readStream(inboxStreamId(a));
    const copiesB = await consumer.readStream(inboxStreamId(b));
    expect(copiesA.map((c) => c.causationId)).toEqual(as.slice(0, 5).map((e) => e.id));
    expect(copiesB.map((c) => c.causationId)).toEqual(bs.map((e) => e.id));
    expect(verifyChain(copiesA).valid && verifyChain(copiesB).valid).toBe(true);
    // eight appends in one transaction (the duplicate and the gap read the store after it)
    expect(consumer.appendBatches - before).toBe(1);

    // the rest of a arrives: redelivered 8 goes in after 6 and 7
    const rest = await mirrorManyIntoInbox(consumer, [as[7], as[5], as[6]], PARTNERS);
    expect(rest.map(answer)).toEqual(['appended', 'appended', 'appended']);
    expect((await consumer.readStream(inboxStreamId(a))).map((c) => c.causationId)).toEqual(as.map((e) => e.id));
  });
});

describe('the inbox catching up on a backlog', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let dir: ReturnType<typeof tempDir>;
  let producer: SqliteEventStore;
  let consumer: SqliteEventStore;

  beforeEach(async () => {
    nats = await startNatsServer();
    nc = await connectNats(nats.url, 'inbox-batch-spec', { logger: quiet });
    dir = tempDir('pmt-inbox-backlog-');
    producer = await openSqlite(join(dir.path, 'mous.sqlite'));
    consumer = await openSqlite(join(dir.path, 'partners.sqlite'));
  });
  afterEach(async () => {
    await nc?.drain();
    await producer?.close();
    await consumer?.close();
    await nats?.stop();
    dir?.remove();
  });

  it('mirrors a backlog published while it was down in far fewer transactions than events, and acks every message', async () => {
    const streams = Array.from({ length: 20 }, () => `thing-${newId()}`);
    const sources: StoredEvent[] = [];
    for (let round = 0; round < 3; round++) for (const s of streams) sources.push(...(await produce(producer, s, 5)));
    const relay = new EventRelay({ nc, service: 'mous', store: producer, checkpoints: new InMemoryCheckpointStore(), logger: quiet });
    await relay.start();
    const jsm = await nc.jetstreamManager();
    await until(async () => (await jsm.streams.info(eventStreamName('mous'))).state.messages === sources.length, { what: 'the backlog published' });

    const before = consumer.appendBatches;
    const inbox = await startInbox({
      service: 'partners',
      nc,
      store: consumer,
      sources: [{ service: 'mous', filterSubject: 'events.mous.thing.>' }],
      logger: quiet,
      nakDelayMs: () => 100,
    });
    try {
      const durable = inboxDurableName('partners', 'mous');
      await until(
        async () => {
          const info = await jsm.consumers.info(eventStreamName('mous'), durable);
          return info.num_pending + info.num_ack_pending === 0 && info.delivered.stream_seq === sources.length;
        },
        { what: 'every message acked', timeoutMs: 30_000 },
      );
      for (const s of streams) {
        const copies = await consumer.readStream(inboxStreamId(s));
        expect(copies.map((c) => c.causationId)).toEqual(sources.filter((e) => e.streamId === s).map((e) => e.id));
      }
      expect(consumer.appendBatches - before).toBeLessThan(sources.length / 5);
    } finally {
      await inbox.stop();
      await relay.stop();
    }
  });
});
