import type { PendingEvent, StoredEvent } from '@pmt/kernel';
import type { EventQuery, QueryEventsOptions } from './event-query';

/**
 * The stream's version before this append: a number (0 means the stream must not exist yet),
 * 'no-stream' (same as 0) or 'any' (no check).
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

export interface AppendRequest {
  streamId: string;
  expectedVersion: ExpectedVersion;
  /**
   * All events of one command; appended in one transaction or not at all. At least one: an empty list is
   * refused with EVENT_STORE.EMPTY_APPEND (kind 'invalid').
   */
  events: PendingEvent[];
  /**
   * The command's id. When the store has already handled it, nothing is appended and the
   * first result comes back with `duplicate: true`. Command ids are global (not per stream), and the
   * duplicate check comes before the expected-version check, so a retry with a stale version still gets
   * the first result. A refused append records nothing, so a retry can succeed.
   */
  commandId?: string;
  /**
   * What the command said (e.g. a hash of an HTTP request's method, path and body), recorded with the command
   * id and handed back with its result, so that a caller can tell a retry from another request under the same
   * id. Optional: commands without one (the system's own) record none.
   */
  commandFingerprint?: string;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append (its number of events). */
  version: number;
  /** Global position of the last event appended by this command. */
  position: number;
  /** True when the command id had been handled before and nothing new was written. */
  duplicate: boolean;
  /** For a duplicate: the fingerprint recorded by the command's first append, when it had one. */
  commandFingerprint?: string;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive, default 1). */
  fromVersion?: number;
  /** Last version to return (inclusive). */
  toVersion?: number;
  /** Only the prefix of events whose occurredAt is at or before this instant (ISO-8601). */
  asOf?: string;
}

/** An event with its data left as the JSON text the store keeps (not parsed), for readers that only pass it on. */
export type StoredEventJson = Omit<StoredEvent, 'data'> & { dataJson: string };

export interface ReadAllOptions {
  /** Return events with a global position strictly greater than this (0 = from the start, else a position this store returned). */
  after: number;
  /** Batch size; default 1000. */
  limit?: number;
}

export interface Subscription {
  /** Resolves once the subscription has stopped and no handler call is running (so never await it inside the handler). */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Start after this global position (the checkpoint). */
  after: number;
  /** Batch size handed to the handler; default 500. */
  batchSize?: number;
  /** How often to look for new events when idle, in ms; default 200 (appends in-process wake it at once). */
  pollIntervalMs?: number;
  /** Called when the handler throws; the subscription retries the same batch after pollIntervalMs. */
  onError?: (error: unknown) => void;
}

/**
 * Port every event store adapter implements. Stream ids are `<aggregate>-<id>`.
 * Conflicts throw a CodedError with code EVENT_STORE.WRONG_EXPECTED_VERSION and kind 'conflict',
 * details { streamId, expectedVersion, actualVersion }.
 */
export interface EventStore {
  append(request: AppendRequest): Promise<AppendResult>;
  /** Events of one stream in version order; [] for an unknown stream. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * Optional: readStream without parsing each event's data (exports write the stored text as it is). Callers
   * fall back to readStream and JSON.stringify when a store has no such read (readStreamJson in @pmt/event-store).
   */
  readStreamJson?(streamId: string, options?: Pick<ReadStreamOptions, 'fromVersion' | 'toVersion'>): Promise<StoredEventJson[]>;
  /** The current version of a stream, 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /** Events of every stream in global order, one batch. */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** The highest global position written so far (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * Resolves when the store answers, at a cost that does not grow with the log (health checks run it every few
   * seconds; `headPosition` of a store that filters a shared log may read far back to find its own last event).
   */
  ping?(): Promise<void>;
  /**
   * Catch-up subscription: hands batches after `after` to the handler in global order, then keeps
   * following new appends. The handler is awaited before the next batch; the caller keeps its own checkpoint.
   */
  subscribe(handler: (events: StoredEvent[]) => Promise<void> | void, options: SubscribeOptions): Subscription;
  /**
   * Events matching the query across streams, newest first (descending global position), at most `limit`.
   * For audit questions ("what did this person change"); the stores keep indexes so that it stays fast.
   */
  queryEvents(query: EventQuery, options: QueryEventsOptions): Promise<StoredEvent[]>;
  /** The result recorded for a handled command id, with `duplicate: true` as a repeated append returns it; or null. */
  findCommand(commandId: string): Promise<AppendResult | null>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
export const WRONG_EXPECTED_VERSION = 'EVENT_STORE.WRONG_EXPECTED_VERSION';

/** A stream's events with their data as JSON text: the store's own raw read when it has one, else parsed and written again. */
export async function readStreamJson(
  store: EventStore,
  streamId: string,
  options: Pick<ReadStreamOptions, 'fromVersion' | 'toVersion'> = {},
): Promise<StoredEventJson[]> {
  if (store.readStreamJson) return store.readStreamJson(streamId, options);
  return (await store.readStream(streamId, options)).map(({ data, ...rest }) => ({ ...rest, dataJson: JSON.stringify(data) ?? 'null' }));
}
