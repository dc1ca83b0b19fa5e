import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type KurrentDBClient,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';

interface Row {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: string;
  metadata: string;
  position: bigint;
  created: Date;
}

/**
 * A stand-in for the parts of KurrentDBClient the adapter uses, following the server's documented behaviour:
 * 0-based revisions, optimistic streamState checks that throw WrongExpectedVersionError, StreamNotFoundError on
 * reading a missing stream, $all reads that include their start position, per-event commit positions with gaps,
 * server-side stream name regex filters, and system events ($-streams) interleaved with ours.
 * It lets the adapter's own logic run in unit tests; the int spec runs the same contract against a real server.
 */
export class InMemoryKurrentDb {
  private readonly log: Row[] = [];
  private readonly streams = new Map<string, Row[]>();
  private nextPosition = BigInt(1000);
  private appends = 0;
  /** Subscriptions waiting for the next write. */
  private waiting: (() => void)[] = [];

  asClient(): KurrentDBClient {
    return this as unknown as KurrentDBClient;
  }

  async appendToStream(streamName: string, events: EventData | EventData[], options: AppendToStreamOptions = {}): Promise<AppendResult> {
    await tick();
    const list = Array.isArray(events) ? events : [events];
    const stream = this.streams.get(streamName);
    const current = stream ? BigInt(stream.length - 1) : NO_STREAM;
    const expected = options.streamState ?? ANY;
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof expected === 'bigint' && expected === current);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    const rows = list.map((e) => ({
      streamId: streamName,
      id: e.id,
      type: e.type,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata ?? {}),
    }));
    const target = stream ?? [];
    const first = this.nextPosition;
    for (const r of rows) {
      const row: Row = { ...r, revision: BigInt(target.length), position: this.nextPosition, created: new Date() };
      this.nextPosition += BigInt(137);
      target.push(row);
      this.log.push(row);
    }
    this.streams.set(streamName, target);
    if (++this.appends % 3 === 0) this.writeSystemEvent();
    for (const wake of this.waiting.splice(0)) wake();
    // Like the server, the position reported belongs to the transaction, not to each event.
    return { success: true, nextExpectedRevision: BigInt(target.length - 1), position: { commit: first, prepare: first } };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterableIterator<{ event: RecordedEvent }> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fake hands itself to generator callbacks
    const self = this;
    return (async function* () {
      await tick();
      const stream = self.streams.get(streamName);
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const backwards = options.direction === BACKWARDS;
      const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const from = options.fromRevision ?? (backwards ? END : START);
      let rows = backwards ? [...stream].reverse() : stream;
      if (typeof from === 'bigint') rows = rows.filter((r) => (backwards ? r.revision <= from : r.revision >= from));
      for (const row of rows.slice(0, maxCount)) yield { event: toRecorded(row) };
    })();
  }

  readAll(options: ReadAllOptions = {}): AsyncIterableIterator<AllStreamResolvedEvent> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fake hands itself to generator callbacks
    const self = this;
    return (async function* () {
      await tick();
      const backwards = options.direction === 'backwards';
      const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const from = options.fromPosition ?? (backwards ? END : START);
      const regex = options.filter && 'regex' in options.filter ? new RegExp(options.filter.regex) : undefined;
      let rows = backwards ? [...self.log].reverse() : self.log;
      if (typeof from === 'object') {
        const at = (from as Position).commit;
        rows = rows.filter((r) => (backwards ? r.position < at : r.position >= at));
      }
      if (regex) rows = rows.filter((r) => regex.test(r.streamId));
      for (const row of rows.slice(0, maxCount))
        yield { event: { ...toRecorded(row), position: { commit: row.position, prepare: row.position } }, commitPosition: row.position };
    })();
  }

  /**
   * A catch-up subscription: the events after `fromPosition` (exclusive, as the server's subscriptions are), then each
   * new one as it is written, filtered by stream name; `readableLength` counts what is written and not yet taken, as
   * the client's buffer would hold it; a quiet subscription hears the filter's position through `checkpointReached`.
   */
  subscribeToAll(options: SubscribeToAllOptions = {}) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fake hands itself to generator callbacks
    const self = this;
    const filter = options.filter as { regex?: string; prefixes?: string[]; checkpointReached?: (s: unknown, p: Position) => unknown } | undefined;
    const regex = filter?.regex !== undefined ? new RegExp(filter.regex) : undefined;
    const matches = (r: Row) => (regex ? regex.test(r.streamId) : filter?.prefixes ? filter.prefixes.some((p) => r.streamId.startsWith(p)) : true);
    const from = options.fromPosition;
    let after = typeof from === 'object' ? (from as Position).commit : BigInt(-1);
    let closed = false;
    const pending = () => self.log.filter((r) => r.position > after && matches(r));
    const subscription = {
      get readableLength() {
        return closed ? 0 : pending().length;
      },
      async unsubscribe() {
        closed = true;
        for (const wake of self.waiting.splice(0)) wake();
      },
      async *[Symbol.asyncIterator]() {
        while (!closed) {
          await tick();
          const next = self.log.find((r) => r.position > after && matches(r));
          if (next) {
            after = next.position;
            yield { event: { ...toRecorded(next), position: { commit: next.position, prepare: next.position } }, commitPosition: next.position };
            continue;
          }
          const last = self.log[self.log.length - 1];
          if (last && last.position > after) {
            after = last.position;
            await filter?.checkpointReached?.(subscription, { commit: last.position, prepare: last.position });
          }
          await new Promise<void>((resolve) => self.waiting.push(resolve));
        }
      },
    };
    return subscription;
  }

  async dispose(): Promise<void> {
    for (const wake of this.waiting.splice(0)) wake();
  }

  private writeSystemEvent(): void {
    const row: Row = {
      streamId: '$stats-127.0.0.1:2113',
      id: randomUUID(),
      type: '$statsCollected',
      revision: BigInt(this.appends),
      data: '{}',
      metadata: '{}',
      position: this.nextPosition,
      created: new Date(),
    };
    this.nextPosition += BigInt(500);
    this.log.push(row);
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function toRecorded(row: Row): RecordedEvent {
  return {
    streamId: row.streamId,
    id: row.id,
    isJson: true,
    revision: row.revision,
    type: row.type,
    created: row.created,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    position: { commit: row.position, prepare: row.position },
  } as RecordedEvent;
}
