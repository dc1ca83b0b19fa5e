import { invalid, type DomainEvent, type StoredEvent } from '@pmt/kernel';
import { resourceFoldOf, toDomainEvent, type AggregateDefinition } from './aggregate';

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
 * values that are not both objects or both arrays. Subtrees that are the same object are skipped.
 */
export function diffValues(before: unknown, after: unknown): PathChange[] {
  return diffKeyed(before, after).map(({ keys: _keys, ...change }) => change);
}

/** A change with the keys that lead to it, so that its value can be looked up in any state. */
type KeyedChange = PathChange & { keys: (string | number)[] };

function diffKeyed(before: unknown, after: unknown, path = '', keys: (string | number)[] = [], out: KeyedChange[] = []): KeyedChange[] {
  if (before === after) return out;
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= before.length) out.push({ path: p, keys: [...keys, i], after: after[i] });
      else if (i >= after.length) out.push({ path: p, keys: [...keys, i], before: before[i] });
      else diffKeyed(before[i], after[i], p, [...keys, i], out);
    }
    return out;
  }
  if (isRecord(before) && isRecord(after)) {
    const visit = (key: string) => {
      const p = childPath(path, key);
      const had = Object.hasOwn(before, key) && before[key] !== undefined;
      const has = Object.hasOwn(after, key) && after[key] !== undefined;
      if (!had && has) out.push({ path: p, keys: [...keys, key], after: after[key] });
      else if (had && !has) out.push({ path: p, keys: [...keys, key], before: before[key] });
      else if (had && has) diffKeyed(before[key], after[key], p, [...keys, key], out);
    };
    for (const key of Object.keys(before)) visit(key);
    for (const key of Object.keys(after)) if (!Object.hasOwn(before, key)) visit(key);
    return out;
  }
  out.push({ path, keys, before, after });
  return out;
}

/**
 * The diff of a history prefix between two points: the resource at `from`, the resource at `to`, and for each
 * differing path the last event of the range that changed its value (or, for an object, anything in it).
 * `events` is the stream from version 1 up to `to` at least. The work is one fold of the range plus, per
 * event, a look at the (at most MAX_CHANGES) differing paths.
 */
export function diffRange<C, E extends DomainEvent, S, R>(
  def: AggregateDefinition<C, E, S, R>,
  events: readonly StoredEvent[],
  from: HistoryPoint,
  to: HistoryPoint,
): HistoryDiff {
  const toVersion = versionAt(events, to);
  const fromVersion = versionAt(events, from);
  const laterInstant = 'asOf' in from && 'asOf' in to && Date.parse(from.asOf) > Date.parse(to.asOf);
  if (fromVersion > toVersion || laterInstant) {
    throw invalid('HISTORY.DIFF_RANGE', 'from must not come after to', [{ path: 'from', message: 'must not come after to' }]);
  }
  const fold = resourceFoldOf(def);
  const apply = (state: R, e: StoredEvent) => fold.evolve(state, toDomainEvent(def, e));
  let state = fold.initialState();
  for (const e of events.slice(0, fromVersion)) state = apply(state, e);
  // states[k] is the state after version fromVersion + k
  const states: R[] = [state];
  for (let i = fromVersion; i < toVersion; i++) states.push((state = apply(state, events[i])));
  const found = diffKeyed(states[0], state);
  const kept = found.slice(0, MAX_CHANGES);
  const last = kept.map((c) => {
    for (let k = states.length - 1; k > 0; k--) if (differs(valueAt(states[k - 1], c.keys), valueAt(states[k], c.keys))) return fromVersion + k - 1;
    return toVersion - 1;
  });
  const changes: DiffChange[] = [];
  let bytes = 0;
  let truncated = found.length > kept.length;
  for (let j = 0; j < kept.length; j++) {
    const { keys: _keys, ...c } = kept[j];
    const e = events[last[j]];
    const change: DiffChange = { ...c, version: e.streamVersion, type: e.type, actor: e.actor, occurredAt: e.occurredAt };
    bytes += Buffer.byteLength(JSON.stringify(change));
    if (bytes > MAX_DIFF_BYTES) {
      truncated = true;
      break;
    }
    changes.push(change);
  }
  return { from: pointOf(events, from, fromVersion), to: pointOf(events, to, toVersion), changes, truncated };
}

function valueAt(state: unknown, keys: (string | number)[]): unknown {
  let v = state;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** Evolve shares what it does not change, so the same object is unchanged; another object may still hold the same. */
function differs(a: unknown, b: unknown): boolean {
  if (a === b) return false;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) !== JSON.stringify(b);
  return true;
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}
