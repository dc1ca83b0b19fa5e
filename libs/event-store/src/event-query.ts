import { invalid, parseStreamId, type StoredEvent } from '@pmt/kernel';

/** Which events `EventStore.queryEvents` returns; every field given must match (AND). */
export interface EventQuery {
  /** Only streams of these categories (`mou` for `mou-<id>`). Required and not empty: a query never wanders into streams nobody named. */
  categories: readonly string[];
  /** Only these streams (each of one of the categories). */
  streamIds?: readonly string[];
  /** Only events recorded on behalf of this actor. */
  actor?: string;
  /** Only events of these types. */
  types?: readonly string[];
  /** Only events whose recordedAt is at or after this instant (ISO-8601). */
  recordedFrom?: string;
  /** Only events whose recordedAt is before this instant (ISO-8601; exclusive, so a quarter is [1 Jul, 1 Oct)). */
  recordedBefore?: string;
}

export interface QueryEventsOptions {
  /** At most this many events; 1 to MAX_QUERY_LIMIT. */
  limit: number;
  /**
   * Only events at or before this global position (inclusive, and a position this store returned): a caller pages
   * by asking for one event more than it shows and passing that event's position as the next `upTo`. Default: the newest.
   */
  upTo?: number;
}

export const MAX_QUERY_LIMIT = 1000;

/** The query checked, with its instants in the stores' own form (`toISOString`, which sorts as text). */
export type NormalisedQuery = EventQuery;

export function normaliseQuery(query: EventQuery, options: QueryEventsOptions): NormalisedQuery {
  if (!Array.isArray(query.categories) || query.categories.length === 0 || query.categories.some((c) => typeof c !== 'string' || c === '' || c.includes('-'))) {
    throw invalid('EVENT_STORE.INVALID_QUERY', 'a query names at least one stream category (without a dash)', [
      { path: 'categories', message: 'must be a non-empty list of categories' },
    ]);
  }
  if (!Number.isSafeInteger(options.limit) || options.limit < 1 || options.limit > MAX_QUERY_LIMIT) {
    throw invalid('EVENT_STORE.INVALID_QUERY', `limit must be from 1 to ${MAX_QUERY_LIMIT}`, [
      { path: 'limit', message: `must be from 1 to ${MAX_QUERY_LIMIT}` },
    ]);
  }
  if (options.upTo !== undefined && !(Number.isSafeInteger(options.upTo) && options.upTo >= 0)) {
    throw invalid('EVENT_STORE.INVALID_QUERY', 'upTo must be a global position', [{ path: 'upTo', message: 'must be a non-negative integer' }]);
  }
  return {
    ...query,
    ...(query.recordedFrom !== undefined && { recordedFrom: isoInstant(query.recordedFrom, 'recordedFrom') }),
    ...(query.recordedBefore !== undefined && { recordedBefore: isoInstant(query.recordedBefore, 'recordedBefore') }),
  };
}

/** The same filter in memory, for adapters that cannot ask their server for all of it. */
export function matchesQuery(query: NormalisedQuery, event: StoredEvent): boolean {
  const category = parseStreamId(event.streamId)?.category;
  if (category === undefined || !query.categories.includes(category)) return false;
  if (query.streamIds && !query.streamIds.includes(event.streamId)) return false;
  if (query.actor !== undefined && event.actor !== query.actor) return false;
  if (query.types && !query.types.includes(event.type)) return false;
  if (query.recordedFrom !== undefined && event.recordedAt < query.recordedFrom) return false;
  if (query.recordedBefore !== undefined && event.recordedAt >= query.recordedBefore) return false;
  return true;
}

function isoInstant(value: string, path: string): string {
  const ms = Date.parse(value);
  if (typeof value !== 'string' || Number.isNaN(ms))
    throw invalid('EVENT_STORE.INVALID_QUERY', `${path} ${String(value)} is not an ISO-8601 instant`, [{ path, message: 'must be an ISO-8601 instant' }]);
  return new Date(ms).toISOString();
}
