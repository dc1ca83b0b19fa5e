import { Logger } from '@nestjs/common';
import { WRONG_EXPECTED_VERSION, type EventStore } from '@pmt/event-store';
import { CodedError, isCodedError, type PendingEvent, type StoredEvent } from '@pmt/kernel';
import {
  connectNats,
  eventStreamName,
  serviceEventSubjects,
  startDurableConsumer,
  type DurableConsumer,
  type MessagingLogger,
} from '@pmt/messaging';
import { nanos, StorageType, type NatsConnection } from 'nats';
import { INBOX_CATEGORY, inboxCommandId, inboxDurableName, inboxEventId, inboxStreamId } from './inbox-streams';
import type { ServiceRuntime } from './runtime';

/** A source event arrived before an earlier event of its stream: retried later, once the earlier one is in. */
export const INBOX_GAP = 'INBOX.GAP';
/** A message that can never be mirrored (not a stored event of a stream); dropped with an error log. */
export const INBOX_UNUSABLE = 'INBOX.UNUSABLE';

export type MirrorOutcome = 'appended' | 'present';

/**
 * Appends one integration event to the service's own store, in the mirror stream of its source stream
 * (`inbox-mou-<id>` for `mou-<id>`), at the same version: mirror version n is source version n, so the copy
 * can be checked event by event. The append carries a command id derived from the source event id and the
 * expected version `streamVersion - 1`, so a redelivery or a second instance appends nothing.
 *
 * - already there (mirror version >= source version): 'present';
 * - an earlier event of the stream is missing (a redelivery overtook it): throws INBOX.GAP (kind conflict),
 *   so that the broker redelivers this one later;
 * - not a stored event of a stream: throws INBOX.UNUSABLE (kind invalid).
 */
export async function mirrorIntoInbox(store: EventStore, source: StoredEvent, category = INBOX_CATEGORY): Promise<MirrorOutcome> {
  assertMirrorable(source);
  const streamId = inboxStreamId(source.streamId, category);
  const present = await store.streamVersion(streamId);
  if (present >= source.streamVersion) return checkedPresent(store, streamId, source);
  if (present < source.streamVersion - 1) {
    throw new CodedError(
      INBOX_GAP,
      'conflict',
      `${streamId} is at version ${present}; event ${source.id} is version ${source.streamVersion} of ${source.streamId}: waiting for the events before it`,
      { streamId, present, version: source.streamVersion },
    );
  }
  try {
    const result = await store.append({
      streamId,
      expectedVersion: source.streamVersion - 1,
      commandId: inboxCommandId(source.id),
      events: [mirrorOf(source)],
    });
    return result.duplicate ? 'present' : 'appended';
  } catch (e) {
    // Another instance appended it between our read and our append.
    if (isCodedError(e) && e.code === WRONG_EXPECTED_VERSION && (await store.streamVersion(streamId)) >= source.streamVersion) return 'present';
    throw e;
  }
}

function mirrorOf(source: StoredEvent): PendingEvent {
  return {
    id: inboxEventId(source.id),
    type: source.type,
    schemaVersion: source.schemaVersion,
    data: source.data,
    actor: source.actor,
    correlationId: source.correlationId,
    causationId: source.id,
    occurredAt: source.occurredAt,
    ...(source.reason !== undefined && { reason: source.reason }),
  };
}

/** The mirror at that version must be the copy of this very event; anything else means a source rewrote its history. */
async function checkedPresent(store: EventStore, streamId: string, source: StoredEvent): Promise<MirrorOutcome> {
  const [mirror] = await store.readStream(streamId, { fromVersion: source.streamVersion, toVersion: source.streamVersion });
  if (mirror && mirror.causationId !== source.id) {
    throw unusable(`${streamId} version ${source.streamVersion} is a copy of event ${mirror.causationId}, not of ${source.id}`);
  }
  return 'present';
}

function assertMirrorable(e: StoredEvent): void {
  const ok =
    typeof e.id === 'string' &&
    typeof e.type === 'string' &&
    e.type !== '' &&
    typeof e.streamId === 'string' &&
    e.streamId.includes('-') &&
    Number.isSafeInteger(e.streamVersion) &&
    e.streamVersion >= 1 &&
    typeof e.occurredAt === 'string' &&
    typeof e.actor === 'string' &&
    typeof e.correlationId === 'string' &&
    e.data !== undefined;
  if (!ok) throw unusable(`message ${String(e.id)} is not a stored event of a stream`);
}

const unusable = (message: string) => new CodedError(INBOX_UNUSABLE, 'invalid', message);

export interface InboxSource {
  /** The producing service: its JetStream stream is `EVENTS_<SERVICE>`. */
  service: string;
  /** Subjects taken from it, e.g. `events.mous.mou.>`; default every event of the service. One subject (nats-server 2.9). */
  filterSubject?: string;
}

export interface InboxOptions {
  /** The consuming service, for the durable names `<service>-inbox-<source>`. */
  service: string;
  nc: NatsConnection;
  /** The consuming service's own event store. */
  store: EventStore;
  sources: InboxSource[];
  /** Stream category of the mirrors; default `inbox`. */
  category?: string;
  logger?: MessagingLogger;
  /** Wait before a failed (or gapped) message comes again, by delivery count; default the consumer's (1 s doubling to 60 s). */
  nakDelayMs?: (deliveryCount: number) => number;
}

export interface Inbox {
  readonly durables: string[];
  stop(): Promise<void>;
}

/**
 * Starts one durable JetStream consumer per source (every stored event, explicit ack) that mirrors each
 * event into the service's store. Idempotent and order-safe per stream (see mirrorIntoInbox); the service's
 * projections then read the mirrors like their own events, in their own global order.
 */
export async function startInbox(options: InboxOptions): Promise<Inbox> {
  const log = options.logger ?? new Logger(`${options.service}:inbox`);
  const category = options.category ?? INBOX_CATEGORY;
  const consumers: DurableConsumer[] = [];
  try {
    for (const source of options.sources) {
      await declareSourceStream(options.nc, source.service, log);
      consumers.push(
        await startDurableConsumer({
          nc: options.nc,
          stream: eventStreamName(source.service),
          durable: inboxDurableName(options.service, source.service),
          filterSubjects: source.filterSubject ?? serviceEventSubjects(source.service),
          deliverPolicy: 'all',
          nakDelayMs: options.nakDelayMs,
          logger: log,
          handler: async (event) => {
            try {
              await mirrorIntoInbox(options.store, event, category);
            } catch (e) {
              if (!isCodedError(e) || e.code !== INBOX_UNUSABLE) throw e;
              // Acked and dropped: redelivering it could never succeed.
              log.error(`inbox ${source.service}: dropping ${event.type} ${event.id}: ${e.message}`);
            }
          },
        }),
      );
    }
  } catch (e) {
    await Promise.all(consumers.map((c) => c.stop()));
    throw e;
  }
  return {
    durables: consumers.map((c) => c.durable),
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}

/**
 * Creates the producer's stream when it does not exist yet, with the settings its relay would give it, so the
 * consumer runs at once rather than polling for a stream that a service started later will create. The relay
 * then finds it in place. Failures are left to the consumer, which keeps retrying on its own.
 */
async function declareSourceStream(nc: NatsConnection, service: string, log: MessagingLogger): Promise<void> {
  const name = eventStreamName(service);
  try {
    const jsm = await nc.jetstreamManager();
    const exists = await jsm.streams.info(name).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await jsm.streams.add({ name, subjects: [serviceEventSubjects(service)], storage: StorageType.File, duplicate_window: nanos(5 * 60_000) });
    }
  } catch (e) {
    log.warn(`could not declare stream ${name} (its relay or a later attempt will): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * `background` for startService/runService: connects to NATS on its own and starts the inbox on the
 * service's store; returns the stop function.
 */
export function inboxBackground(sources: InboxSource[], options: { category?: string } = {}) {
  return async (runtime: ServiceRuntime): Promise<() => Promise<void>> => {
    const service = runtime.config.service;
    const nc = await connectNats(runtime.config.natsUrl, `${service}-inbox`);
    const inbox = await startInbox({ service, nc, store: runtime.stores.events, sources, category: options.category });
    return async () => {
      await inbox.stop();
      await nc.drain().catch(() => undefined);
    };
  };
}
