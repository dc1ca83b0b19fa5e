import { EventEmitter } from 'node:events';
import type BetterSqlite3 from 'better-sqlite3';
import {
  type AppendRequest,
  type AppendResult,
  type EventQuery,
  type EventStore,
  type QueryEventsOptions,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEventJson,
  type SubscribeOptions,
  type Subscription,
} from '@pmt/event-store';
import { canonicalJson, chainHashOfText, CodedError, GENESIS_HASH, invalid, type StoredEvent } from '@pmt/kernel';
import { openDatabase, type Database } from './database';
import { GroupCommit, type Outcome } from './group-commit';
import { assertAppendRequest, assertExpectedVersion, parseAsOf, pollingSubscription } from '@pmt/event-store';
import { normaliseQuery } from '@pmt/event-store';
import { QUERY_INDEXES, querySql, StatementCache } from './event-query';
import { COMMAND_FINGERPRINT_MIGRATION, EVENT_COLUMNS, SCHEMA } from './schema';

export interface SqliteEventStoreOptions {
  /** Whether close() also closes the database; false when the file is shared with other adapters. Default false. */
  closeDatabase?: boolean;
}

type EventRow = [
  globalPosition: number,
  eventId: string,
  streamId: string,
  streamVersion: number,
  type: string,
  schemaVersion: number,
  occurredAt: string,
  recordedAt: string,
  actor: string,
  correlationId: string,
  causationId: string,
  reason: string | null,
  data: string,
  hash: string,
];
/** An event row as inserted: the global position is the database's to give. */
type InsertParams = EventRow extends [number, ...infer Rest] ? Rest : never;
interface CommandRow {
  stream_id: string;
  version: number;
  position: number;
  fingerprint: string | null;
}

const DEFAULT_READ_ALL_LIMIT = 1000;

/**
 * Wakes subscriptions of every store in this process that uses the same file, so that they need not wait
 * for the next poll. Appends by other processes are found by polling.
 */
const appended = new EventEmitter();
appended.setMaxListeners(0);

function toEvent(row: EventRow): StoredEvent {
  const event: StoredEvent = {
    id: row[1],
    type: row[4],
    schemaVersion: row[5],
    streamId: row[2],
    streamVersion: row[3],
    globalPosition: row[0],
    occurredAt: row[6],
    recordedAt: row[7],
    actor: row[8],
    correlationId: row[9],
    causationId: row[10],
    data: JSON.parse(row[12]),
    hash: row[13],
  };
  if (row[11] !== null) event.reason = row[11];
  return event;
}

function toEventJson(row: EventRow): StoredEventJson {
  const event: StoredEventJson = {
    id: row[1],
    type: row[4],
    schemaVersion: row[5],
    streamId: row[2],
    streamVersion: row[3],
    globalPosition: row[0],
    occurredAt: row[6],
    recordedAt: row[7],
    actor: row[8],
    correlationId: row[9],
    causationId: row[10],
    dataJson: row[12],
    hash: row[13],
  };
  if (row[11] !== null) event.reason = row[11];
  return event;
}

/**
 * EventStore over one SQLite file. Every append (checks, hashes, inserts, command record) is all or nothing;
 * appends made at the same time are committed together (group commit: one transaction, one fsync), each in its
 * own savepoint, so that one that is refused (a version conflict, bad data) leaves the others of its batch alone.
 */
export class SqliteEventStore implements EventStore {
  /** Opens the file and owns it: close() closes the database too. */
  static open(file: string): SqliteEventStore {
    return new SqliteEventStore(openDatabase(file), { closeDatabase: true });
  }

  private readonly lastOfStream: BetterSqlite3.Statement<[string], { stream_version: number; hash: string }>;
  private readonly insertEvent: BetterSqlite3.Statement<InsertParams>;
  private readonly insertCommand: BetterSqlite3.Statement<[string, string, number, number, string | null]>;
  private readonly selectCommand: BetterSqlite3.Statement<[string], CommandRow>;
  private readonly selectStream: BetterSqlite3.Statement<[string, number, number], EventRow>;
  private readonly firstAfterInstant: BetterSqlite3.Statement<[string, number, number, string], number | null>;
  private readonly selectAll: BetterSqlite3.Statement<[number, number], EventRow>;
  private readonly selectHead: BetterSqlite3.Statement<[], number>;
  private readonly appendTransaction: BetterSqlite3.Transaction<(request: AppendRequest, recordedAt: string) => AppendResult>;
  private readonly batchTransaction: BetterSqlite3.Transaction<(requests: AppendRequest[], recordedAt: string) => Outcome<AppendResult>[]>;
  private readonly group: GroupCommit<AppendRequest, AppendResult>;
  private readonly queries: StatementCache<EventRow>;
  private readonly subscriptions = new Set<Subscription>();
  private readonly wakeKey: string;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly options: SqliteEventStoreOptions = {},
  ) {
    db.exec(SCHEMA);
    db.exec(QUERY_INDEXES);
    this.queries = new StatementCache<EventRow>(db);
    addCommandFingerprintColumn(db);
    this.wakeKey = db.name;
    this.lastOfStream = db.prepare('SELECT stream_version, hash FROM es_events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1');
    this.insertEvent = db.prepare(
      `INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, reason, data, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertCommand = db.prepare('INSERT INTO es_commands (command_id, stream_id, version, position, fingerprint) VALUES (?, ?, ?, ?, ?)');
    this.selectCommand = db.prepare('SELECT stream_id, version, position, fingerprint FROM es_commands WHERE command_id = ?');
    this.selectStream = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = ? AND stream_version BETWEEN ? AND ? ORDER BY stream_version`,
      )
      .raw(true);
    this.firstAfterInstant = db
      .prepare<[string, number, number, string], number | null>(
        'SELECT min(stream_version) FROM es_events WHERE stream_id = ? AND stream_version BETWEEN ? AND ? AND julianday(occurred_at) > julianday(?)',
      )
      .pluck(true);
    this.selectAll = db
      .prepare<[number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE global_position > ? ORDER BY global_position LIMIT ?`)
      .raw(true);
    this.selectHead = db.prepare<[], number>('SELECT coalesce(max(global_position), 0) FROM es_events').pluck(true);
    this.appendTransaction = db.transaction((request: AppendRequest, recordedAt: string) => this.appendInTransaction(request, recordedAt));
    // Inside the batch's transaction each append is a savepoint (better-sqlite3 nests transactions that way): a
    // refused one is rolled back alone. Only the store's own refusals (CodedError) are kept per request; anything
    // else (an I/O error, SQLITE_BUSY) fails the whole batch, as the transaction may not be usable any more.
    this.batchTransaction = db.transaction((requests: AppendRequest[], recordedAt: string) =>
      requests.map((request): Outcome<AppendResult> => {
        try {
          return { ok: true, value: this.appendTransaction(request, recordedAt) };
        } catch (error) {
          if (error instanceof CodedError) return { ok: false, error };
          throw error;
        }
      }),
    );
    this.group = new GroupCommit((requests) => this.commitBatch(requests));
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    this.assertOpen();
    assertAppendRequest(request);
    return this.group.submit(request);
  }

  /** Transactions the appends were committed in so far (fewer than the appends when they came together). */
  get appendBatches(): number {
    return this.group.committed;
  }

  private commitBatch(requests: AppendRequest[]): Outcome<AppendResult>[] {
    // IMMEDIATE takes the write lock before any version is read, so no other connection can slip in between.
    // Positions are allocated under that lock too, so they become visible in order: a reader never sees a
    // later position before an earlier one, and a checkpoint by position never skips an event. When the file's
    // own transaction is open (a caller's BEGIN … COMMIT around its appends), the batch is a savepoint of it.
    const outcomes = this.batchTransaction.immediate(requests, new Date().toISOString());
    if (outcomes.some((o) => o.ok && !o.value.duplicate)) appended.emit(this.wakeKey);
    return outcomes;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const from = options.fromVersion ?? 1;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (options.asOf === undefined) return this.selectStream.all(streamId, from, to).map(toEvent);
    // The prefix ends before the first event that occurred after the instant; found by SQLite, so only the prefix is read.
    const firstAfter = this.firstAfterInstant.get(streamId, from, to, new Date(parseAsOf(options.asOf)).toISOString());
    const last = firstAfter === null || firstAfter === undefined ? to : firstAfter - 1;
    return last < from ? [] : this.selectStream.all(streamId, from, last).map(toEvent);
  }

  /** The rows as stored, data as its (canonical) JSON text: what an export writes, with nothing parsed. */
  async readStreamJson(streamId: string, options: Pick<ReadStreamOptions, 'fromVersion' | 'toVersion'> = {}): Promise<StoredEventJson[]> {
    this.assertOpen();
    return this.selectStream.all(streamId, options.fromVersion ?? 1, options.toVersion ?? Number.MAX_SAFE_INTEGER).map(toEventJson);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen();
    return this.lastOfStream.get(streamId)?.stream_version ?? 0;
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.readAllNow(options.after, options.limit ?? DEFAULT_READ_ALL_LIMIT);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.selectHead.get() ?? 0;
  }

  subscribe(handler: (events: StoredEvent[]) => Promise<void> | void, options: SubscribeOptions): Subscription {
    this.assertOpen();
    const inner = pollingSubscription(
      {
        read: (after, limit) => this.readAllNow(after, limit),
        listen: (wake) => {
          appended.on(this.wakeKey, wake);
          return () => appended.off(this.wakeKey, wake);
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

  async queryEvents(query: EventQuery, options: QueryEventsOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const checked = normaliseQuery(query, options);
    const { sql, params } = querySql(checked, options.upTo ?? Number.MAX_SAFE_INTEGER, options.limit);
    return this.queries
      .get(sql)
      .all(...params)
      .map(toEvent);
  }

  async findCommand(commandId: string): Promise<AppendResult | null> {
    this.assertOpen();
    const row = this.selectCommand.get(commandId);
    return row ? commandResult(row) : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // appends already accepted are committed (and answered) before the file closes
    this.group.flush();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    if (this.options.closeDatabase) this.db.close();
  }

  private readAllNow(after: number, limit: number): StoredEvent[] {
    return this.selectAll.all(after, limit).map(toEvent);
  }

  private appendInTransaction(request: AppendRequest, recordedAt: string): AppendResult {
    const { streamId, expectedVersion, events, commandId } = request;
    if (commandId !== undefined) {
      const handled = this.selectCommand.get(commandId);
      if (handled) return commandResult(handled);
    }
    const last = this.lastOfStream.get(streamId);
    const actualVersion = last?.stream_version ?? 0;
    assertExpectedVersion(streamId, expectedVersion, actualVersion);

    let previousHash = last?.hash ?? GENESIS_HASH;
    let position = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const data = serialiseData(e.data, e.id);
      const streamVersion = actualVersion + i + 1;
      // The data is kept as its canonical JSON text, the very text the hash covers, so that a reader can check
      // the chain over the stored text without parsing it; readers get back the data after a JSON round trip.
      const hash = chainHashOfText(
        previousHash,
        {
          id: e.id,
          type: e.type,
          schemaVersion: e.schemaVersion,
          streamId,
          streamVersion,
          occurredAt: e.occurredAt,
          recordedAt,
          actor: e.actor,
          correlationId: e.correlationId,
          causationId: e.causationId,
          reason: e.reason,
        },
        data,
      );
      const inserted = this.insertEvent.run(
        e.id,
        streamId,
        streamVersion,
        e.type,
        e.schemaVersion,
        e.occurredAt,
        recordedAt,
        e.actor,
        e.correlationId,
        e.causationId,
        e.reason ?? null,
        data,
        hash,
      );
      position = Number(inserted.lastInsertRowid);
      previousHash = hash;
    }
    const version = actualVersion + events.length;
    if (commandId !== undefined) this.insertCommand.run(commandId, streamId, version, position, request.commandFingerprint ?? null);
    return { streamId, version, position, duplicate: false };
  }

  private assertOpen(): void {
    if (this.closed) throw new CodedError('EVENT_STORE.CLOSED', 'unavailable', 'the event store has been closed');
  }
}

function commandResult(row: CommandRow): AppendResult {
  const result: AppendResult = { streamId: row.stream_id, version: row.version, position: row.position, duplicate: true };
  if (row.fingerprint !== null) result.commandFingerprint = row.fingerprint;
  return result;
}

/** Guarded, so that opening a file twice (or a file made after the column) changes nothing. */
function addCommandFingerprintColumn(db: Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('es_commands')").all();
  if (!columns.some((c) => c.name === 'fingerprint')) db.exec(COMMAND_FINGERPRINT_MIGRATION);
}

/** The data as JSON (dates as text, undefined left out, as JSON.stringify writes them), in canonical form. */
function serialiseData(data: unknown, eventId: string): string {
  const json = JSON.stringify(data);
  if (json === undefined) throw invalid('EVENT_STORE.INVALID_EVENT', `event ${eventId} has no JSON data`, [{ path: 'data', message: 'must be JSON' }]);
  return canonicalJson(JSON.parse(json));
}
