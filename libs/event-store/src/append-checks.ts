import { CodedError, conflict, ILL_FORMED_TEXT_MESSAGE, illFormedTextPaths, invalid, toWellFormedText } from '@pmt/kernel';
import { WRONG_EXPECTED_VERSION, type AppendRequest, type ExpectedVersion } from './event-store.port';

/** Checks every adapter makes before it writes: the request's shape, independent of the store. */
export function assertAppendRequest(request: AppendRequest): void {
  if (!request.streamId) throw invalid('EVENT_STORE.INVALID_STREAM', 'a stream id is required', [{ path: 'streamId', message: 'required' }]);
  if (request.events.length === 0) {
    throw invalid('EVENT_STORE.EMPTY_APPEND', `nothing to append to ${request.streamId}: a command appends at least one event`, [
      { path: 'events', message: 'must not be empty' },
    ]);
  }
  const v = request.expectedVersion;
  if (v !== 'any' && v !== 'no-stream' && !(Number.isSafeInteger(v) && v >= 0)) {
    throw invalid('EVENT_STORE.INVALID_EXPECTED_VERSION', `expected version ${String(v)} is not a version`, [
      { path: 'expectedVersion', message: "must be a non-negative integer, 'no-stream' or 'any'" },
    ]);
  }
  assertWellFormedText(request);
}

/**
 * Every text the append stores (ids, type, metadata, data strings and keys) must be well-formed Unicode: a lone
 * surrogate is hashed as given but stored as U+FFFD, and verify would then report a tampering that never happened.
 * Refused, not repaired, so that the store keeps exactly what it hashed whoever calls it.
 */
function assertWellFormedText(request: AppendRequest): void {
  const paths = illFormedTextPaths({ streamId: request.streamId, ...(request.commandId !== undefined && { commandId: request.commandId }) });
  request.events.forEach((e, i) => {
    const metadata = {
      id: e.id,
      type: e.type,
      actor: e.actor,
      correlationId: e.correlationId,
      causationId: e.causationId,
      occurredAt: e.occurredAt,
      reason: e.reason,
    };
    paths.push(...illFormedTextPaths(metadata, ['events', i]), ...illFormedTextPaths(e.data, ['events', i, 'data']));
  });
  if (paths.length === 0) return;
  throw invalid(
    'EVENT_STORE.INVALID_EVENT',
    `the append to ${toWellFormedText(request.streamId)} holds text that is not well-formed Unicode: ${paths.join(', ')}`,
    paths.map((path) => ({ path, message: ILL_FORMED_TEXT_MESSAGE })),
  );
}

export function assertExpectedVersion(streamId: string, expectedVersion: ExpectedVersion, actualVersion: number): void {
  if (expectedVersion === 'any') return;
  const expected = expectedVersion === 'no-stream' ? 0 : expectedVersion;
  if (expected !== actualVersion) throw wrongExpectedVersion(streamId, expectedVersion, actualVersion);
}

/** The conflict every adapter throws, with the details callers rely on: streamId, expectedVersion, actualVersion. */
export function wrongExpectedVersion(streamId: string, expectedVersion: ExpectedVersion, actualVersion: number): CodedError {
  const expected = expectedVersion === 'no-stream' ? 0 : expectedVersion;
  const now = actualVersion === 0 ? 'does not exist' : `is at version ${actualVersion}`;
  const wanted = expected === 0 ? 'expected it not to exist' : expected === 'any' ? 'lost every retry' : `expected version ${expected}`;
  return conflict(WRONG_EXPECTED_VERSION, `stream ${streamId} ${now} but the append ${wanted}`, { streamId, expectedVersion, actualVersion });
}

/** `asOf` as epoch ms; a value that is not an instant is the caller's error. */
export function parseAsOf(instant: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms))
    throw invalid('EVENT_STORE.INVALID_AS_OF', `asOf ${instant} is not an ISO-8601 instant`, [{ path: 'asOf', message: 'must be an ISO-8601 instant' }]);
  return ms;
}
