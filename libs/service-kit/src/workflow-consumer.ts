import { Logger } from '@nestjs/common';
import type { EventStore } from '@pmt/event-store';
import { isCodedError, type StoredEvent } from '@pmt/kernel';
import { declareProducerStream, eventStreamName, startDurableConsumer, type DurableConsumer, type MessagingLogger } from '@pmt/messaging';
import type { NatsConnection } from 'nats';
import { INBOX_UNUSABLE, mirrorIntoInbox } from './inbox-mirror';

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
  mirror?: { store: EventStore; service: string; category: string };
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
