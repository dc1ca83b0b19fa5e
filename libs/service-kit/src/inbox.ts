import { Logger } from '@nestjs/common';
import type { EventStore, SealStore } from '@pmt/event-store';
import { connectNats, serviceEventSubjects, type DurableConsumer, type MessagingLogger } from '@pmt/messaging';
import type { NatsConnection } from 'nats';
import { INBOX_CATEGORY, inboxDurableName } from './inbox-streams';
import type { ServiceRuntime } from './runtime';
import { startWorkflowConsumer } from './workflow-consumer';

export * from './inbox-mirror';

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
  /** Where the source hashes of the mirrors are kept (the service's seal store); unset, none are kept. */
  mirrorSources?: Pick<SealStore, 'recordMirrorSource'>;
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
  // Started together, not one after the other: the first one's catch-up keeps the event loop busy, and the
  // others' set-up round trips to the server then waited behind it for seconds (bench part 6a).
  const starts = await Promise.allSettled(
    options.sources.map((source) =>
      startWorkflowConsumer({
        nc: options.nc,
        source: source.service,
        filterSubject: source.filterSubject ?? serviceEventSubjects(source.service),
        durable: inboxDurableName(options.service, source.service),
        mirror: { store: options.store, service: options.service, category, sources: options.mirrorSources },
        nakDelayMs: options.nakDelayMs,
        logger: log,
      }),
    ),
  );
  const consumers: DurableConsumer[] = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(consumers.map((c) => c.stop()));
    throw failed.reason;
  }
  return {
    durables: consumers.map((c) => c.durable),
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}

/**
 * `background` for startService/runService: connects to NATS on its own and starts the inbox on the
 * service's store; returns the stop function.
 */
export function inboxBackground(sources: InboxSource[], options: { category?: string } = {}) {
  return async (runtime: ServiceRuntime): Promise<() => Promise<void>> => {
    const service = runtime.config.service;
    const nc = await connectNats(runtime.config.natsUrl, `${service}-inbox`);
    const inbox = await startInbox({
      service,
      nc,
      store: runtime.stores.events,
      sources,
      category: options.category,
      mirrorSources: runtime.stores.seals?.store,
    });
    return async () => {
      await inbox.stop();
      await nc.drain().catch(() => undefined);
    };
  };
}
