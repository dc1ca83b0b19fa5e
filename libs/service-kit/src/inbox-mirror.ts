import { WRONG_EXPECTED_VERSION, type EventStore } from '@pmt/event-store';
import { CodedError, isCodedError, type PendingEvent, type StoredEvent } from '@pmt/kernel';
import { INBOX_CATEGORY, inboxCommandId, inboxEventId, inboxStreamId, type MirrorScope } from './inbox-streams';

/** A source event arrived before an earlier event of its stream: retried later, once the earlier one is in. */
export const INBOX_GAP = 'INBOX.GAP';
/** A message that can never be mirrored (not a stored event of a stream); dropped with an error log. */
export const INBOX_UNUSABLE = 'INBOX.UNUSABLE';

export type MirrorOutcome = 'appended' | 'present';

/**
 * Appends one integration event to the service's own store, in the mirror stream of its source stream
 * (`inbox-mou-<id>` for `mou-<id>`), at the same version: mirror version n is source version n, so the copy
 * can be checked event by event. The append carries a command id derived from the inbox's service, its category
 * and the source event id, and the expected version `streamVersion - 1`, so a redelivery or a second instance
 * appends nothing, while another service's inbox on the same store mirrors the event for itself.
 *
 * - already there (mirror version >= source version): 'present';
 * - an earlier event of the stream is missing (a redelivery overtook it): throws INBOX.GAP (kind conflict),
 *   so that the broker redelivers this one later;
 * - not a stored event of a stream: throws INBOX.UNUSABLE (kind invalid).
 */
export async function mirrorIntoInbox(store: EventStore, source: StoredEvent, scope: MirrorScope): Promise<MirrorOutcome> {
  assertMirrorable(source);
  const category = scope.category ?? INBOX_CATEGORY;
  const streamId = inboxStreamId(source.streamId, category);
  const present = await store.streamVersion(streamId);
  if (present >= source.streamVersion) return checkedPresent(store, streamId, source);
  if (present < source.streamVersion - 1) {
    throw new CodedError(
      INBOX_GAP,
      'conflict',
      `${streamId} is at version ${present}; event ${source.id} is version ${source.streamVersion} of ${source.streamId}: waiting for the events before it`,
      { streamId, present, version: source.streamVersion },
    );
  }
  try {
    return await appendOnce(store, streamId, source, scope);
  } catch (e) {
    // Another instance appended it between our read and our append.
    if (isCodedError(e) && e.code === WRONG_EXPECTED_VERSION && (await store.streamVersion(streamId)) >= source.streamVersion) return 'present';
    throw e;
  }
}

/**
 * mirrorIntoInbox for many events at once, with the same outcome for each as one by one in order: the events of
 * each source stream that follow its mirror without a gap are appended without waiting for one another, so
 * that the store commits them together (group commit: the SQLite store keeps their order in one transaction,
 * each append still checked against the version before it). Anything else (a redelivery, an event already
 * there, one after a gap) goes through mirrorIntoInbox once the events before it are settled.
 */
export async function mirrorManyIntoInbox(store: EventStore, sources: StoredEvent[], scope: MirrorScope): Promise<PromiseSettledResult<MirrorOutcome>[]> {
  const category = scope.category ?? INBOX_CATEGORY;
  const byStream = new Map<string, number[]>();
  sources.forEach((source, i) => {
    const key = typeof source?.streamId === 'string' ? source.streamId : '';
    byStream.set(key, [...(byStream.get(key) ?? []), i]);
  });
  const results: Promise<MirrorOutcome>[] = new Array(sources.length);
  await Promise.all(
    [...byStream].map(async ([sourceStream, indexes]) => {
      const present = sourceStream ? await store.streamVersion(inboxStreamId(sourceStream, category)) : 0;
      let next = present;
      let previous: Promise<unknown> = Promise.resolve();
      for (const i of [...indexes].sort((a, b) => (sources[a].streamVersion ?? 0) - (sources[b].streamVersion ?? 0))) {
        const source = sources[i];
        const follows = sourceStream !== '' && Number.isSafeInteger(source.streamVersion) && source.streamVersion === next + 1 && isMirrorable(source);
        // each append is started now, in version order, without awaiting the one before: one batch for the store
        const result = follows ? appendMirror(store, source, scope, category) : previous.then(() => mirrorIntoInbox(store, source, scope));
        if (follows) next = source.streamVersion;
        previous = result.catch(() => undefined);
        results[i] = result;
      }
    }),
  );
  return Promise.allSettled(results);
}

/** The mirror of `source` at its own version; a duplicate command id (a redelivery) is 'present'. */
async function appendOnce(store: EventStore, streamId: string, source: StoredEvent, scope: MirrorScope): Promise<MirrorOutcome> {
  const result = await store.append({
    streamId,
    expectedVersion: source.streamVersion - 1,
    commandId: inboxCommandId(scope, source.id),
    events: [mirrorOf(source, inboxEventId(scope, source.id))],
  });
  return result.duplicate ? 'present' : 'appended';
}

async function appendMirror(store: EventStore, source: StoredEvent, scope: MirrorScope, category: string): Promise<MirrorOutcome> {
  try {
    return await appendOnce(store, inboxStreamId(source.streamId, category), source, scope);
  } catch (e) {
    // Another instance appended it meanwhile, or an earlier append of this batch failed: as one by one
    if (isCodedError(e) && e.code === WRONG_EXPECTED_VERSION) return mirrorIntoInbox(store, source, scope);
    throw e;
  }
}

function mirrorOf(source: StoredEvent, id: string): PendingEvent {
  return {
    id,
    type: source.type,
    schemaVersion: source.schemaVersion,
    data: source.data,
    actor: source.actor,
    correlationId: source.correlationId,
    causationId: source.id,
    occurredAt: source.occurredAt,
    ...(source.reason !== undefined && { reason: source.reason }),
  };
}

/** The mirror at that version must be the copy of this very event; anything else means a source rewrote its history. */
async function checkedPresent(store: EventStore, streamId: string, source: StoredEvent): Promise<MirrorOutcome> {
  const [mirror] = await store.readStream(streamId, { fromVersion: source.streamVersion, toVersion: source.streamVersion });
  if (mirror && mirror.causationId !== source.id) {
    throw unusable(`${streamId} version ${source.streamVersion} is a copy of event ${mirror.causationId}, not of ${source.id}`);
  }
  return 'present';
}

function assertMirrorable(e: StoredEvent): void {
  if (!isMirrorable(e)) throw unusable(`message ${String(e.id)} is not a stored event of a stream`);
}

function isMirrorable(e: StoredEvent): boolean {
  return (
    typeof e.id === 'string' &&
    typeof e.type === 'string' &&
    e.type !== '' &&
    typeof e.streamId === 'string' &&
    e.streamId.includes('-') &&
    Number.isSafeInteger(e.streamVersion) &&
    e.streamVersion >= 1 &&
    typeof e.occurredAt === 'string' &&
    typeof e.actor === 'string' &&
    typeof e.correlationId === 'string' &&
    e.data !== undefined
  );
}

const unusable = (message: string) => new CodedError(INBOX_UNUSABLE, 'invalid', message);
