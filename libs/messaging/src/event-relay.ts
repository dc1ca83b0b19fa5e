import { Logger } from '@nestjs/common';
import type { EventStore, Subscription } from '@pmt/event-store';
import type { StoredEvent } from '@pmt/kernel';
import { ErrorCode, headers, type JetStreamClient, type NatsConnection } from 'nats';
import { backoffDelay, sleep } from './backoff';
import type { CheckpointStore } from './checkpoints';
import { encodeJson } from './json';
import { errorText, type MessagingLogger } from './logger';
import { jsApiErrorCode, natsErrorCode } from './nats-errors';
import { DEFAULT_DUPLICATE_WINDOW_MS, ensureEventStream } from './event-streams';
import { eventStreamName, eventSubject } from './subjects';

export interface EventRelayOptions {
  nc: NatsConnection;
  /** Service name: the second token of the subjects and the stream's name (`mous` → `EVENTS_MOUS`). */
  service: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  /** Default `relay:<service>`. */
  checkpointName?: string;
  /** Default `EVENTS_<SERVICE>`. */
  streamName?: string;
  /** JetStream's duplicate window, within which a re-published event id is dropped; default 5 min (at least 2 min). */
  duplicateWindowMs?: number;
  /** Events per store batch; the checkpoint is saved after each batch. Default 1024. */
  batchSize?: number;
  /** Publishes awaiting their PubAck at most; default 256. */
  windowSize?: number;
  /** Store polling when idle; default the store's own. */
  pollIntervalMs?: number;
  /** Wait for one PubAck; default 5000 ms. */
  publishTimeoutMs?: number;
  /** Backoff between attempts at the same event; default 200 ms doubling to 10 s. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  logger?: MessagingLogger;
}

export interface EventRelayStatus {
  running: boolean;
  streamReady: boolean;
  /** Global position of the last event JetStream acknowledged. */
  position: number;
  /** Failed publish attempts in a row (0 when healthy). */
  failures: number;
  lastError?: string;
}

const MIN_DUPLICATE_WINDOW_MS = 2 * 60_000;
/** JetStream's "wrong last msg ID": the expected last message id did not match the stream's. */
const JS_WRONG_LAST_MSG_ID = 10070;

/**
 * Publishes every event of a service's store to JetStream, in global order, from a saved checkpoint.
 * The event id is the message id, so JetStream drops what a restart from an older checkpoint sends
 * again. Events go in a window of publishes awaiting their acks (see publishWindow), each expecting the one
 * before it in the stream; a failed publish stops the window and is retried (with backoff, forever) before
 * anything after it counts, so the stream's order is the store's order even across reconnects, and nothing
 * is skipped.
 */
export class EventRelay {
  readonly streamName: string;
  readonly checkpointName: string;
  private readonly log: MessagingLogger;
  private readonly js: JetStreamClient;
  private readonly duplicateWindowMs: number;
  private subscription?: Subscription;
  private abort = new AbortController();
  private running = false;
  private streamReady = false;
  private published = 0;
  private saved = 0;
  private failures = 0;
  private lastError?: string;
  private starting?: Promise<void>;
  private readonly windowSize: number;

  constructor(private readonly options: EventRelayOptions) {
    this.streamName = options.streamName ?? eventStreamName(options.service);
    this.checkpointName = options.checkpointName ?? `relay:${options.service}`;
    this.duplicateWindowMs = Math.max(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS, MIN_DUPLICATE_WINDOW_MS);
    this.log = options.logger ?? new Logger(`EventRelay:${options.service}`);
    this.js = options.nc.jetstream();
    this.windowSize = Math.max(1, options.windowSize ?? 256);
  }

  /** Global position of the last event JetStream acknowledged. */
  get position(): number {
    return this.published;
  }

  status(): EventRelayStatus {
    return { running: this.running, streamReady: this.streamReady, position: this.published, failures: this.failures, lastError: this.lastError };
  }

  /** Events in the store not yet acknowledged by JetStream. */
  async lag(): Promise<number> {
    return Math.max(0, (await this.options.store.headPosition()) - this.published);
  }

  /**
   * Loads the checkpoint, makes sure the stream exists and starts following the store. When JetStream
   * is not reachable yet, resolves anyway and keeps trying in the background.
   */
  async start(): Promise<void> {
    if (this.running) return;
    const checkpoint = await this.options.checkpoints.load(this.checkpointName);
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.published = this.saved = checkpoint;
    try {
      await this.ensureStream();
    } catch (e) {
      this.log.warn(`stream ${this.streamName} not ready, will retry: ${errorText(e)}`);
    }
    this.starting = this.follow().catch((e) => this.log.error(`relay could not start: ${errorText(e)}`));
    if (this.streamReady) await this.starting;
  }

  private async follow(): Promise<void> {
    // The stream must exist before the first publish, or the first event would wait out a publish timeout.
    for (let attempt = 1; !this.streamReady && this.running; attempt++) {
      await sleep(backoffDelay(attempt, this.options.retryInitialMs ?? 200, this.options.retryMaxMs ?? 10_000), this.abort.signal);
      if (!this.running) return;
      await this.ensureStream().catch((e) => this.log.warn(`stream ${this.streamName} not ready: ${errorText(e)}`));
    }
    if (!this.running) return;
    this.subscription = this.options.store.subscribe((events) => this.relay(events), {
      after: this.published,
      batchSize: this.options.batchSize ?? 1024,
      pollIntervalMs: this.options.pollIntervalMs,
      onError: (e) => this.log.error(`relay batch failed: ${errorText(e)}`),
    });
  }

  /** Sends nothing more, takes the acks of what is in flight; saves the checkpoint of what was acknowledged. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    await this.starting?.catch(() => undefined);
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.saveCheckpoint();
  }

  /** Creates the stream, or widens an existing one's subjects and duplicate window. Idempotent. */
  async ensureStream(): Promise<void> {
    await ensureEventStream(this.options.nc, this.options.service, {
      streamName: this.streamName,
      duplicateWindowMs: this.duplicateWindowMs,
      logger: this.log,
    });
    this.streamReady = true;
  }

  /**
   * Publishes the batch through a window of up to `windowSize` publishes awaiting their PubAcks, and takes the acks
   * in order: the position moves only over a gapless run of acknowledged events. At the first failure the window
   * stops; after the backoff it starts again at the failed event, so nothing after it counts as published before it.
   */
  private async relay(events: StoredEvent[]): Promise<void> {
    let next = events.findIndex((e) => e.globalPosition > this.published);
    let attempt = 0;
    while (next >= 0 && next < events.length && this.running) {
      const { acked, error } = await this.publishWindow(events, next);
      next += acked;
      if (error === undefined) break;
      // attempts at the same event
      attempt = acked > 0 ? 1 : attempt + 1;
      const failed = events[next];
      const subject = eventSubject(this.options.service, failed);
      this.failures++;
      this.lastError = errorText(error);
      // Log the first failure and then sparsely, not once per backoff step of a long outage.
      if (attempt === 1 || attempt % 10 === 0) {
        this.log.warn(`publishing event ${failed.id} (position ${failed.globalPosition}) on ${subject} failed, attempt ${attempt}: ${this.lastError}`);
      }
      // Refused only because the event before it was not stored: it goes first in the next window, which expects nothing.
      if (jsApiErrorCode(error) === JS_WRONG_LAST_MSG_ID) continue;
      await sleep(backoffDelay(attempt, this.options.retryInitialMs ?? 200, this.options.retryMaxMs ?? 10_000), this.abort.signal);
      // No responders: the stream may have been deleted under us.
      if (this.running && natsErrorCode(error) === ErrorCode.NoResponders) {
        await this.ensureStream().catch(() => undefined);
      }
    }
    await this.saveCheckpoint();
  }

  /**
   * Publishes events[from..] with up to `windowSize` acks outstanding. Every event but the window's first carries the
   * id of the event before it as the stream's expected last message id: JetStream stores it only right after that
   * one (or drops it as a duplicate), so an event whose predecessor failed is refused rather than stored out of
   * order. Returns how many were acknowledged in a row from `from`, and the error that stopped the run, if any.
   * Once stopped it sends nothing more but still takes the acks of what is in flight.
   */
  private async publishWindow(events: StoredEvent[], from: number): Promise<{ acked: number; error?: unknown }> {
    const inFlight: Array<Promise<unknown>> = [];
    let sent = from;
    let acked = 0;
    while (from + acked < events.length) {
      // Refilled half a window at a time rather than one per ack: publishes made together leave in one socket write.
      if (inFlight.length * 2 <= this.windowSize) {
        while (this.running && sent < events.length && inFlight.length < this.windowSize) {
          inFlight.push(this.send(events[sent], sent === from ? undefined : events[sent - 1].id));
          sent++;
        }
      }
      const ack = inFlight.shift();
      if (!ack) break;
      const error = await ack;
      if (error !== undefined) return { acked, error };
      this.published = events[from + acked].globalPosition;
      acked++;
      if (this.failures > 0) this.log.log(`publishing again after ${this.failures} failed attempts`);
      this.failures = 0;
      this.lastError = undefined;
    }
    return { acked };
  }

  /** One publish; resolves to undefined once JetStream has the event (stored now or before), else to the error. */
  private send(event: StoredEvent, previousId: string | undefined): Promise<unknown> {
    const h = headers();
    h.set('correlation-id', headerValue(event.correlationId));
    h.set('event-type', headerValue(event.type));
    return this.js
      .publish(eventSubject(this.options.service, event), encodeJson(event), {
        msgID: event.id,
        headers: h,
        timeout: this.options.publishTimeoutMs ?? 5_000,
        expect: previousId === undefined ? { streamName: this.streamName } : { streamName: this.streamName, lastMsgID: previousId },
      })
      .then(
        () => undefined,
        (e: unknown) => e ?? new Error('publish failed'),
      );
  }

  private async saveCheckpoint(): Promise<void> {
    if (this.published === this.saved) return;
    const position = this.published;
    try {
      await this.options.checkpoints.save(this.checkpointName, position);
      this.saved = position;
    } catch (e) {
      // An older checkpoint is safe: the events after it are sent again and dropped as duplicates.
      this.log.warn(`saving checkpoint ${this.checkpointName} at ${position} failed: ${errorText(e)}`);
    }
  }
}

/** Header values cannot hold line breaks; a caller-supplied correlation id might. */
function headerValue(value: string | undefined): string {
  return (value ?? '').replace(/[\r\n]/g, ' ');
}
