import { Logger } from '@nestjs/common';
import type { EventStore, SealStore } from '@pmt/event-store';
import { isCodedError, type StoredEvent } from '@pmt/kernel';
import { declareProducerStream, eventStreamName, startDurableConsumer, type DurableConsumer, type MessagingLogger } from '@pmt/messaging';
import type { NatsConnection } from 'nats';
import { INBOX_UNUSABLE, mirrorIntoInbox } from './inbox-mirror';
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
}

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
