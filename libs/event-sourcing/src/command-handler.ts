import { CodedError, newId, parseStreamId, streamIdOf, type Clock, type DomainEvent, type PendingEvent } from '@pmt/kernel';
import { WRONG_EXPECTED_VERSION, type EventStore } from '@pmt/event-store';
import { foldEvents, foldFrom, type AggregateDefinition } from './aggregate';
import { stateCacheOf, type CachedState, type StateCache } from './state-cache';

export interface CommandMeta {
  commandId: string;
  /** What the command said, from the client's request; the same id with another fingerprint is refused (422). */
  commandFingerprint?: string;
  actor: string;
  correlationId: string;
  /** The version the client last saw (If-Match); a different current version is refused as stale. */
  expectedVersion?: number;
  reason?: string;
  /**
   * ISO instant the command was handled; becomes occurredAt of its events unless `occurredAt` says otherwise.
   * It is the first attempt's: a retry after a conflict reads `clock` again. Either way an event never occurs
   * before the stream's last event, so that business time never runs backwards within a stream.
   */
  now: string;
  /** Read again for each retry after a version conflict; without it a retry keeps `now` (still never before the last event). */
  clock?: Clock;
  /** Backdated business time (admin backfill): not after `now`, not before the stream's last event. */
  occurredAt?: string;
  /** The event that caused this command, for reactions; defaults to the command id. */
  causationId?: string;
}

export interface CommandOptions<S> {
  /**
   * True when the person the command is made for may not see the aggregate (a confidential record of another team):
   * the command is then decided as if the stream did not exist, so it answers exactly as an unknown id would.
   */
  hidden?: (state: S) => boolean;
}

export interface HandledCommand<S> {
  id: string;
  version: number;
  /** Global position of the last event written by this command (or by its first run, when duplicate). */
  position: number;
  duplicate: boolean;
  /** The decider's state after the command; for a duplicate, as of the version it produced. Not the API resource. */
  state: S;
}

const MAX_ATTEMPTS = 5;

/**
 * Load → decide → append with the expected version. Without a client version a conflict is retried
 * against fresh state (the decision is remade, so invariants still hold); with one it is a 412.
 * A command id seen before appends nothing and answers as it did the first time.
 */
export async function handleCommand<C, E extends DomainEvent, S, R>(
  store: EventStore,
  def: AggregateDefinition<C, E, S, R>,
  id: string,
  /** The command, or how to build it at an instant (its `now`): rebuilt for each attempt, as business time moves on. */
  command: C | ((now: string) => C),
  meta: CommandMeta,
  options: CommandOptions<S> = {},
): Promise<HandledCommand<S>> {
  const streamId = streamIdOf(def.category, id);
  const seen = await store.findCommand(meta.commandId);
  if (seen) {
    assertSameRequest(seen.commandFingerprint, meta.commandFingerprint);
    return replayed(store, def, id, seen.streamId, seen.version, seen.position);
  }

  const cache = stateCacheOf(store);
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadState(store, def, streamId, cache);
    const { version: current, state, lastOccurredAt: last } = options.hidden?.(loaded.state) ? absent(def) : loaded;
    if (meta.expectedVersion !== undefined && meta.expectedVersion !== current) throw stale(def.category, meta.expectedVersion, current);
    const now = notBefore(attempt === 1 || !meta.clock ? meta.now : meta.clock.now().toISOString(), last);
    if (meta.occurredAt !== undefined) checkOccurredAt(def.category, meta.occurredAt, now, last);
    const decided = def.decider.decide(typeof command === 'function' ? (command as (now: string) => C)(meta.occurredAt ?? now) : command, state);
    if (decided.length === 0) return { id, version: current, position: 0, duplicate: false, state };
    if (current === 0 && loaded.version > 0) throw new CodedError(`${def.category.toUpperCase()}.NOT_FOUND`, 'not-found', `no ${def.category} with id ${id}`);
    try {
      const result = await store.append({
        streamId,
        expectedVersion: current,
        commandId: meta.commandId,
        ...(meta.commandFingerprint !== undefined && { commandFingerprint: meta.commandFingerprint }),
        events: decided.map((e, i) => pending(def, e, { ...meta, now }, i)),
      });
      if (result.duplicate) {
        assertSameRequest(result.commandFingerprint, meta.commandFingerprint);
        return replayed(store, def, id, result.streamId, result.version, result.position);
      }
      const next = decided.reduce(def.decider.evolve, state);
      cache.set(def, streamId, { version: result.version, state: next, lastOccurredAt: meta.occurredAt ?? now });
      return { id, version: result.version, position: result.position, duplicate: false, state: next };
    } catch (error) {
      const conflict = error instanceof CodedError && error.code === WRONG_EXPECTED_VERSION;
      if (!conflict) throw error;
      if (meta.expectedVersion !== undefined) throw stale(def.category, meta.expectedVersion, await store.streamVersion(streamId));
      if (attempt >= MAX_ATTEMPTS) throw new CodedError('CONCURRENCY.BUSY', 'conflict', `the ${def.category} kept changing while this command ran; try again`);
    }
  }
}

/** What a stream that was never written looks like to the decider. */
function absent<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>): CachedState<S> {
  return { version: 0, state: def.decider.initialState(), lastOccurredAt: undefined };
}

/**
 * The decider's state at the stream's head: from the cache, folding only the events stored after the cached
 * version (by any process), else the whole stream. An entry is used only when the store's head confirms it: the
 * events read after it must start right after its version, or, when there are none, the stream's version must be
 * its version; anything else drops it and folds the stream from the start.
 */
async function loadState<C, E extends DomainEvent, S, R>(
  store: EventStore,
  def: AggregateDefinition<C, E, S, R>,
  streamId: string,
  cache: StateCache,
): Promise<CachedState<S>> {
  const cached = cache.get<S>(def, streamId);
  if (cached) {
    const newer = await store.readStream(streamId, { fromVersion: cached.version + 1 });
    if (newer.length === 0 && (await store.streamVersion(streamId)) === cached.version) return cached;
    if (newer.length > 0 && newer[0].streamVersion === cached.version + 1) {
      const last = newer[newer.length - 1];
      const caught: CachedState<S> = { version: last.streamVersion, state: foldFrom(def, cached.state, newer), lastOccurredAt: last.occurredAt };
      cache.set(def, streamId, caught);
      return caught;
    }
    cache.delete(streamId);
  }
  const history = await store.readStream(streamId);
  const loaded: CachedState<S> = { version: history.length, state: foldEvents(def, history), lastOccurredAt: history.at(-1)?.occurredAt };
  if (history.length > 0) cache.set(def, streamId, loaded);
  return loaded;
}

function pending<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>, e: E, meta: CommandMeta, index: number): PendingEvent {
  return {
    id: newId(),
    type: e.type,
    schemaVersion: def.schemaVersionOf?.(e.type) ?? 1,
    data: e.data,
    actor: meta.actor,
    correlationId: meta.correlationId,
    // the first event is caused by the command (or the event it reacts to); later ones too, numbered for traceability
    causationId: index === 0 ? (meta.causationId ?? meta.commandId) : `${meta.causationId ?? meta.commandId}#${index}`,
    occurredAt: meta.occurredAt ?? meta.now,
    reason: meta.reason,
  };
}

async function replayed<C, E extends DomainEvent, S, R>(
  store: EventStore,
  def: AggregateDefinition<C, E, S, R>,
  id: string,
  streamId: string,
  version: number,
  position: number,
): Promise<HandledCommand<S>> {
  const events = await store.readStream(streamId, { toVersion: version });
  const firstId = parseStreamId(streamId)?.id || id;
  return { id: firstId, version, position, duplicate: true, state: foldEvents(def, events) };
}

/**
 * The later of the clock's instant and the stream's last occurredAt. Clocks of two writers (or one clock read
 * before a conflict) can disagree; the stream's order is the one that counts, so that `asOf` cuts a prefix.
 */
function notBefore(now: string, last: string | undefined): string {
  if (last === undefined) return now;
  return Date.parse(last) > Date.parse(now) ? new Date(Date.parse(last)).toISOString() : now;
}

/** History read `asOf` an instant must be a prefix of the stream, so business time never runs backwards in one stream. */
function checkOccurredAt(category: string, occurredAt: string, now: string, last: string | undefined): void {
  if (occurredAt > now) {
    throw new CodedError('COMMAND.OCCURRED_IN_FUTURE', 'invalid', `occurredAt ${occurredAt} is in the future`, undefined, [
      { path: 'Occurred-At', message: 'must not be in the future' },
    ]);
  }
  if (last !== undefined && occurredAt < last) {
    throw new CodedError(
      'COMMAND.OCCURRED_BEFORE_LAST',
      'conflict',
      `the ${category}'s last change occurred at ${last}; a later change cannot be dated ${occurredAt}`,
    );
  }
}

/**
 * A command id seen before answers as it did then, but only for the same request: a client that reuses its
 * Idempotency-Key with another body would otherwise get the first answer and lose its change without a word.
 * Either fingerprint missing (records from before fingerprints, system commands) means nothing to compare.
 */
function assertSameRequest(recorded: string | undefined, now: string | undefined): void {
  if (recorded === undefined || now === undefined || recorded === now) return;
  throw new CodedError(
    'IDEMPOTENCY.KEY_REUSED',
    'unprocessable',
    'this Idempotency-Key was used before for a different request (method, path, body or Occurred-At); use a new key for a new request',
    undefined,
    [{ path: 'Idempotency-Key', message: 'was used before for a different request' }],
  );
}

function stale(category: string, expected: number, actual: number): CodedError {
  return new CodedError(
    'CONCURRENCY.STALE_VERSION',
    'precondition',
    `the ${category} is at version ${actual}, but If-Match named version ${expected}; reload it and try again`,
    { expectedVersion: expected, actualVersion: actual },
  );
}
