import { Logger } from '@nestjs/common';
import type { EventStore, SealStore } from '@pmt/event-store';
import { isCodedError, type StoredEvent } from '@pmt/kernel';
import { declareProducerStream, eventStreamName, startDurableConsumer, type DurableConsumer, type MessagingLogger } from '@pmt/messaging';
import type { NatsConnection } from 'nats';
import { INBOX_UNUSABLE, mirrorIntoInbox, mirrorManyIntoInbox } from './inbox-mirror';
import { inboxStreamId } from './inbox-streams';

export interface WorkflowConsumerOptions {
  nc: NatsConnection;
  /** The producing service: its stream is `EVENTS_<SERVICE>`. */
  source: string;
  /** e.g. `events.mous.mou.>`; one subject. */
  filterSubject: string;
  /** `<service>-workflow-<name>`; instances of one service share it. */
  durable: string;
  /**
   * With `store`, `service` (the consuming one) and `category`, each event is first mirrored into the service's own store (stream
   * `<category>-<source stream>`, see mirrorIntoInbox), so that its projections know the source's facts.
   */
  mirror?: { store: EventStore; service: string; category: string; sources?: Pick<SealStore, 'recordMirrorSource'> };
  /** The reaction, run after the mirror has the event, on every delivery (make it idempotent). */
  react?: (event: StoredEvent) => Promise<void>;
  logger?: MessagingLogger;
  /** Wait before a failed event comes again, by delivery count; default the consumer's (1 s doubling to 60 s). */
  nakDelayMs?: (deliveryCount: number) => number;
  /** Messages pulled ahead and mirrored together (one transaction for the batch); default 512. */
  batchSize?: number;
  /** How long a batch that is not full waits for more messages; default 0 (see DurableConsumerOptions.lingerMs). */
  lingerMs?: number;
}

/**
 * Under the consumer's 1,000 unacknowledged messages (the server's default), so that the next batch is pulled while
 * this one is written; at 256 a source left alone at the end of a catch-up went on in rounds of 256, each paying the
 * inbox's, the seal store's and the projections' commits (bench part 6a).
 */
const BATCH_SIZE = 512;

/**
 * How long the events and notifications workflows let a batch wait for company. Their reactions (plan a kickoff, tell
 * people) can wait 20 ms; in exchange, at a few hundred MOU commands a second their mirror writes, fsyncs and wake-ups
 * are shared by several events: 0.8 ms less CPU per MOU create across the two (docs/performance.md). Partners' inbox
 * does not wait: the partnership view it feeds is read right after a command.
 */
export const WORKFLOW_LINGER_MS = 20;

/**
 * A durable consumer for an inbox (mirror only) or a workflow (mirror, then react): from the first event of the
 * stream on (a new or restarted service catches up on what it missed), explicit ack once both are done. A failure
 * naks the event, which comes again later; an earlier event of its stream missing from the mirror (INBOX.GAP) does
 * the same. A message that is no stored event is dropped with an error log.
 */
export async function startWorkflowConsumer(options: WorkflowConsumerOptions): Promise<DurableConsumer> {
  const log = options.logger ?? new Logger(options.durable);
  await declareProducerStream(options.nc, options.source, log);
  return startDurableConsumer({
    nc: options.nc,
    stream: eventStreamName(options.source),
    durable: options.durable,
    filterSubjects: options.filterSubject,
    deliverPolicy: 'all',
    nakDelayMs: options.nakDelayMs,
    logger: log,
    maxMessages: options.batchSize ?? BATCH_SIZE,
    lingerMs: options.lingerMs,
    // Under a backlog (a catch-up) every event pulled so far is mirrored at once, in one transaction, then reacted
    // to one by one in order; each message is acked once its batch is committed and its reaction done.
    batchHandler: async (events) => {
      const mirrored = options.mirror ? await mirrorBatch(options.mirror, events, options.durable, log) : events.map(() => ok);
      const results: PromiseSettledResult<unknown>[] = [];
      for (let i = 0; i < events.length; i++) {
        const m = mirrored[i];
        if (m.status === 'rejected' || m.value === 'dropped' || !options.react) {
          results.push(m);
          continue;
        }
        try {
          results.push({ status: 'fulfilled', value: await options.react(events[i]) });
        } catch (reason) {
          results.push({ status: 'rejected', reason });
        }
      }
      return results;
    },
    handler: async (event) => {
      if (options.mirror) {
        try {
          await mirrorIntoInbox(options.mirror.store, event, { service: options.mirror.service, category: options.mirror.category });
          await keepMirrorSource(options.mirror, event);
        } catch (e) {
          if (!isCodedError(e) || e.code !== INBOX_UNUSABLE) throw e;
          log.error(`${options.durable}: dropping ${event.type} ${event.id}: ${e.message}`);
          return;
        }
      }
      await options.react?.(event);
    },
  });
}

const ok: PromiseFulfilledResult<'skipped'> = { status: 'fulfilled', value: 'skipped' };

/** Mirrors a batch, then keeps the source facts of each mirrored event; an unusable message is dropped (acked) with an error log. */
async function mirrorBatch(
  mirror: NonNullable<WorkflowConsumerOptions['mirror']>,
  events: StoredEvent[],
  durable: string,
  log: MessagingLogger,
): Promise<PromiseSettledResult<string>[]> {
  const outcomes = await mirrorManyIntoInbox(mirror.store, events, { service: mirror.service, category: mirror.category });
  return Promise.all(
    outcomes.map(async (o, i): Promise<PromiseSettledResult<string>> => {
      if (o.status === 'rejected') {
        if (!isCodedError(o.reason) || o.reason.code !== INBOX_UNUSABLE) return o;
        log.error(`${durable}: dropping ${events[i].type} ${events[i].id}: ${o.reason.message}`);
        return { status: 'fulfilled', value: 'dropped' };
      }
      try {
        await keepMirrorSource(mirror, events[i]);
        return o;
      } catch (reason) {
        return { status: 'rejected', reason };
      }
    }),
  );
}

/**
 * Keeps the source's hash (and the recordedAt and causationId the copy lacks) beside the mirror, so that verify
 * recomputes the source's chain from the copy (docs/history-and-audit.md, "Mirrors"). After the mirror append,
 * so a crash between the two leaves the message unacked: its redelivery records it.
 */
export async function keepMirrorSource(mirror: NonNullable<WorkflowConsumerOptions['mirror']>, event: StoredEvent): Promise<void> {
  if (!mirror.sources || typeof event.hash !== 'string' || typeof event.recordedAt !== 'string' || typeof event.causationId !== 'string') return;
  await mirror.sources.recordMirrorSource(inboxStreamId(event.streamId, mirror.category), event.streamVersion, {
    hash: event.hash,
    recordedAt: event.recordedAt,
    causationId: event.causationId,
  });
}
