import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendRequest, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from '@pmt/event-store';
import { newId, type StoredEvent } from '@pmt/kernel';
import { freePort, startNatsServer, until, waitForPort, type TestNatsServer } from '@pmt/testing';
import { nanos, StorageType, type JsMsg, type NatsConnection } from 'nats';
import { InMemoryCheckpointStore } from './checkpoints';
import { startDurableConsumer } from './durable-consumer';
import { EventRelay } from './event-relay';
import type { MessagingLogger } from './logger';
import { connectNats } from './nats-connection';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Just enough of the EventStore port for the relay: appends, global reads and a polling subscription. */
class MemoryEventStore implements EventStore {
  readonly events: StoredEvent[] = [];
  readonly subscribedAfter: number[] = [];

  add(count: number, category = 'thing'): StoredEvent[] {
    const added: StoredEvent[] = [];
    for (let i = 0; i < count; i++) {
      const position = this.events.length + 1;
      const event: StoredEvent = {
        id: newId(),
        type: position % 2 ? 'ThingOpened' : 'ThingClosed',
        schemaVersion: 1,
        data: { n: position },
        actor: 'user-1',
        correlationId: `corr-${position}`,
        causationId: `cmd-${position}`,
        occurredAt: new Date().toISOString(),
        streamId: `${category}-${newId()}`,
        streamVersion: 1,
        globalPosition: position,
        recordedAt: new Date().toISOString(),
        hash: '0'.repeat(64),
      };
      this.events.push(event);
      added.push(event);
    }
    return added;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    throw new Error(`not needed here: ${request.streamId}`);
  }
  async readStream(streamId: string, _options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return this.events.filter((e) => e.streamId === streamId);
  }
  async streamVersion(streamId: string): Promise<number> {
    return this.events.filter((e) => e.streamId === streamId).length;
  }
  async readAll({ after, limit = 1000 }: ReadAllOptions): Promise<StoredEvent[]> {
    return this.events.filter((e) => e.globalPosition > after).slice(0, limit);
  }
  async headPosition(): Promise<number> {
    return this.events.length;
  }
  async findCommand(): Promise<AppendResult | null> {
    return null;
  }
  async queryEvents(): Promise<StoredEvent[]> {
    throw new Error('not needed here');
  }
  async close(): Promise<void> {}

  subscribe(handler: (events: StoredEvent[]) => Promise<void> | void, options: SubscribeOptions): Subscription {
    this.subscribedAfter.push(options.after);
    let position = options.after;
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const batch = await this.readAll({ after: position, limit: options.batchSize ?? 500 });
        if (batch.length === 0) {
          await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 20));
          continue;
        }
        try {
          await handler(batch);
          position = batch[batch.length - 1].globalPosition;
        } catch (e) {
          options.onError?.(e);
          await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 20));
        }
      }
    })();
    return {
      async stop() {
        stopped = true;
        await loop;
      },
    };
  }
}

/** Every message of a stream, in stream order. */
async function streamMessages(nc: NatsConnection, stream: string) {
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info(stream);
  const out = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    out.push({ seq, subject: m.subject, headers: m.header, event: m.json<StoredEvent>() });
  }
  return out;
}

async function streamCount(nc: NatsConnection, stream: string): Promise<number> {
  const jsm = await nc.jetstreamManager();
  return (await jsm.streams.info(stream)).state.messages;
}

describe('EventRelay and DurableConsumer on a real nats-server', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  const store = new MemoryEventStore();
  const checkpoints = new InMemoryCheckpointStore();

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connectNats(nats.url, 'test-relay', { logger: quiet });
  });

  afterAll(async () => {
    await nc?.drain();
    await nats?.stop();
  });

  it('creates the stream and publishes each event once, with id, subject and headers', async () => {
    store.add(20);
    const relay = new EventRelay({ nc, service: 'test', store, checkpoints, logger: quiet, batchSize: 7 });
    await relay.start();
    await until(() => relay.position === 20, { timeoutMs: 10_000, what: 'relay at 20' });
    await relay.stop();
    expect(await checkpoints.load('relay:test')).toBe(20);

    const jsm = await nc.jetstreamManager();
    const { config } = await jsm.streams.info('EVENTS_TEST');
    expect(config.subjects).toEqual(['events.test.>']);
    expect(config.storage).toBe(StorageType.File);
    expect(config.duplicate_window).toBeGreaterThanOrEqual(nanos(2 * 60_000));

    const messages = await streamMessages(nc, 'EVENTS_TEST');
    expect(messages.map((m) => m.event)).toEqual(store.events);
    const first = messages[0];
    expect(first.subject).toBe('events.test.thing.ThingOpened');
    expect(messages[1].subject).toBe('events.test.thing.ThingClosed');
    expect(first.headers?.get('Nats-Msg-Id')).toBe(store.events[0].id);
    expect(first.headers?.get('correlation-id')).toBe('corr-1');
    expect(first.headers?.get('event-type')).toBe('ThingOpened');
  });

  it('sends again from an older checkpoint without duplicating, then follows new events', async () => {
    await checkpoints.save('relay:test', 5);
    const relay = new EventRelay({ nc, service: 'test', store, checkpoints, logger: quiet });
    await relay.start();
    await until(() => relay.position === 20, { timeoutMs: 10_000, what: 'relay back at 20' });
    store.add(10, 'other');
    await until(() => relay.position === 30, { timeoutMs: 10_000, what: 'relay at 30' });
    await relay.stop();

    expect(await streamCount(nc, 'EVENTS_TEST')).toBe(30);
    const messages = await streamMessages(nc, 'EVENTS_TEST');
    expect(messages.map((m) => m.event.globalPosition)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(messages[29].subject).toMatch(/^events\.test\.other\.Thing(Opened|Closed)$/);
  });

  it('delivers each event to a durable consumer and redelivers after a handler failure', async () => {
    const seen: Array<{ id: string; delivery: number }> = [];
    const failing = store.events[3].id;
    const consumer = await startDurableConsumer({
      nc,
      stream: 'EVENTS_TEST',
      durable: 'test-reader',
      filterSubjects: 'events.test.>',
      ackWaitMs: 5_000,
      nakDelayMs: () => 100,
      logger: quiet,
      handler: async (event: StoredEvent, msg: JsMsg) => {
        seen.push({ id: event.id, delivery: msg.info.deliveryCount });
        if (event.id === failing && msg.info.deliveryCount === 1) throw new Error('downstream not ready');
      },
    });
    await until(() => seen.length === store.events.length + 1, { timeoutMs: 10_000, what: 'every event and the one redelivery' });
    await consumer.stop();

    const handled = new Set(seen.map((s) => s.id));
    expect(handled).toEqual(new Set(store.events.map((e) => e.id)));
    expect(seen.filter((s) => s.id === failing).map((s) => s.delivery)).toEqual([1, 2]);

    // Acks were kept: a restarted durable gets only what is new.
    const later: string[] = [];
    const added = store.add(2);
    const relay = new EventRelay({ nc, service: 'test', store, checkpoints, logger: quiet });
    await relay.start();
    const again = await startDurableConsumer({
      nc,
      stream: 'EVENTS_TEST',
      durable: 'test-reader',
      filterSubjects: 'events.test.>',
      logger: quiet,
      handler: async (event) => void later.push(event.id),
    });
    await until(() => later.length === 2, { timeoutMs: 10_000, what: 'the two new events' });
    await new Promise((r) => setTimeout(r, 200));
    await again.stop();
    await relay.stop();
    expect(later).toEqual(added.map((e) => e.id));
  });

  describe('a batch consumer lingering for more messages', () => {
    // its own events, on streams of their own (EVENTS_LINGER, EVENTS_FULL)
    const store = new MemoryEventStore();

    /** Adds `count` events and has them published to `EVENTS_<SERVICE>` in rounds of `round`, `gapMs` apart. */
    const publish = async (service: string, count: number, round = count, gapMs = 0) => {
      const checkpoints = new InMemoryCheckpointStore();
      await checkpoints.save(`relay:${service}`, store.events.length);
      const relay = new EventRelay({ nc, service, store, checkpoints, logger: quiet });
      await relay.start();
      try {
        for (let sent = 0; sent < count; sent += round) {
          if (sent > 0) await new Promise((r) => setTimeout(r, gapMs));
          store.add(Math.min(round, count - sent));
          await until(() => relay.position === store.events.length, { timeoutMs: 10_000, what: 'the relay published them' });
        }
      } finally {
        await relay.stop();
      }
    };

    /** A batch consumer of the service's stream that records the size of each batch it is handed. */
    const batchConsumer = (service: string, durable: string, lingerMs: number, deliverPolicy: 'all' | 'new' = 'all') => {
      const batches: number[] = [];
      const started = startDurableConsumer({
        nc,
        stream: `EVENTS_${service.toUpperCase()}`,
        durable,
        filterSubjects: `events.${service}.>`,
        deliverPolicy,
        maxMessages: 50,
        lingerMs,
        logger: quiet,
        handler: async () => undefined,
        batchHandler: async (events) => {
          batches.push(events.length);
          return events.map(() => ({ status: 'fulfilled', value: undefined }));
        },
      });
      const handled = () => batches.reduce((a, b) => a + b, 0);
      return { batches, handled, started };
    };

    it('hands messages that arrive within the linger to the handler as one batch; without it, each goes alone', async () => {
      // the stream first, so that both consumers start on it at once
      await publish('linger', 1);
      const lingering = batchConsumer('linger', 'lingering', 2_000, 'new');
      const eager = batchConsumer('linger', 'eager', 0, 'new');
      const consumers = await Promise.all([lingering.started, eager.started]);
      // 5 events 50 ms apart: well inside a 2 s linger, well apart for a consumer that does not wait
      await publish('linger', 5, 1, 50);
      await until(() => lingering.handled() === 5 && eager.handled() === 5, { timeoutMs: 10_000, what: 'both consumers through the 5 events' });
      await Promise.all(consumers.map((c) => c.stop()));
      expect(lingering.batches).toEqual([5]);
      expect(eager.batches.length).toBeGreaterThanOrEqual(4);
    });

    it('does not wait out the linger once a batch is full, and stop() ends the wait after handling what is pulled', async () => {
      await publish('full', 1);
      const consumer = batchConsumer('full', 'full', 20_000, 'new');
      const running = await consumer.started;
      const sent = Date.now();
      // 50 events at once fill a batch of 50: handled without waiting out the 20 s linger
      await publish('full', 50);
      await until(() => consumer.handled() === 50, { timeoutMs: 10_000, what: 'the full batch handled' });
      expect(consumer.batches).toEqual([50]);
      expect(Date.now() - sent).toBeLessThan(10_000);

      // one more waits for company; stop() hands it over at once
      await publish('full', 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(consumer.handled()).toBe(50);
      const stopping = Date.now();
      await running.stop();
      expect(Date.now() - stopping).toBeLessThan(5_000);
      expect(consumer.batches).toEqual([50, 1]);
    });
  });
});

describe('EventRelay with a window of publishes in flight', () => {
  it('refused in the middle of a window: stays before the refused event, then publishes it and the rest in order, each once', async () => {
    const nats = await startNatsServer();
    const nc = await connectNats(nats.url, 'test-relay-window', { logger: quiet });
    const store = new MemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const relay = new EventRelay({ nc, service: 'window', store, checkpoints, logger: quiet, retryInitialMs: 20, retryMaxMs: 50 });
    try {
      // JetStream refuses the 11th event alone (too large for the stream); the 19 after it would fit.
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'EVENTS_WINDOW', subjects: ['events.window.>'], storage: StorageType.File, max_msg_size: 2048 });
      store.add(30);
      store.events[10].data = { n: 11, text: 'x'.repeat(4096) };
      await relay.start();
      // two failures: the whole first window was answered before the retry was sent
      await until(() => relay.status().failures >= 2, { timeoutMs: 10_000, what: 'the refused event retried' });
      expect(relay.position).toBe(10);
      expect((await streamMessages(nc, 'EVENTS_WINDOW')).map((m) => m.event.globalPosition)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));

      const { config } = await jsm.streams.info('EVENTS_WINDOW');
      await jsm.streams.update('EVENTS_WINDOW', { ...config, max_msg_size: -1 });
      await until(() => relay.position === 30, { timeoutMs: 10_000, what: 'all 30 once the stream takes the 11th' });
      await relay.stop();
      expect(await checkpoints.load('relay:window')).toBe(30);
      const messages = await streamMessages(nc, 'EVENTS_WINDOW');
      expect(messages.map((m) => m.event.globalPosition)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(messages.map((m) => m.event.id)).toEqual(store.events.map((e) => e.id));
    } finally {
      await relay.stop();
      await nc.close();
      await nats.stop();
    }
  }, 30_000);
});

/** A nats-server that can be killed and started again on the same port and store. */
async function restartableNats() {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'pmt-nats-restart-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
    await waitForPort(port);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `nats://127.0.0.1:${port}`, start, kill, remove: () => rmSync(storeDir, { recursive: true, force: true }) };
}

describe('EventRelay across a NATS restart', () => {
  it('retries and never skips nor duplicates', async () => {
    const server = await restartableNats();
    const nc = await connectNats(server.url, 'test-relay-restart', { logger: quiet, reconnectTimeWait: 100, reconnectJitter: 0 });
    const store = new MemoryEventStore();
    const relay = new EventRelay({
      nc,
      service: 'flaky',
      store,
      checkpoints: new InMemoryCheckpointStore(),
      logger: quiet,
      publishTimeoutMs: 500,
      retryInitialMs: 50,
      retryMaxMs: 300,
    });
    try {
      store.add(10);
      await relay.start();
      await until(() => relay.position === 10, { timeoutMs: 10_000, what: 'first 10' });

      await server.kill();
      store.add(15);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(relay.position).toBe(10);
      expect(relay.status().failures).toBeGreaterThan(0);

      await server.start();
      await until(() => relay.position === 25, { timeoutMs: 20_000, what: 'all 25 after the restart' });
      const messages = await streamMessages(nc, 'EVENTS_FLAKY');
      expect(messages.map((m) => m.event.globalPosition)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(relay.status()).toMatchObject({ failures: 0, position: 25 });
    } finally {
      await relay.stop();
      await nc.close();
      await server.kill();
      server.remove();
    }
  }, 60_000);
});
