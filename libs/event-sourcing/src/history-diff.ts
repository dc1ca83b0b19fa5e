import { invalid, type DomainEvent, type StoredEvent } from '@pmt/kernel';
import { toDomainEvent, type AggregateDefinition } from './aggregate';

/** A point of a history: a version, or an instant (the events that occurred at or before it). */
export type HistoryPoint = { version: number } | { asOf: string };

/** One path whose value differs. `before` is left out when the path did not exist yet, `after` when it no longer does. */
export interface PathChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface DiffChange extends PathChange {
  /** The event within the range that last changed this path (or a part of it). */
  version: number;
  type: string;
  actor: string;
  occurredAt: string;
}

export interface HistoryDiff {
  from: { version: number; at: string | null };
  to: { version: number; at: string | null };
  changes: DiffChange[];
  /** True when changes were left out to keep the answer small (more than MAX_CHANGES, or their JSON past MAX_DIFF_BYTES). */
  truncated: boolean;
}

export const MAX_CHANGES = 1000;
export const MAX_DIFF_BYTES = 512 * 1024;

/**
 * Field by field, what differs between two values: objects by key, arrays by index, down to the first
 * values that are not both objects or both arrays. Subtrees that are the same object are skipped, which is
 * what makes diffing each step of a long history cheap (evolve shares what it does not change).
 */
export function diffValues(before: unknown, after: unknown, path = '', out: PathChange[] = []): PathChange[] {
  if (before === after) return out;
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= before.length) out.push({ path: p, after: after[i] });
      else if (i >= after.length) out.push({ path: p, before: before[i] });
      else diffValues(before[i], after[i], p, out);
    }
    return out;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      const p = childPath(path, key);
      const had = Object.hasOwn(before, key) && before[key] !== undefined;
      const has = Object.hasOwn(after, key) && after[key] !== undefined;
      if (!had && has) out.push({ path: p, after: after[key] });
      else if (had && !has) out.push({ path: p, before: before[key] });
      else if (had && has) diffValues(before[key], after[key], p, out);
    }
    return out;
  }
  out.push({ path, before, after });
  return out;
}

/**
 * The diff of a history prefix between two points: the state at `from`, the state at `to`, and for each
 * differing path the last event of the range that touched it. `events` is the stream from version 1 up to
 * `to` at least.
 */
export function diffRange<C, E extends DomainEvent, S>(def: AggregateDefinition<C, E, S>, events: readonly StoredEvent[], from: HistoryPoint, to: HistoryPoint): HistoryDiff {
  const toVersion = versionAt(events, to);
  const fromVersion = versionAt(events, from);
  const laterInstant = 'asOf' in from && 'asOf' in to && Date.parse(from.asOf) > Date.parse(to.asOf);
  if (fromVersion > toVersion || laterInstant) {
    throw invalid('HISTORY.DIFF_RANGE', 'from must not come after to', [{ path: 'from', message: 'must not come after to' }]);
  }
  const apply = (state: S, e: StoredEvent) => def.decider.evolve(state, toDomainEvent(def, e));
  let state = def.decider.initialState();
  for (const e of events.slice(0, fromVersion)) state = apply(state, e);
  const start = state;
  // for each path, the index of the last event in the range that changed it
  const touched = new Map<string, number>();
  for (let i = fromVersion; i < toVersion; i++) {
    const next = apply(state, events[i]);
    for (const c of diffValues(state, next)) touched.set(c.path, i);
    state = next;
  }
  const changes: DiffChange[] = [];
  let bytes = 0;
  let truncated = false;
  for (const c of diffValues(start, state)) {
    const e = events[lastTouch(touched, c) ?? toVersion - 1];
    const change: DiffChange = { ...c, version: e.streamVersion, type: e.type, actor: e.actor, occurredAt: e.occurredAt };
    bytes += Buffer.byteLength(JSON.stringify(change));
    if (changes.length >= MAX_CHANGES || bytes > MAX_DIFF_BYTES) {
      truncated = true;
      break;
    }
    changes.push(change);
  }
  return { from: pointOf(events, from, fromVersion), to: pointOf(events, to, toVersion), changes, truncated };
}

function versionAt(events: readonly StoredEvent[], p: HistoryPoint): number {
  if ('version' in p) return p.version;
  const limit = Date.parse(p.asOf);
  let v = 0;
  while (v < events.length && Date.parse(events[v].occurredAt) <= limit) v++;
  return v;
}

function pointOf(events: readonly StoredEvent[], p: HistoryPoint, version: number): { version: number; at: string | null } {
  if ('asOf' in p) return { version, at: p.asOf };
  return { version, at: version > 0 ? events[version - 1].occurredAt : null };
}

/** The latest event that changed this path, a path it is inside of, or (for a whole object or list) a path inside it. */
function lastTouch(touched: Map<string, number>, change: PathChange): number | undefined {
  let last: number | undefined;
  const consider = (i: number | undefined) => {
    if (i !== undefined && (last === undefined || i > last)) last = i;
  };
  const path = change.path;
  consider(touched.get(path));
  for (let end = path.length - 1; end > 0; end--) if (path[end] === '.' || path[end] === '[') consider(touched.get(path.slice(0, end)));
  const whole = (v: unknown) => typeof v === 'object' && v !== null;
  if (whole(change.before) || whole(change.after)) for (const [p, i] of touched) if (isInside(p, path)) consider(i);
  return last;
}

const isInside = (inner: string, outer: string) => outer === '' || (inner.startsWith(outer) && (inner[outer.length] === '.' || inner[outer.length] === '['));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}
