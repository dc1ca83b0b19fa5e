import { Logger } from '@nestjs/common';
import type { EventStore, Subscription } from '@pmt/event-store';
import type { StoredEvent } from '@pmt/kernel';
import { ErrorCode, headers, type JetStreamClient, type NatsConnection } from 'nats';
import { backoffDelay, sleep } from './backoff';
import type { CheckpointStore } from './checkpoints';
import { encodeJson } from './json';
import { errorText, type MessagingLogger } from './logger';
import { natsErrorCode } from './nats-errors';
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
  /** Events per store batch; the checkpoint is saved after each batch. Default 200. */
  batchSize?: number;
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

/**
 * Publishes every event of a service's store to JetStream, in global order, from a saved checkpoint.
 * The event id is the message id, so JetStream drops what a restart from an older checkpoint sends
 * again. Events go one at a time: a failed publish is retried (with backoff, forever) before the next
 * is sent, so the stream's order is the store's order even across reconnects, and nothing is skipped.
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

  constructor(private readonly options: EventRelayOptions) {
    this.streamName = options.streamName ?? eventStreamName(options.service);
    this.checkpointName = options.checkpointName ?? `relay:${options.service}`;
    this.duplicateWindowMs = Math.max(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS, MIN_DUPLICATE_WINDOW_MS);
    this.log = options.logger ?? new Logger(`EventRelay:${options.service}`);
    this.js = options.nc.jetstream();
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
      batchSize: this.options.batchSize ?? 200,
      pollIntervalMs: this.options.pollIntervalMs,
      onError: (e) => this.log.error(`relay batch failed: ${errorText(e)}`),
    });
  }

  /** Stops after the event in flight; saves the checkpoint of what was acknowledged. */
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

  private async relay(events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      if (!this.running) break;
      if (event.globalPosition <= this.published) continue;
      if (!(await this.publish(event))) break;
      this.published = event.globalPosition;
    }
    await this.saveCheckpoint();
  }

  /** True once JetStream has the event (stored now or before); false when stopped first. */
  private async publish(event: StoredEvent): Promise<boolean> {
    const subject = eventSubject(this.options.service, event);
    const h = headers();
    h.set('correlation-id', headerValue(event.correlationId));
    h.set('event-type', headerValue(event.type));
    const data = encodeJson(event);
    for (let attempt = 1; this.running; attempt++) {
      try {
        await this.js.publish(subject, data, {
          msgID: event.id,
          headers: h,
          timeout: this.options.publishTimeoutMs ?? 5_000,
          expect: { streamName: this.streamName },
        });
        if (this.failures > 0) this.log.log(`publishing again after ${this.failures} failed attempts`);
        this.failures = 0;
        this.lastError = undefined;
        return true;
      } catch (e) {
        this.failures++;
        this.lastError = errorText(e);
        // Log the first failure and then sparsely, not once per backoff step of a long outage.
        if (attempt === 1 || attempt % 10 === 0) {
          this.log.warn(`publishing event ${event.id} (position ${event.globalPosition}) on ${subject} failed, attempt ${attempt}: ${this.lastError}`);
        }
        await sleep(backoffDelay(attempt, this.options.retryInitialMs ?? 200, this.options.retryMaxMs ?? 10_000), this.abort.signal);
        // No responders: the stream may have been deleted under us.
        if (this.running && natsErrorCode(e) === ErrorCode.NoResponders) {
          await this.ensureStream().catch(() => undefined);
        }
      }
    }
    return false;
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
