import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  streamNameFilter,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type Filter,
  type CurrentStreamState,
  type JSONType,
  type ReadPosition,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import {
  type AppendRequest,
  type AppendResult,
  type EventQuery,
  type EventStore,
  type QueryEventsOptions,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
} from '@pmt/event-store';
import { catchUpSubscription } from './catch-up-subscription';
import { chainHash, CodedError, GENESIS_HASH, invalid, type StoredEvent } from '@pmt/kernel';
import { matchesQuery, normaliseQuery, type NormalisedQuery } from '@pmt/event-store';
import { assertAppendRequest as assertAppendShape, assertExpectedVersion, parseAsOf, wrongExpectedVersion } from '@pmt/event-store';

export interface KurrentDbEventStoreOptions {
  /** Whether close() disposes the client; true when the store created it (KurrentDbEventStore.connect). */
  disposeClient?: boolean;
  /**
   * Stream categories (`mou` for `mou-<id>`) this store reads back from $all. Services share one KurrentDB,
   * so each sees only its own aggregates' events in readAll, subscriptions and the relay. Default: all.
   */
  categories?: string[];
}

/** Envelope fields that KurrentDB has no place for, kept in the event's JSON metadata. */
interface EnvelopeMetadata {
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  correlationId: string;
  causationId: string;
  reason?: string;
  hash: string;
  /** KurrentDB's own names, so that its $by_correlation_id projection and UI link events of one command. */
  $correlationId: string;
  $causationId: string;
}

interface CommandRecord {
  streamId: string;
  version: number;
  position: number;
  /** Absent in records written before fingerprints, and for commands without one. */
  fingerprint?: string;
}

/**
 * Bookkeeping streams of this adapter: `command-<command id>` holds one event with the command's first result.
 * They and KurrentDB's `$` streams are not domain events: reads of $all leave them out.
 */
const COMMAND_STREAM_PREFIX = 'command-';
const COMMAND_HANDLED = 'CommandHandled';
const isDomainStream = (streamId: string) => !streamId.startsWith('$') && !streamId.startsWith(COMMAND_STREAM_PREFIX);
/** The same rule, applied by the server so that filtered-out events do not cross the wire (.NET regex). */
const DOMAIN_STREAMS = { regex: `^(?!\\$|${COMMAND_STREAM_PREFIX})` };

const DEFAULT_READ_ALL_LIMIT = 1000;
/** Retries of an 'any' append that lost a race: each retry re-reads the head and re-chains. */
const ANY_APPEND_ATTEMPTS = 10;

/** How often (in the server's windows of filtered events) a quiet subscription hears how far the filter has read. */
const CHECKPOINT_INTERVAL = 1;

/**
 * EventStore over KurrentDB. Our streamVersion is 1-based, KurrentDB's revision 0-based; globalPosition is the
 * event's commit position in $all (distinct per event: every gRPC append is an implicit transaction whose events
 * each carry their own log position).
 */
export class KurrentDbEventStore implements EventStore {
  /** Connects with a connection string (`kurrentdb://host:2113?tls=false`); close() disposes the client. */
  static connect(connectionString: string, options: Omit<KurrentDbEventStoreOptions, 'disposeClient'> = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), { ...options, disposeClient: true });
  }

  private readonly subscriptions = new Set<Subscription>();
  private closed = false;
  private readonly ownStreams: Filter;
  /** The same filter's terms, for subscriptions that add their checkpoint callback to it. */
  private readonly ownStreamTerms: { prefixes: string[] } | { regex: string };
  private readonly isOwnStream: (streamId: string) => boolean;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    const categories = options.categories;
    if (categories?.length) {
      const prefixes = categories.map((c) => `${c}-`);
      this.isOwnStream = (id) => isDomainStream(id) && prefixes.some((p) => id.startsWith(p));
      this.ownStreamTerms = { prefixes };
    } else {
      this.isOwnStream = isDomainStream;
      this.ownStreamTerms = DOMAIN_STREAMS;
    }
    this.ownStreams = streamNameFilter(this.ownStreamTerms as Parameters<typeof streamNameFilter>[0]);
  }

  /**
   * Command ids are recorded in `command-<id>` by a second write after the events: appendToStream writes one
   * stream per transaction. (multiStreamAppend, KurrentDB 25.1+, could write both atomically, but it takes
   * string-valued metadata only and would tie the adapter to 25.1.) So the two writes are not atomic:
   * - a crash or lost connection between them leaves the events without their command record. A retry of the
   *   command is then not recognised as a duplicate: it is decided again against a state that already holds
   *   its first events. If it carries the version the client saw before (If-Match), it fails as a conflict;
   *   if it is re-decided from fresh state, the decider sees its own earlier events and usually refuses, but a
   *   command that is not idempotent by nature (add a note) appends a second time.
   * - two deliveries of one command at the same moment can both pass the duplicate check; the expected-version
   *   check lets only one of them append, unless both were sent with 'any'.
   * SQLite has none of these gaps: there the command record is in the append's transaction.
   */
  async append(request: AppendRequest): Promise<AppendResult> {
    this.assertOpen();
    assertAppendRequest(request);
    const { streamId, expectedVersion, events, commandId } = request;
    if (commandId !== undefined) {
      const handled = await this.findCommand(commandId);
      if (handled) return handled;
    }
    // Serialise up front: a failure here must happen before anything is sent.
    const data = events.map((e) => normalisedData(e.data, e.id));

    for (let attempt = 1; ; attempt++) {
      // The previous hash comes from the stream's last event; the expected revision sent with the append
      // guarantees that it is still the last event when ours are written.
      const head = await this.streamHead(streamId);
      assertExpectedVersion(streamId, expectedVersion, head.version);
      const recordedAt = new Date().toISOString();
      let previousHash = head.hash;
      const proposed = events.map((e, i) => {
        const metadata: EnvelopeMetadata = {
          schemaVersion: e.schemaVersion,
          occurredAt: e.occurredAt,
          recordedAt,
          actor: e.actor,
          correlationId: e.correlationId,
          causationId: e.causationId,
          ...(e.reason === undefined ? {} : { reason: e.reason }),
          hash: chainHash(previousHash, {
            id: e.id,
            type: e.type,
            schemaVersion: e.schemaVersion,
            streamId,
            streamVersion: head.version + i + 1,
            occurredAt: e.occurredAt,
            recordedAt,
            actor: e.actor,
            correlationId: e.correlationId,
            causationId: e.causationId,
            reason: e.reason,
            data: data[i],
          }),
          $correlationId: e.correlationId,
          $causationId: e.causationId,
        };
        previousHash = metadata.hash;
        return jsonEvent({ id: e.id, type: e.type, data: data[i] as JSONType, metadata: metadata as unknown as JSONType });
      });
      const streamState: AppendStreamState = head.version === 0 ? NO_STREAM : BigInt(head.version - 1);
      try {
        await this.client.appendToStream(streamId, proposed, { streamState });
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        if (expectedVersion === 'any' && attempt < ANY_APPEND_ATTEMPTS) continue;
        const actualVersion = versionOf(error.actualState) ?? (await this.streamHead(streamId)).version;
        throw wrongExpectedVersion(streamId, expectedVersion, actualVersion);
      }
      const version = head.version + events.length;
      const result: AppendResult = { streamId, version, position: await this.positionOf(streamId, version), duplicate: false };
      if (commandId !== undefined) await this.recordCommand(commandId, result, request.commandFingerprint);
      return result;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (to < from) return [];
    const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf);
    const events: StoredEvent[] = [];
    try {
      const read = this.client.readStream(streamId, { direction: FORWARDS, fromRevision: BigInt(from - 1), maxCount: to - from + 1 });
      for await (const resolved of read) {
        if (!resolved.event) continue;
        const event = toStoredEvent(resolved.event);
        if (asOf !== undefined && Date.parse(event.occurredAt) > asOf) break;
        events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    return (await this.streamHead(streamId)).version;
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.readAllAfter(options.after, options.limit ?? DEFAULT_READ_ALL_LIMIT);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: this.ownStreams });
    for await (const resolved of read) {
      if (resolved.event && this.isOwnStream(resolved.event.streamId)) return Number(resolved.event.position.commit);
    }
    return 0;
  }

  /** One record of the log's end, whoever wrote it: no server-side filter, so the server never searches back for ours. */
  async ping(): Promise<void> {
    this.assertOpen();
    for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) void _;
  }

  subscribe(handler: (events: StoredEvent[]) => Promise<void> | void, options: SubscribeOptions): Subscription {
    this.assertOpen();
    // A catch-up subscription to $all, filtered on the server: the server pushes new events as they are written,
    // by any writer, so nothing polls; catching up and following are one stream of events.
    const inner = catchUpSubscription<AllStreamResolvedEvent>(
      {
        open: (after, checkpointReached) =>
          this.client.subscribeToAll({
            fromPosition: after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START,
            filter: streamNameFilter({
              ...this.ownStreamTerms,
              checkpointInterval: CHECKPOINT_INTERVAL,
              checkpointReached: (_subscription, position) => checkpointReached(Number(position.commit)),
            } as Parameters<typeof streamNameFilter>[0]),
          }),
        positionOf: (resolved) => (resolved.event ? Number(resolved.event.position.commit) : null),
        toStored: (resolved) => {
          const recorded = resolved.event;
          return recorded && this.isOwnStream(recorded.streamId) && hasEnvelope(recorded) ? toStoredEvent(recorded) : null;
        },
      },
      handler,
      options,
    );
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await inner.stop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Thin: reads backwards (one stream when the query names exactly one, else $all filtered by the categories' prefixes
   * on the server) and filters the rest here, so a narrow query over a long log reads much of it. $all reads backwards
   * start before their position, hence the event at `upTo` itself is read on its own.
   */
  async queryEvents(query: EventQuery, options: QueryEventsOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const q = normaliseQuery(query, options);
    const upTo = options.upTo;
    if (upTo !== undefined && upTo <= 0) return [];
    const found: StoredEvent[] = [];
    const seen = new Set<number>();
    const take = (recorded: AllStreamRecordedEvent | RecordedEvent | undefined): boolean => {
      if (!recorded?.position || !isDomainStream(recorded.streamId) || !hasEnvelope(recorded as AllStreamRecordedEvent)) return false;
      const event = toStoredEvent(recorded);
      if (upTo !== undefined && event.globalPosition > upTo) return false;
      if (seen.has(event.globalPosition) || !matchesQuery(q, event)) return false;
      seen.add(event.globalPosition);
      found.push(event);
      return found.length >= options.limit;
    };
    if (q.streamIds?.length === 1) {
      try {
        for await (const resolved of this.client.readStream(q.streamIds[0], { direction: BACKWARDS, fromRevision: END })) if (take(resolved.event)) break;
      } catch (error) {
        if (!isStreamNotFound(error)) throw error;
      }
      return found;
    }
    if (upTo !== undefined) {
      const at: ReadPosition = { commit: BigInt(upTo), prepare: BigInt(upTo) };
      for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: at, maxCount: 1 })) {
        if (resolved.event && Number(resolved.event.position.commit) === upTo) take(resolved.event);
      }
      if (found.length >= options.limit) return found;
    }
    const fromPosition: ReadPosition = upTo === undefined ? END : { commit: BigInt(upTo), prepare: BigInt(upTo) };
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition, filter: categoryFilter(q) })) if (take(resolved.event)) break;
    return found;
  }

  async findCommand(commandId: string): Promise<AppendResult | null> {
    this.assertOpen();
    try {
      for await (const resolved of this.client.readStream(commandStream(commandId), { direction: FORWARDS, fromRevision: START, maxCount: 1 })) {
        const record = resolved.event?.data as CommandRecord | undefined;
        if (record) {
          const result: AppendResult = { streamId: record.streamId, version: record.version, position: record.position, duplicate: true };
          if (typeof record.fingerprint === 'string') result.commandFingerprint = record.fingerprint;
          return result;
        }
      }
    } catch (error) {
      if (isStreamNotFound(error)) return null;
      throw error;
    }
    return null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    if (this.options.disposeClient) await this.client.dispose();
  }

  /**
   * Domain events after a position (0, or a position this store returned). $all reads include their start,
   * hence the skip of everything at or before the cursor.
   */
  private async readAllAfter(after: number, limit: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    const pageSize = limit + 1;
    let cursor = after;
    // Events dropped here (foreign events without our envelope) could fill a whole page: read on until the
    // batch is full or $all is exhausted, so that a caller never mistakes them for the end.
    for (;;) {
      const fromPosition: ReadPosition = cursor > 0 ? { commit: BigInt(cursor), prepare: BigInt(cursor) } : START;
      let seen = 0;
      for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition, maxCount: pageSize, filter: this.ownStreams })) {
        seen++;
        const recorded = resolved.event;
        if (!recorded) continue;
        const position = Number(recorded.position.commit);
        if (position <= cursor) continue;
        cursor = position;
        if (!this.isOwnStream(recorded.streamId) || !hasEnvelope(recorded)) continue;
        events.push(toStoredEvent(recorded));
        if (events.length === limit) return events;
      }
      if (seen < pageSize) return events;
    }
  }

  private async streamHead(streamId: string): Promise<{ version: number; hash: string }> {
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (resolved.event) return { version: Number(resolved.event.revision) + 1, hash: envelopeOf(resolved.event).hash };
      }
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    return { version: 0, hash: GENESIS_HASH };
  }

  /** The commit position of one event, read back: append results report a transaction position, not each event's. */
  private async positionOf(streamId: string, version: number): Promise<number> {
    for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision: BigInt(version - 1), maxCount: 1 })) {
      if (resolved.event?.position) return Number(resolved.event.position.commit);
    }
    throw new CodedError('EVENT_STORE.NO_POSITION', 'internal', `KurrentDB returned no position for ${streamId} version ${version}`);
  }

  private async recordCommand(commandId: string, result: AppendResult, fingerprint: string | undefined): Promise<void> {
    const record: CommandRecord = {
      streamId: result.streamId,
      version: result.version,
      position: result.position,
      ...(fingerprint !== undefined && { fingerprint }),
    };
    try {
      await this.client.appendToStream(commandStream(commandId), jsonEvent({ type: COMMAND_HANDLED, data: { ...record } }), { streamState: NO_STREAM });
    } catch (error) {
      // Another delivery of the same command recorded its result first; ours was appended too (see append()).
      if (!isWrongExpectedVersion(error)) throw error;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new CodedError('EVENT_STORE.CLOSED', 'unavailable', 'the event store has been closed');
  }
}

const categoryFilter = (q: NormalisedQuery): Filter => streamNameFilter({ prefixes: q.categories.map((c) => `${c}-`) });

const commandStream = (commandId: string) => `${COMMAND_STREAM_PREFIX}${commandId}`;

function hasEnvelope(recorded: AllStreamRecordedEvent): boolean {
  const metadata = recorded.metadata as Partial<EnvelopeMetadata> | undefined;
  return recorded.isJson && !!metadata && typeof metadata === 'object' && typeof metadata.hash === 'string';
}

function envelopeOf(recorded: RecordedEvent): EnvelopeMetadata {
  const metadata = recorded.metadata as Partial<EnvelopeMetadata> | undefined;
  if (!recorded.isJson || !metadata || typeof metadata !== 'object' || typeof metadata.hash !== 'string') {
    throw new CodedError('EVENT_STORE.FOREIGN_EVENT', 'internal', `event ${recorded.id} in ${recorded.streamId} was not written by this event store`);
  }
  return metadata as EnvelopeMetadata;
}

function toStoredEvent(recorded: RecordedEvent): StoredEvent {
  const envelope = envelopeOf(recorded);
  if (!recorded.position)
    throw new CodedError('EVENT_STORE.NO_POSITION', 'internal', `KurrentDB returned no position for event ${recorded.id}; it needs 22.6 or later`);
  const event: StoredEvent = {
    id: recorded.id,
    type: recorded.type,
    schemaVersion: envelope.schemaVersion,
    streamId: recorded.streamId,
    streamVersion: Number(recorded.revision) + 1,
    globalPosition: Number(recorded.position.commit),
    occurredAt: envelope.occurredAt,
    recordedAt: envelope.recordedAt,
    actor: envelope.actor,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    data: recorded.data,
    hash: envelope.hash,
  };
  if (envelope.reason !== undefined) event.reason = envelope.reason;
  return event;
}

/** The data as readers will get it back, so that the hash is computed over exactly that. */
function normalisedData(data: unknown, eventId: string): unknown {
  const json = JSON.stringify(data);
  if (json === undefined) throw invalid('EVENT_STORE.INVALID_EVENT', `event ${eventId} has no JSON data`, [{ path: 'data', message: 'must be JSON' }]);
  return JSON.parse(json);
}

function isWrongExpectedVersion(error: unknown): error is { actualState: CurrentStreamState } {
  return !!error && typeof error === 'object' && (error as { type?: unknown }).type === ErrorType.WRONG_EXPECTED_VERSION;
}

function isStreamNotFound(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND;
}

/** KurrentDB's current state (no stream, or the 0-based revision of the last event) as our 1-based version. */
function versionOf(state: CurrentStreamState | undefined): number | undefined {
  if (typeof state === 'bigint') return state < BigInt(0) ? undefined : Number(state) + 1;
  return state === NO_STREAM ? 0 : undefined;
}

function assertAppendRequest(request: AppendRequest): void {
  if (request.streamId && !isDomainStream(request.streamId)) {
    throw invalid('EVENT_STORE.INVALID_STREAM', `stream id ${request.streamId} is reserved ($… and ${COMMAND_STREAM_PREFIX}… belong to the store)`, [
      { path: 'streamId', message: `must not start with $ or ${COMMAND_STREAM_PREFIX}` },
    ]);
  }
  assertAppendShape(request);
}
