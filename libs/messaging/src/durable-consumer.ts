import { Logger } from '@nestjs/common';
import type { StoredEvent } from '@pmt/kernel';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type ConsumerMessages, type JetStreamClient, type JsMsg, type NatsConnection } from 'nats';
import { backoffDelay, sleep } from './backoff';
import { errorStack, errorText, type MessagingLogger } from './logger';
import { JS_CONSUMER_NOT_FOUND, JS_STREAM_NOT_FOUND, jsApiErrorCode } from './nats-errors';

export type EventHandler = (event: StoredEvent, msg: JsMsg) => Promise<void>;
/**
 * Handles the events pulled so far together (their writes can then share one transaction); answers one settled
 * result per event, in the same order: each message is acked or nakked on its own, once the whole batch is done.
 */
export type BatchHandler = (events: StoredEvent[]) => Promise<PromiseSettledResult<unknown>[]>;

export interface DurableConsumerOptions {
  /** A connection, or a JetStream client made from one. */
  nc?: NatsConnection;
  js?: JetStreamClient;
  /** The producer's stream, e.g. `EVENTS_MOUS`. */
  stream: string;
  /** Durable name, shared by the instances of one consuming service (they split the work). */
  durable: string;
  /** `events.mous.mou.MouSigned`, `events.mous.>`... Several subjects need nats-server 2.10+. */
  filterSubjects: string | string[];
  handler: EventHandler;
  /** Instead of `handler` one at a time: every message already pulled, up to `maxMessages`, handed over at once. */
  batchHandler?: BatchHandler;
  /** Redelivery when not acked in time; the handler's message is kept alive while it runs. Default 30 s. */
  ackWaitMs?: number;
  /** Deliveries before JetStream gives up on a message; default -1 (never). */
  maxDeliver?: number;
  /** Wait before redelivery after the handler failed, by delivery count; default 1 s doubling to 60 s. */
  nakDelayMs?: (deliveryCount: number) => number;
  /** Messages pulled ahead of the handler; default 20. */
  maxMessages?: number;
  /**
   * Batch mode only: how long a batch that is not full waits for more messages before it is handled; default 0
   * (at once). Every batch pays fixed costs (its transactions and fsyncs, the wake-ups, the ack), so a consumer
   * whose reactions can wait a few milliseconds spends less CPU per message at moderate rates.
   */
  lingerMs?: number;
  /** Where a new durable starts: every stored event (default) or only new ones. */
  deliverPolicy?: 'all' | 'new';
  logger?: MessagingLogger;
}

export interface DurableConsumer {
  readonly durable: string;
  /** Stops pulling, lets the handler finish what was pulled already (and acks it), then resolves. */
  stop(): Promise<void>;
}

const defaultNakDelay = (deliveryCount: number) => backoffDelay(deliveryCount, 1_000, 60_000);

/** At most one confirmed ack a second per consumer (see ackBatch). */
const CONFIRM_EVERY_MS = 1000;

/**
 * A pull consumer on a durable: explicit ack after the handler resolves, nak with a delay when it
 * throws. Messages are handled one at a time per instance; a failed one is retried later while the
 * following ones go on, so handlers must not rely on order across events, and must make a redelivery
 * harmless (a command id derived from the event id: the event store answers a known command as the first time). Keeps trying when the stream does not exist yet.
 */
export async function startDurableConsumer(options: DurableConsumerOptions): Promise<DurableConsumer> {
  const js = options.js ?? options.nc?.jetstream();
  if (!js) throw new Error('startDurableConsumer needs nc or js');
  const log = options.logger ?? new Logger(`DurableConsumer:${options.durable}`);
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const maxDeliver = options.maxDeliver ?? -1;
  const nakDelay = options.nakDelayMs ?? defaultNakDelay;
  const abort = new AbortController();
  let stopping = false;
  let messages: ConsumerMessages | undefined;
  let firstAttempt: (() => void) | undefined;
  const started = new Promise<void>((resolve) => (firstAttempt = resolve));

  const parse = (msg: JsMsg): StoredEvent | null => {
    try {
      const event = msg.json<StoredEvent>();
      if (!event || typeof event.id !== 'string') throw new Error('no event id');
      return event;
    } catch (e) {
      // Never handleable: terminate rather than have it redelivered forever.
      log.error(`dropping message ${msg.seq} on ${msg.subject}: not a stored event (${errorText(e)})`);
      msg.term('not a stored event');
      return null;
    }
  };

  const failed = (msg: JsMsg, event: StoredEvent, e: unknown): void => {
    const count = msg.info.deliveryCount;
    const last = maxDeliver > 0 && count >= maxDeliver;
    log.error(`handling ${event.type} ${event.id} failed (delivery ${count}${last ? ', the last one: giving up' : ''}): ${errorText(e)}`, errorStack(e));
    if (last) msg.term(`handler failed ${count} times`);
    else msg.nak(nakDelay(count));
  };

  const acked = async (msg: JsMsg, event: StoredEvent): Promise<void> => {
    try {
      await msg.ackAck();
    } catch (e) {
      // The effect happened; a redelivery finds the command already recorded and changes nothing.
      log.warn(`ack of ${event.id} not confirmed: ${errorText(e)}`);
    }
  };

  const handleBatch = async (msgs: JsMsg[], batchHandler: BatchHandler): Promise<void> => {
    const pairs = msgs.flatMap((msg) => {
      const event = parse(msg);
      return event ? [{ msg, event }] : [];
    });
    if (pairs.length === 0) return;
    const keepAlive = setInterval(() => pairs.forEach((p) => p.msg.working()), Math.max(1_000, Math.floor(ackWaitMs / 2)));
    let results: PromiseSettledResult<unknown>[];
    try {
      results = await batchHandler(pairs.map((p) => p.event));
    } catch (e) {
      results = pairs.map(() => ({ status: 'rejected', reason: e }));
    } finally {
      clearInterval(keepAlive);
    }
    // acked only now: every write of the batch is committed
    const done = pairs.filter(({ msg, event }, i) => {
      const r = results[i];
      if (r?.status === 'fulfilled') return true;
      failed(msg, event, r ? r.reason : new Error('the batch handler gave no result for this event'));
      return false;
    });
    ackBatch(done);
  };

  /** Confirmations of batch acks still awaited: the loop does not wait for them, stop() does. */
  const confirming = new Set<Promise<void>>();

  /**
   * Acks a batch with plain acks, the last one confirmed when no confirmation was asked for in the past second.
   * A confirmed ack is a request with its own reply, timer and error object: one per message took about 4 % of
   * partners' CPU in a part 6a profile, and one per batch still 7 % of the events service's at 40 creates/s, when
   * every batch is a single message. The plain acks go out on the connection in order; an ack lost anyway only
   * brings a redelivery, which changes nothing (a confirmation is only logged, so one a second says enough).
   */
  let lastConfirmed = Number.NEGATIVE_INFINITY;
  const ackBatch = (done: Array<{ msg: JsMsg; event: StoredEvent }>): void => {
    const last = done.pop();
    if (!last) return;
    for (const { msg } of done) msg.ack();
    const now = performance.now();
    if (now - lastConfirmed < CONFIRM_EVERY_MS) return last.msg.ack();
    lastConfirmed = now;
    const confirmed = acked(last.msg, last.event).finally(() => confirming.delete(confirmed));
    confirming.add(confirmed);
  };

  const handle = async (msg: JsMsg): Promise<void> => {
    const event = parse(msg);
    if (!event) return;
    // Long handlers tell the server they are still at it, instead of racing ackWait.
    const keepAlive = setInterval(() => msg.working(), Math.max(1_000, Math.floor(ackWaitMs / 2)));
    try {
      await options.handler(event, msg);
    } catch (e) {
      failed(msg, event, e);
      return;
    } finally {
      clearInterval(keepAlive);
    }
    await acked(msg, event);
  };

  /**
   * Batch mode: one loop takes messages off the iterator into a queue (at most `maxMessages`, so the pull-ahead
   * stays bounded), another hands whatever has queued up to the batch handler. Under a backlog the batches fill
   * up while the previous one is written; when idle each message goes on its own, at once, or with what came within
   * `lingerMs` of it.
   */
  const consumeInBatches = async (iterator: ConsumerMessages, batchHandler: BatchHandler, max: number, lingerMs: number): Promise<void> => {
    const queue: JsMsg[] = [];
    let ended = false;
    let wake: (() => void) | undefined;
    let room: (() => void) | undefined;
    const signal = () => {
      wake?.();
      wake = undefined;
    };
    const pump = (async () => {
      try {
        for await (const msg of iterator) {
          queue.push(msg);
          signal();
          if (queue.length >= max) await new Promise<void>((r) => (room = r));
        }
      } finally {
        ended = true;
        signal();
      }
    })();
    for (;;) {
      if (queue.length === 0) {
        if (ended) break;
        await new Promise<void>((r) => (wake = r));
        // Woken by the first message of a read, the rest of which reaches the queue only in the microtasks after
        // it: waiting one turn of the loop makes them one batch, where the first went alone before (bench part 6a).
        await new Promise<void>((r) => setImmediate(r));
        if (lingerMs > 0 && queue.length < max && !ended)
          await linger(
            lingerMs,
            () => queue.length >= max || ended,
            (w) => (wake = w),
          );
        continue;
      }
      const batch = queue.splice(0, max);
      room?.();
      room = undefined;
      await handleBatch(batch, batchHandler);
    }
    await pump;
    await Promise.all(confirming);
  };

  const run = async (): Promise<void> => {
    for (let attempt = 1; !stopping;) {
      try {
        await ensureConsumer(js, options, ackWaitMs, maxDeliver, log);
        const consumer = await js.consumers.get(options.stream, options.durable);
        messages = await consumer.consume({ max_messages: options.maxMessages ?? 20 });
        if (stopping) await messages.close();
        attempt = 1;
        firstAttempt?.();
        if (options.batchHandler) await consumeInBatches(messages, options.batchHandler, options.maxMessages ?? 20, options.lingerMs ?? 0);
        else for await (const msg of messages) await handle(msg);
        if (stopping) return;
        throw new Error('the message iterator ended');
      } catch (e) {
        if (stopping || options.nc?.isClosed()) return;
        const message = jsApiErrorCode(e) === JS_STREAM_NOT_FOUND ? `stream ${options.stream} does not exist yet` : errorText(e);
        if (attempt === 1 || attempt % 10 === 0) log.warn(`consumer ${options.durable} not running, will retry: ${message}`);
        firstAttempt?.();
        await sleep(backoffDelay(attempt++, 500, 15_000), abort.signal);
      }
    }
  };

  const running = run();
  await started;
  return {
    durable: options.durable,
    async stop() {
      stopping = true;
      abort.abort();
      await messages?.close();
      await running;
    },
  };
}

async function ensureConsumer(
  js: JetStreamClient,
  options: DurableConsumerOptions,
  ackWaitMs: number,
  maxDeliver: number,
  log: MessagingLogger,
): Promise<void> {
  const jsm = await js.jetstreamManager();
  const subjects = Array.isArray(options.filterSubjects) ? options.filterSubjects : [options.filterSubjects];
  const filter: Partial<ConsumerConfig> = subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects };
  const settings: Partial<ConsumerConfig> = { ack_wait: nanos(ackWaitMs), max_deliver: maxDeliver, ...filter };
  const existing = await jsm.consumers.info(options.stream, options.durable).catch((e: unknown) => {
    if (jsApiErrorCode(e) === JS_CONSUMER_NOT_FOUND) return null;
    throw e;
  });
  if (!existing) {
    await jsm.consumers.add(options.stream, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: options.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      ...settings,
    });
    return;
  }
  const c = existing.config;
  const sameFilter = subjects.length === 1 ? c.filter_subject === subjects[0] : sameSet(c.filter_subjects ?? [], subjects);
  if (c.ack_wait !== settings.ack_wait || c.max_deliver !== maxDeliver || !sameFilter) {
    await jsm.consumers
      .update(options.stream, options.durable, settings)
      .catch((e: unknown) => log.warn(`could not update consumer ${options.durable}, running with its old settings: ${errorText(e)}`));
  }
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/**
 * Waits `ms`, or less when `done` holds after a wake-up (`listen` is given the wake function each time). On the
 * monotonic clock, as ackBatch: a wall clock set back would stretch the wait by as much.
 */
async function linger(ms: number, done: () => boolean, listen: (wake: () => void) => void): Promise<void> {
  const until = performance.now() + ms;
  while (!done() && performance.now() < until) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, until - performance.now());
      listen(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
