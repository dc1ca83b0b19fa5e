import { nanos, StorageType, type JetStreamManager, type NatsConnection } from 'nats';
import { errorText, type MessagingLogger } from './logger';
import { JS_STREAM_NAME_IN_USE, JS_STREAM_NOT_FOUND, jsApiErrorCode } from './nats-errors';
import { eventStreamName, serviceEventSubjects } from './subjects';

/** How long JetStream remembers a message id to drop a re-publish; the relay may ask for longer. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 5 * 60_000;

export interface EventStreamOptions {
  /** Default `EVENTS_<SERVICE>`. */
  streamName?: string;
  duplicateWindowMs?: number;
  /** Told when the stream is created. */
  logger?: MessagingLogger;
}

/**
 * The service's event stream as its relay needs it: created when missing (file storage, `events.<service>.>`),
 * or widened when an existing one lacks the subject or has a shorter duplicate window. Idempotent, and safe
 * when another process creates it at the same time. Returns the stream's name.
 */
export async function ensureEventStream(nc: NatsConnection, service: string, options: EventStreamOptions = {}): Promise<string> {
  const name = options.streamName ?? eventStreamName(service);
  const jsm = await nc.jetstreamManager();
  const subjects = serviceEventSubjects(service);
  const window = nanos(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS);
  try {
    const { config } = await jsm.streams.info(name);
    const missingSubject = !config.subjects.includes(subjects);
    if (missingSubject || config.duplicate_window < window) {
      await jsm.streams.update(name, {
        ...config,
        subjects: missingSubject ? [...config.subjects, subjects] : config.subjects,
        duplicate_window: Math.max(config.duplicate_window, window),
      });
    }
  } catch (e) {
    if (jsApiErrorCode(e) !== JS_STREAM_NOT_FOUND) throw e;
    await addStream(jsm, name, subjects, window, options.logger);
  }
  return name;
}

async function addStream(jsm: JetStreamManager, name: string, subjects: string, window: number, log?: MessagingLogger): Promise<void> {
  try {
    await jsm.streams.add({ name, subjects: [subjects], storage: StorageType.File, duplicate_window: window });
    log?.log(`created stream ${name} on ${subjects}`);
  } catch (e) {
    // Another process created it in between.
    if (jsApiErrorCode(e) !== JS_STREAM_NAME_IN_USE) throw e;
  }
}

/**
 * For consumers of another service's events: declares the producer's stream as its relay would, so the consumer
 * runs at once rather than polling for a stream that a service started later will create. A failure is only
 * logged: the consumer keeps retrying on its own.
 */
export async function declareProducerStream(nc: NatsConnection, service: string, log: MessagingLogger): Promise<void> {
  // A server that asks who we are runs with per-service users and permissions (docs/deploy.md): there only the
  // producer may create its stream, and an attempt would be refused with a permissions violation the connection
  // reports as an error. The consumer waits for the stream instead (it retries on its own).
  if (nc.info?.auth_required) return;
  await ensureEventStream(nc, service).catch((e) =>
    // Under the NATS permissions (docs/deploy.md) only the producer may create its stream: then this is the normal wait.
    (e as { code?: string })?.code === 'PERMISSIONS_VIOLATION'
      ? log.log(`stream ${eventStreamName(service)} is not there yet; waiting for ${service} to create it`)
      : log.warn(`could not declare stream ${eventStreamName(service)} (its relay or a later attempt will): ${errorText(e)}`),
  );
}
